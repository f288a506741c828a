package org.leadroutes.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler needs from one HTTP request; headers other than Content-Type stay out on purpose (credentials). */
record ApiRequest(String method, String path, Map<String, String> query, String contentType, byte[] body,
                  String pathParam) {

    static ApiRequest of(String method, String path, String rawQuery, String contentType, byte[] body) {
        return new ApiRequest(method, path, parseQuery(rawQuery), contentType, body, null);
    }

    ApiRequest withPathParam(String value) {
        return new ApiRequest(method, path, query, contentType, body, value);
    }

    /** A query parameter, or null when absent; a repeated parameter keeps its first value. */
    String param(String name) {
        return query.get(name);
    }

    /** An integer query parameter; a value that is not one ends the request with 400. */
    int intParam(String name, int defaultValue) {
        String value = param(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer");
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return part; // a stray '%' is kept literally rather than failing the request
        }
    }
}
