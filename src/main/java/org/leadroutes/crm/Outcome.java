package org.leadroutes.crm;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;

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
    /** 4xx other than 429 (400, 401, 403, 404 …): the CRM looked at the request and refused it. */
    REFUSED(false),
    /**
     * 3xx: the address answers with a redirect (leads.crm.url moved, http to https, a login page). The request was
     * not handled there, and the client follows no redirect: a create would become a GET, or go to a host nobody
     * configured. Sending it again cannot help until the setting is fixed.
     */
    REDIRECTED(false),
    /** 500, 502, 504: something failed somewhere between the gateway and the CRM, perhaps after the work was done. */
    SERVER_ERROR(true),
    /**
     * 2xx whose body is not the JSON object the call expects: another content type (an HTML page from a proxy),
     * a body that does not parse, one cut short, none at all. Something answered "OK" without the CRM's answer:
     * the work may have been done, so a create so met is uncertain; a read is sent again like after a 5xx.
     */
    GARBLED(true),
    /** Sent, and no answer came: the connection closed, reset, or the response timed out. */
    NO_ANSWER(true);

    private static final ObjectReader OBJECT = Json.MAPPER.readerFor(Map.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
     * JSON content type, or none named) is an answer; anything else is {@link #GARBLED}.
     */
    @SuppressWarnings("unchecked")
    public static Answer read(int status, String contentType, String body) {
        String code = Integer.toString(status);
        if (status == 429) {
            return new Answer(RATE_LIMITED, null, code);
        }
        if (status == 503) {
            return new Answer(UNAVAILABLE, null, code);
        }
        if (status == 500 || status == 502 || status == 504) {
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
        if (body == null || body.isBlank()) {
            return new Answer(GARBLED, null, code + " with no body");
        }
        try {
            return new Answer(SUCCEEDED, (Map<String, Object>) OBJECT.readValue(body), code);
        } catch (JsonEOFException e) {
            return new Answer(GARBLED, null, code + " with JSON cut short");
        } catch (IOException e) { // not JSON, or JSON but not an object
            return new Answer(GARBLED, null, code + " with a body that is not a JSON object");
        }
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
