package org.leadroutes.exporting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.util.URISupport;

/**
 * Turns {@code leads.export.target} into the URI the file is published with. For the file and
 * (s)ftp components it adds {@code tempFileName}: the producer writes under a dot-name and renames
 * only once the file is complete, so nobody ever sees half a file under the final name, and a file already
 * under that name is replaced right before the rename ({@code eagerDeleteTargetFile=false}), not before the upload,
 * so a failed upload leaves it in place. For sftp it
 * checks the server's host key unless the URI says otherwise: {@code strictHostKeyChecking=yes}
 * against {@code leads.export.sftp.known-hosts} (Camel's own default is not to check). Remote
 * connections are closed after the upload ({@code disconnect=true}).
 */
public final class ExportTarget {

    static final String TEMP_FILE_NAME = ".${file:name}.part";

    /** A temporary name of one run's own: {@code .<name>.<tag>.part}. */
    static String tempFileName(String runTag) {
        return ".${file:name}." + runTag + ".part";
    }
    private static final Set<String> RENAMING = Set.of("file", "ftp", "ftps", "sftp");

    private ExportTarget() {
    }

    /** The setting this class reads; every message about the target names it. */
    public static final String KEY = "leads.export.target";

    /**
     * At start-up: whether the target can work at all, without connecting anywhere. A scheme no component
     * answers to, an (s)ftp path Camel would move elsewhere, options the component does not take, a {@code file:}
     * folder that cannot be created or written: an {@link IllegalArgumentException} naming {@value #KEY} and why
     * (no password or option value in it). A server that is down now is the run's failure, not the start's.
     */
    public static void check(CamelContext context, String target, String knownHosts) {
        String scheme = scheme(target);
        if (scheme.isEmpty() || !scheme.matches("[a-z][a-z0-9+.-]*") || context.getComponent(scheme) == null) {
            throw new IllegalArgumentException(KEY + " " + describe(target) + ": no Camel component for the scheme '"
                    + scheme + "' (file:, sftp://, ftp:// and ftps:// are built in)");
        }
        String uri = publishing(target, knownHosts); // the absolute path refused, in its own words
        Endpoint endpoint;
        try {
            endpoint = context.getEndpoint(uri);
        } catch (RuntimeException e) { // unknown options, values of the wrong kind: the component's own words
            throw new IllegalArgumentException(KEY + " " + describe(target) + " cannot be used: "
                    + masked(deepestMessage(e), target)); // not its cause: Camel's words may hold option values
        }
        try {
            if (endpoint instanceof FileEndpoint file) {
                writable(target, file.getFile().toPath());
            }
        } finally {
            try {
                context.removeEndpoint(endpoint); // created for the check: the run creates its own
            } catch (Exception e) {
                // it was never started: nothing to stop
            }
        }
    }

    /** The folder exists (or is created now, as the export would) and a file can be written into it. */
    private static void writable(String target, Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(KEY + " " + describe(target) + ": the folder " + folder.toAbsolutePath()
                    + " cannot be created (" + e + ")", e);
        }
        try {
            Path probe = Files.createTempFile(folder, ".leads-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(KEY + " " + describe(target) + ": the folder " + folder.toAbsolutePath()
                    + " cannot be written (" + e + ")", e);
        }
    }

    /**
     * A message about the target with every value that may be a secret taken out: the password of its user
     * info and the value of each of its options (a misspelt {@code pasword=} too), whatever wrote the message.
     */
    public static String masked(String message, String target) {
        if (message == null || target == null) {
            return message;
        }
        java.util.Set<String> secrets = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher user = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?@]*?:([^/?@]+)@").matcher(target);
        if (user.find()) { // the password of sftp://user:password@host, however short
            secrets.add(user.group(1));
            secrets.add(decoded(user.group(1)));
        }
        int query = target.indexOf('?');
        if (query >= 0) {
            for (String option : target.substring(query + 1).split("&")) {
                int eq = option.indexOf('=');
                String value = eq < 0 ? "" : option.substring(eq + 1);
                // a secret option's value however short; any other one from 4 characters ("yes", "true" are no secrets)
                if (!value.isEmpty() && (value.length() >= 4 || SECRET_OPTION.matcher(option.substring(0, eq)).find())) {
                    secrets.add(value);
                    secrets.add(decoded(value));
                }
            }
        }
        java.util.List<String> longestFirst = new java.util.ArrayList<>(secrets); // a value inside a longer one
        longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
        String result = message;
        for (String secret : longestFirst) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, "xxxxxx");
            }
        }
        return result;
    }

    private static final Pattern SECRET_OPTION = Pattern.compile("(?i)pass|secret|token|credential|apikey|privatekey$");

    private static String decoded(String value) {
        try {
            return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static String deepestMessage(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.contains(cause.getMessage())) {
                message = message + ": " + cause.getMessage();
            }
        }
        return message;
    }

    /** The URI to send the file to, for one process. */
    static String publishing(String target, String knownHosts) {
        return publishing(target, knownHosts, null);
    }

    /**
     * The URI to send the file to.
     *
     * @param runTag several replicas: a tag unique to the run, in its temporary name (a run whose claim was taken
     *               over may still be uploading when the run that took it uploads the same file); null for one
     *               process
     */
    static String publishing(String target, String knownHosts, String runTag) {
        String scheme = scheme(target);
        if (scheme.startsWith("ftp") || scheme.equals("sftp")) {
            // Camel's (s)ftp producer turns "//abs/path" into a path under the login directory, with only
            // a WARN: the run would say "published" for a file that is somewhere else
            String afterHost = target.replaceFirst("^[a-zA-Z]+://[^/?]*", "");
            if (afterHost.startsWith("//")) {
                throw new IllegalArgumentException(KEY + " " + describe(target) + " names an absolute"
                        + " path, which Camel's " + scheme + " component does not support: paths are relative to the"
                        + " login directory. Use a path under it, or a login whose home is the target folder.");
            }
        }
        if (!RENAMING.contains(scheme)) {
            return target; // another component: its own way of writing atomically, if it has one
        }
        StringBuilder uri = new StringBuilder(target);
        if (!has(target, "tempFileName") && !has(target, "tempPrefix")) {
            param(uri, "tempFileName", runTag == null ? TEMP_FILE_NAME : tempFileName(runTag));
        }
        if (!has(target, "eagerDeleteTargetFile") && overrides(target)) {
            // Camel's default deletes a file already under the final name before the upload: a run that then
            // fails, or stops at the claim's confirmation, would leave no file at all. Deleted right before the
            // rename instead, where the claim is confirmed. Only for fileExist=Override (the default), the mode
            // Camel's option is for: Fail, Ignore and Move keep their check before the upload
            param(uri, "eagerDeleteTargetFile", "false");
        }
        if (!scheme.equals("file") && !has(target, "disconnect")) {
            param(uri, "disconnect", "true"); // a nightly upload: no connection left open for a day
        }
        if (scheme.equals("sftp")) {
            if (!has(target, "strictHostKeyChecking")) {
                param(uri, "strictHostKeyChecking", "yes");
            }
            if (!has(target, "knownHostsFile") && !has(target, "knownHosts") && !has(target, "knownHostsUri")
                    && knownHosts != null && !knownHosts.isBlank()) {
                param(uri, "knownHostsFile", knownHosts.trim());
            }
        }
        return uri.toString();
    }

    /** Whether the target replaces a file already under the final name: Camel's {@code fileExist} Override, its default. */
    private static boolean overrides(String target) {
        java.util.regex.Matcher exist = Pattern.compile("[?&]fileExist=([^&]*)", Pattern.CASE_INSENSITIVE).matcher(target);
        return !exist.find() || exist.group(1).equalsIgnoreCase("Override");
    }

    /** For logs and reports: passwords and passphrases masked, query options left out. */
    public static String describe(String target) {
        String sanitized = URISupport.sanitizeUri(target);
        int query = sanitized.indexOf('?');
        return query < 0 ? sanitized : sanitized.substring(0, query);
    }

    static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static boolean has(String uri, String option) {
        return Pattern.compile("[?&]" + Pattern.quote(option) + "=", Pattern.CASE_INSENSITIVE).matcher(uri).find();
    }

    private static void param(StringBuilder uri, String name, String value) {
        uri.append(uri.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(value);
    }
}
