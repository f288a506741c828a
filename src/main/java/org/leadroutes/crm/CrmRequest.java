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
 * @param kept       what of a successful answer the caller keeps: all of it, or only the ids
 */
public record CrmRequest(String method, String path, String query, String group, boolean repeatable, Kept kept) {

    /**
     * What of a successful answer's JSON object the caller keeps. An answer is classified the same either way
     * ({@link Outcome#read}); only what is held of it differs.
     */
    public enum Kept {
        /** The whole object, as nested maps and lists. */
        WHOLE,
        /**
         * Only the record's {@value #ID} and each of its {@value #CONTACTS}' {@value #ID}, in order (a contact
         * that is not an object kept as null), read from the answer's stream: the answer to a create of a lead
         * with 50,000 contacts is some 31 MB of JSON, of which the import needs the ids.
         */
        IDS;

        /** The field of a record's id. */
        public static final String ID = "id";
        /** The field of a lead's contacts. */
        public static final String CONTACTS = "contacts";
    }

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
                RetryRule.repeatable(method), Kept.WHOLE));
    }

    /**
     * A create ({@code POST}) whose caller keeps only the ids of the answer ({@link Kept#IDS}): the answer's
     * other fields are never held.
     */
    public static void createKeepingIds(Exchange exchange, String path) {
        exchange.setProperty(PROPERTY, new CrmRequest("POST", path, null, group("POST", path),
                RetryRule.repeatable("POST"), Kept.IDS));
    }

    /** A read sent with another method, e.g. Advanced Filtering's {@code POST /data/search/}: it changes nothing. */
    public static void read(Exchange exchange, String method, String path, String query) {
        exchange.setProperty(PROPERTY, new CrmRequest(method, path, query, group(method, path), true, Kept.WHOLE));
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
