package org.leadroutes.crm;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Close answer says about its endpoint group's rate limit, read from every form Close has
 * used: {@code RateLimit: limit=100, remaining=0, reset=1} (with {@code ,} or {@code ;}),
 * {@code Retry-After}, {@code RateLimit-Reset}, and the deprecated JSON body
 * {@code {"error": {"rate_reset": 0.87, ...}}}.
 *
 * @param remaining calls left in the current window, when the answer said so
 * @param resetSeconds seconds until the window resets, when the answer said so
 */
public record RateLimitSignal(OptionalInt remaining, OptionalDouble resetSeconds) {

    private static final Pattern PART = Pattern.compile("(limit|remaining|reset)\\s*=\\s*([0-9.]+)");
    private static final Pattern LEGACY_RESET = Pattern.compile("\"rate_reset\"\\s*:\\s*([0-9.]+)");

    public static final RateLimitSignal NONE = new RateLimitSignal(OptionalInt.empty(), OptionalDouble.empty());

    /** Reads the signal from response headers (case-insensitive names) and, for a 429, its body. */
    public static RateLimitSignal read(Map<String, Object> headers, String body) {
        OptionalInt remaining = OptionalInt.empty();
        OptionalDouble reset = OptionalDouble.empty();
        String rateLimit = header(headers, "RateLimit");
        if (rateLimit != null) {
            Matcher m = PART.matcher(rateLimit);
            while (m.find()) {
                switch (m.group(1)) {
                    case "remaining" -> remaining = OptionalInt.of((int) Double.parseDouble(m.group(2)));
                    case "reset" -> reset = OptionalDouble.of(Double.parseDouble(m.group(2)));
                    default -> { }
                }
            }
        }
        if (reset.isEmpty()) {
            reset = seconds(header(headers, "RateLimit-Reset"));
        }
        if (reset.isEmpty()) {
            reset = retryAfter(header(headers, "Retry-After"));
        }
        if (reset.isEmpty() && body != null) {
            Matcher m = LEGACY_RESET.matcher(body);
            if (m.find()) {
                reset = OptionalDouble.of(Double.parseDouble(m.group(1)));
            }
        }
        return new RateLimitSignal(remaining, reset);
    }

    /** How long to hold back calls to the group, when the answer said. */
    public Duration resetAfter() {
        return resetSeconds.isPresent()
                ? Duration.ofNanos((long) (resetSeconds.getAsDouble() * 1_000_000_000L))
                : null;
    }

    private static OptionalDouble retryAfter(String value) {
        OptionalDouble seconds = seconds(value);
        if (seconds.isPresent() || value == null) {
            return seconds;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            long millis = Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis();
            return OptionalDouble.of(Math.max(0, millis) / 1000.0);
        } catch (RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    private static OptionalDouble seconds(String value) {
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private static String header(Map<String, Object> headers, String name) {
        for (Map.Entry<String, Object> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                return e.getValue().toString();
            }
        }
        return null;
    }
}
