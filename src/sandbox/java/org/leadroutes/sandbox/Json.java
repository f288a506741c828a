package org.leadroutes.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** One shared, thread-safe mapper for wire bodies and stored leads. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses any JSON value; throws IOException on malformed input. */
    static Object read(byte[] json) throws IOException {
        return MAPPER.readValue(json, Object.class);
    }

    /** Reads JSON the sandbox wrote itself, so a failure is a bug, not bad input. */
    static Map<String, Object> readMap(byte[] json) {
        try {
            return MAPPER.readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
