package org.leadroutes.crm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * What one attempt of a CRM call came to, as far as the next attempt is concerned: above all,
 * whether the CRM may have applied it. {@link #of} is the one place an HTTP answer becomes an outcome.
 */
public enum Outcome {
    /** 2xx with the JSON object every call of the CRM expects. */
    SUCCEEDED(false),
    /** 429: refused before any work was done; the CRM asks us to wait. */
    RATE_LIMITED(false),
    /** 503: the CRM did no work and says so. */
    UNAVAILABLE(false),
    /** The connection could not be made (refused, unknown host, connect timeout): nothing left this machine. */
    NOT_SENT(false),
    /**
     * 4xx other than 429 (400, 401, 403, 404 …), and 501 and 505 (the server does not do the method or the HTTP
     * version at all): the CRM looked at the request and refused it.
     */
    REFUSED(false),
    /**
     * 3xx: the address answers with a redirect (leads.crm.url moved, http to https, a login page). The request was
     * not handled there, and the client follows no redirect: a create would become a GET, or go to a host nobody
     * configured. Sending it again cannot help until the setting is fixed.
     */
    REDIRECTED(false),
    /**
     * 5xx but 503, 501 and 505 (500, 502, 504, a CDN's 520-527, 599): something failed somewhere between the gateway and
     * the CRM, perhaps after the work was done.
     */
    SERVER_ERROR(true),
    /**
     * 2xx whose body is not the JSON object the call expects: another content type (an HTML page from a proxy),
     * a body that does not parse, one cut short, none at all. Something answered "OK" without the CRM's answer:
     * the work may have been done, so a create so met is uncertain; a read is sent again like after a 5xx.
     */
    GARBLED(true),
    /** Sent, and no answer came: the connection closed, reset, or the response timed out. */
    NO_ANSWER(true);

    private static final int NOT_IMPLEMENTED = 501;
    private static final int VERSION_NOT_SUPPORTED = 505;

    private final boolean mayHaveApplied;

    Outcome(boolean mayHaveApplied) {
        this.mayHaveApplied = mayHaveApplied;
    }

    /** Whether the CRM may have done the work although we cannot tell: a create so met is never sent again. */
    public boolean mayHaveApplied() {
        return mayHaveApplied;
    }

    /** Whether sending again spends the call's retry count; waiting on a rate limit is bounded by time instead. */
    boolean spendsRetry() {
        return this == UNAVAILABLE || this == NOT_SENT || this == SERVER_ERROR || this == GARBLED || this == NO_ANSWER;
    }

    /**
     * An HTTP answer read: its outcome; the JSON object when it {@link #SUCCEEDED}; and the answer in a few words
     * for messages ({@code 502}, {@code 200 with text/html, not JSON}, {@code 200 with JSON cut short}).
     */
    public record Answer(Outcome outcome, Map<String, Object> json, String what) {
    }

    /** The outcome of an HTTP answer: {@link #read}'s, for a table of answers. */
    public static Outcome of(int status, String contentType, String body) {
        return read(status, contentType, body).outcome();
    }

    /**
     * Reads an HTTP answer of the CRM: the status decides, and for a 2xx the body too: only a JSON object (in a
     * JSON content type, or none named) is an answer; anything else is {@link #GARBLED}. The whole object is kept.
     */
    public static Answer read(int status, String contentType, String body) {
        return read(status, contentType,
                body == null ? null : new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                CrmRequest.Kept.WHOLE);
    }

    /**
     * {@link #read(int, String, String)} of an answer's stream (closed here), keeping what the caller keeps of a
     * success: the outcome is the same whatever is kept; with {@link CrmRequest.Kept#IDS} the rest of the object is
     * read through (so a body cut short or not JSON is still {@link #GARBLED}) and never held.
     */
    @SuppressWarnings("unchecked")
    public static Answer read(int status, String contentType, InputStream body, CrmRequest.Kept kept) {
        String code = Integer.toString(status);
        if (status == 429) {
            return new Answer(RATE_LIMITED, null, code);
        }
        if (status == 503) {
            return new Answer(UNAVAILABLE, null, code);
        }
        if (status >= 500 && status != NOT_IMPLEMENTED && status != VERSION_NOT_SUPPORTED) {
            return new Answer(SERVER_ERROR, null, code);
        }
        if (status >= 300 && status < 400) {
            return new Answer(REDIRECTED, null, code);
        }
        if (status < 200 || status >= 300) {
            return new Answer(REFUSED, null, code);
        }
        String type = mediaType(contentType);
        if (type != null && !type.equals("application/json") && !type.endsWith("+json")) {
            return new Answer(GARBLED, null, code + " with " + type + ", not JSON");
        }
        if (body == null) {
            return new Answer(GARBLED, null, code + " with no body");
        }
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Answer(GARBLED, null, code + " with no body");
            }
            if (first != JsonToken.START_OBJECT) {
                return new Answer(GARBLED, null, code + " with a body that is not a JSON object");
            }
            Map<String, Object> json = kept == CrmRequest.Kept.IDS ? ids(parser) : parser.readValueAs(Map.class);
            if (parser.nextToken() != null) { // more after the object
                return new Answer(GARBLED, null, code + " with a body that is not a JSON object");
            }
            return new Answer(SUCCEEDED, json, code);
        } catch (JsonEOFException e) {
            return new Answer(GARBLED, null, code + " with JSON cut short");
        } catch (IOException e) { // not JSON
            return new Answer(GARBLED, null, code + " with a body that is not a JSON object");
        }
    }

    /** The object the parser is at the start of, keeping only {@link CrmRequest.Kept#IDS}'s fields. */
    private static Map<String, Object> ids(JsonParser parser) throws IOException {
        Map<String, Object> kept = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (CrmRequest.Kept.ID.equals(name)) {
                kept.put(name, parser.readValueAs(Object.class));
            } else if (CrmRequest.Kept.CONTACTS.equals(name) && value == JsonToken.START_ARRAY) {
                kept.put(name, contactIds(parser));
            } else {
                if (CrmRequest.Kept.CONTACTS.equals(name)) {
                    kept.remove(name); // the last one counts, as when the whole object is read
                }
                parser.skipChildren();
            }
        }
        return kept;
    }

    /** The contacts array the parser is at the start of: each contact's id alone, a contact not an object null. */
    private static List<Object> contactIds(JsonParser parser) throws IOException {
        List<Object> contacts = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new JsonEOFException(parser, null, "the contacts array is cut short");
            }
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                contacts.add(null);
                continue;
            }
            Map<String, Object> contact = new LinkedHashMap<>(2);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (CrmRequest.Kept.ID.equals(name)) {
                    contact.put(name, parser.readValueAs(Object.class));
                } else {
                    parser.skipChildren();
                }
            }
            contacts.add(contact);
        }
        return contacts;
    }

    /** {@code text/html} of {@code text/HTML; charset=utf-8}; null when none is named. */
    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
