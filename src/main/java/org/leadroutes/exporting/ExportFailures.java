package org.leadroutes.exporting;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmOutageException;
import org.leadroutes.crm.CrmValidationException;

/** What a failed export run says: why it failed and what to do, decided by the failure's type. */
final class ExportFailures {

    private ExportFailures() {
    }

    /** Why a run failed, and what to do, decided by the failure's type. */
    static String explain(Exception e, ExportRun run, ExportSettings settings) {
        if (e == null) {
            return "unknown failure";
        }
        CrmValidationException refused = ExceptionUtils.throwableOfType(e, CrmValidationException.class);
        String advice = refused == null || run == null ? null : run.pages().refused(refused);
        if (advice != null) {
            return advice;
        }
        CrmException crm = ExceptionUtils.throwableOfType(e, CrmException.class);
        if (crm instanceof CrmOutageException outage) { // unreachable, 5xx or 429 past the retries, key refused
            return outage.getMessage() + ": " + outage.advice();
        }
        if (crm != null) {
            return crm.getMessage() + " (retries exhausted or refused by the CRM)";
        }
        String error = withRootCause(e);
        if (run == null) { // its state folder, its file name, the last success it reads: nothing was read yet
            return "the run could not open: " + error;
        }
        PublishFailure publishing = PublishFailure.of(e);
        if (publishing == PublishFailure.HOST_KEY) {
            return error + ". The SFTP server's host key is missing from known_hosts or differs from it ("
                    + settings.knownHosts() + ", or the URI's knownHostsFile): nothing was uploaded. Check the"
                    + " key with the server's owner, then add it (ssh-keyscan -p PORT HOST >> known_hosts).";
        }
        if (publishing == PublishFailure.LOGIN) {
            return error + ". The SFTP server refused the login: check the user name in the URI and that"
                    + " the public key of its privateKeyFile is in that user's authorized_keys on the server;"
                    + " nothing was uploaded.";
        }
        String server = host(settings.target());
        if (publishing == PublishFailure.UNKNOWN_HOST) {
            return "unknown host " + server + ": its name does not resolve (" + error + "). Check the host in "
                    + ExportTarget.KEY + " and the DNS; nothing was uploaded.";
        }
        if (publishing == PublishFailure.REFUSED) {
            return "connection refused by " + server + ": nothing listens there, or no route leads there (" + error
                    + "). Check the host and port in " + ExportTarget.KEY + " and that the server is up; nothing was"
                    + " uploaded.";
        }
        if (publishing == PublishFailure.TIMED_OUT) {
            return "no answer from " + server + " in time (" + error + "). Check the network and that the server is"
                    + " up; nothing was uploaded.";
        }
        return error;
    }

    /** The target's host and port as the user wrote them (no user, no password), or the described target. */
    private static String host(String target) {
        try {
            java.net.URI uri = new java.net.URI(target);
            if (uri.getHost() != null) {
                return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            }
        } catch (java.net.URISyntaxException e) {
            // not a URI java.net reads: the whole target, described
        }
        return ExportTarget.describe(target);
    }

    /** The component's own words (they name the host), and the root cause's when they differ. */
    private static String withRootCause(Exception e) {
        String message = words(e);
        Throwable root = ExceptionUtils.getRootCause(e);
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            return message + ": " + words(root);
        }
        return message;
    }

    /** Its message; a file system's failure names its kind too (its message is only the file's name). */
    private static String words(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

}
