package org.leadroutes.exporting;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.util.URISupport;

/**
 * Turns {@code leads.export.target} into the URI the file is published with. For the file and
 * (s)ftp components it adds {@code tempFileName}: the producer writes under a dot-name and renames
 * only once the file is complete, so nobody ever sees half a file under the final name. For sftp it
 * checks the server's host key unless the URI says otherwise: {@code strictHostKeyChecking=yes}
 * against {@code leads.export.sftp.known-hosts} (Camel's own default is not to check). Remote
 * connections are closed after the upload ({@code disconnect=true}).
 */
public final class ExportTarget {

    static final String TEMP_FILE_NAME = ".${file:name}.part";
    private static final Set<String> RENAMING = Set.of("file", "ftp", "ftps", "sftp");

    private ExportTarget() {
    }

    /** The URI to send the file to. */
    static String publishing(String target, String knownHosts) {
        String scheme = scheme(target);
        if (scheme.startsWith("ftp") || scheme.equals("sftp")) {
            // Camel's (s)ftp producer turns "//abs/path" into a path under the login directory, with only
            // a WARN: the run would say "published" for a file that is somewhere else
            String afterHost = target.replaceFirst("^[a-zA-Z]+://[^/?]*", "");
            if (afterHost.startsWith("//")) {
                throw new IllegalArgumentException("leads.export.target " + describe(target) + " names an absolute"
                        + " path, which Camel's " + scheme + " component does not support: paths are relative to the"
                        + " login directory. Use a path under it, or a login whose home is the target folder.");
            }
        }
        if (!RENAMING.contains(scheme)) {
            return target; // another component: its own way of writing atomically, if it has one
        }
        StringBuilder uri = new StringBuilder(target);
        if (!has(target, "tempFileName") && !has(target, "tempPrefix")) {
            param(uri, "tempFileName", TEMP_FILE_NAME);
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
