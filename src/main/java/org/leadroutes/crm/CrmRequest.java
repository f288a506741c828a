package org.leadroutes.crm;

import java.util.regex.Pattern;

import org.apache.camel.Exchange;

/**
 * The exchange properties a caller of {@code direct:crm-call} sets. Properties rather than headers,
 * because camel-http sends every header as an HTTP header.
 */
public final class CrmRequest {
    public static final String METHOD = "CrmMethod";
    public static final String PATH = "CrmPath";
    public static final String QUERY = "CrmQuery";
    public static final String PAYLOAD = "CrmPayload";
    public static final String GROUP = "CrmGroup";
    /** Optional: an AtomicInteger the client counts its retries in, for reports. */
    public static final String RETRY_COUNTER = "CrmRetryCounter";

    // a Close id is a type prefix and a random part (lead_IIDHIStm...); it only ever follows the
    // resource name, so the first segment (custom_field, email_template) is never folded
    private static final Pattern ID_SEGMENT = Pattern.compile("/[a-z]+_[A-Za-z0-9]+(?=/|$)");

    private CrmRequest() {
    }

    public static void set(Exchange exchange, String method, String path, String query) {
        exchange.setProperty(METHOD, method);
        exchange.setProperty(PATH, path);
        exchange.setProperty(QUERY, query);
        exchange.setProperty(GROUP, group(method, path));
    }

    /** Close's rate-limit group: the method and the path with record ids folded, e.g. {@code GET /lead/{id}/}. */
    public static String group(String method, String path) {
        int resourceEnd = path.indexOf('/', 1);
        if (resourceEnd < 0) {
            return method + " " + path;
        }
        String afterResource = ID_SEGMENT.matcher(path.substring(resourceEnd)).replaceAll("/{id}");
        return method + " " + path.substring(0, resourceEnd) + afterResource;
    }

    static boolean idempotent(Exchange exchange) {
        return "GET".equals(exchange.getProperty(METHOD, String.class));
    }
}
