package org.leadroutes.crm;

import java.util.regex.Pattern;

import org.apache.camel.Exchange;

/**
 * What a caller of {@code direct:crm-call} asks for, kept in the exchange property {@value #PROPERTY}
 * (not in headers: camel-http sends every header as an HTTP header). The payload, a Map or nothing,
 * is the body.
 *
 * @param group      Close's rate-limit group: the method and the path with record ids folded
 * @param repeatable whether applying the request twice is harmless, so that it may be sent again after an
 *                   outcome that may have reached the CRM: reads are (a GET, or a search sent as a POST), and so
 *                   is a PUT of a patch; a create is not ({@link RetryRule#repeatable})
 */
public record CrmRequest(String method, String path, String query, String group, boolean repeatable) {

    public static final String PROPERTY = "CrmRequest";
    /**
     * Exchange property: {@code true} makes the calls of the exchange probes (the readiness check), which a
     * failure ends at once instead of after the {@link RetryRule}'s retries: readiness says how the CRM is now.
     */
    public static final String PROBE = "CrmProbe";

    // a Close id is a type prefix and a random part (lead_IIDHIStm...); it only ever follows the
    // resource name, so the first segment (custom_field, email_template) is never folded
    private static final Pattern ID_SEGMENT = Pattern.compile("/[a-z]+_[A-Za-z0-9]+(?=/|$)");

    /** A request whose method says whether it may be repeated ({@link RetryRule#repeatable}: a read, a PUT). */
    public static void set(Exchange exchange, String method, String path, String query) {
        exchange.setProperty(PROPERTY, new CrmRequest(method, path, query, group(method, path),
                RetryRule.repeatable(method)));
    }

    /** A read sent with another method, e.g. Advanced Filtering's {@code POST /data/search/}: it changes nothing. */
    public static void read(Exchange exchange, String method, String path, String query) {
        exchange.setProperty(PROPERTY, new CrmRequest(method, path, query, group(method, path), true));
    }

    static CrmRequest of(Exchange exchange) {
        CrmRequest request = exchange.getProperty(PROPERTY, CrmRequest.class);
        if (request == null) {
            throw new IllegalStateException("direct:crm-call needs CrmRequest.set(...) first");
        }
        return request;
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
}
