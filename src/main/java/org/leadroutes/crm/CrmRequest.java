package org.leadroutes.crm;

import java.util.regex.Pattern;

import org.apache.camel.Exchange;

/**
 * What a caller of {@code direct:crm-call} asks for, kept in the exchange property {@value #PROPERTY}
 * (not in headers: camel-http sends every header as an HTTP header). The payload, a Map or nothing,
 * is the body.
 *
 * @param operation  the operation of the request's rate-limit group, from {@link CrmOperation}'s table: whether it
 *                   may be repeated comes from there, never from the caller
 * @param kept       what of a successful answer the caller keeps: all of it, or only the ids
 */
public record CrmRequest(String method, String path, String query, CrmOperation operation, Kept kept) {

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

    /**
     * A request; whether it may be repeated is its {@link CrmOperation}'s. A method and path of no operation in
     * the table is refused here, before anything is sent.
     */
    public static void set(Exchange exchange, String method, String path, String query) {
        exchange.setProperty(PROPERTY, new CrmRequest(method, path, query, CrmOperation.of(group(method, path)), Kept.WHOLE));
    }

    /**
     * A create ({@code POST}) whose caller keeps only the ids of the answer ({@link Kept#IDS}): the answer's
     * other fields are never held.
     */
    public static void createKeepingIds(Exchange exchange, String path) {
        exchange.setProperty(PROPERTY, new CrmRequest("POST", path, null, CrmOperation.of(group("POST", path)), Kept.IDS));
    }

    /** Close's rate-limit group of this request, e.g. {@code GET /lead/{id}/}. */
    public String group() {
        return operation.group();
    }

    /** Whether it may be sent again after an outcome that may have reached the CRM: its operation's. */
    public boolean repeatable() {
        return operation.repeatable();
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
