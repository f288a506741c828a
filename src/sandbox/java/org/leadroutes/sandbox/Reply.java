package org.leadroutes.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer before it is written; the pipeline may still add rate-limit headers. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";

    static Reply json(int status, Object value) {
        return new Reply(status, JSON, Json.write(value), Map.of());
    }

    /** Close's plain error shape: {@code {"error": "..."}}. */
    static Reply error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /** Close's validation shape: {@code {"errors": [...], "field-errors": {...}}}. */
    static Reply validation(Iterable<String> errors, Map<String, String> fieldErrors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", errors);
        body.put("field-errors", fieldErrors);
        return json(400, body);
    }

    static Reply html(int status, String html) {
        return new Reply(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Not an answer: the connection is closed without one, as a proxy that drops it does. */
    static final Reply NONE = new Reply(0, null, new byte[0], Map.of());

    static Reply empty(int status) {
        return new Reply(status, null, new byte[0], Map.of());
    }

    Reply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, contentType, body, copy);
    }
}
