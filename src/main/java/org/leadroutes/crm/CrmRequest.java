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
        return method + " " + ID_SEGMENT.matcher(path).replaceAll("/{id}");
    }

    static boolean idempotent(Exchange exchange) {
        return "GET".equals(exchange.getProperty(METHOD, String.class));
    }
}
