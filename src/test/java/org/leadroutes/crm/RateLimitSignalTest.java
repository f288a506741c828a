package org.leadroutes.crm;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitSignalTest {

    private static Map<String, Object> headers(String... nameValue) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.put(nameValue[i], nameValue[i + 1]);
        }
        return h;
    }

    @Test
    void rateLimitHeaderWithCommas() {
        RateLimitSignal s = RateLimitSignal.read(headers("RateLimit", "limit=100, remaining=0, reset=1"), null);
        assertEquals(0, s.remaining().getAsInt());
        assertEquals(1.0, s.resetSeconds().getAsDouble(), 1e-9);
        assertEquals(Duration.ofSeconds(1), s.resetAfter());
    }

    @Test
    void rateLimitHeaderWithSemicolons() {
        RateLimitSignal s = RateLimitSignal.read(headers("RateLimit", "limit=40; remaining=7; reset=3"), null);
        assertEquals(7, s.remaining().getAsInt());
        assertEquals(Duration.ofSeconds(3), s.resetAfter());
    }

    @Test
    void fractionalReset() {
        RateLimitSignal s = RateLimitSignal.read(headers("RateLimit", "limit=100, remaining=12, reset=0.87"), null);
        assertEquals(12, s.remaining().getAsInt());
        assertEquals(Duration.ofMillis(870), s.resetAfter());
    }

    @Test
    void retryAfterSeconds() {
        RateLimitSignal s = RateLimitSignal.read(headers("Retry-After", "3"), null);
        assertTrue(s.remaining().isEmpty(), "Retry-After says nothing of the calls remaining");
        assertEquals(Duration.ofSeconds(3), s.resetAfter());
    }

    @Test
    void retryAfterHttpDateInTheFuture() {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        RateLimitSignal s = RateLimitSignal.read(headers("Retry-After", at), null);
        Duration reset = s.resetAfter();
        // the date has whole-second precision, so the wait is between 9 and 10 seconds
        assertTrue(reset.compareTo(Duration.ofMillis(8_500)) > 0 && reset.compareTo(Duration.ofMillis(10_100)) < 0,
                "reset " + reset + " for " + at);
    }

    @Test
    void retryAfterHttpDateInThePastMeansNoWait() {
        RateLimitSignal s = RateLimitSignal.read(headers("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"), null);
        assertEquals(Duration.ZERO, s.resetAfter());
    }

    @Test
    void rateLimitResetHeader() {
        RateLimitSignal s = RateLimitSignal.read(headers("RateLimit-Reset", "2.5"), null);
        assertEquals(Duration.ofMillis(2500), s.resetAfter());
        assertTrue(s.remaining().isEmpty());
    }

    @Test
    void legacyJsonBody() {
        String body = "{\"error\": {\"rate_reset\": 0.87, \"rate_limit\": 40, \"rate_window\": 1,"
                + " \"message\": \"API call count exceeded for this 1 second window\"}}";
        RateLimitSignal s = RateLimitSignal.read(headers("Content-Type", "application/json"), body);
        assertEquals(Duration.ofMillis(870), s.resetAfter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ratelimit", "RATELIMIT", "Ratelimit", "rateLimit"})
    void rateLimitHeaderNameInAnyCase(String name) {
        RateLimitSignal s = RateLimitSignal.read(headers(name, "limit=100, remaining=4, reset=2"), null);
        assertEquals(4, s.remaining().getAsInt());
        assertEquals(Duration.ofSeconds(2), s.resetAfter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"retry-after", "RETRY-AFTER", "Retry-after"})
    void retryAfterNameInAnyCase(String name) {
        assertEquals(Duration.ofSeconds(3), RateLimitSignal.read(headers(name, "3"), null).resetAfter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ratelimit-reset", "RATELIMIT-RESET"})
    void rateLimitResetNameInAnyCase(String name) {
        assertEquals(Duration.ofMillis(1500), RateLimitSignal.read(headers(name, "1.5"), null).resetAfter());
    }

    @Test
    void noSignalAtAll() {
        RateLimitSignal s = RateLimitSignal.read(headers("Content-Type", "application/json"), "{\"data\": []}");
        assertNull(s.resetAfter());
        assertTrue(s.remaining().isEmpty());
        assertNull(RateLimitSignal.NONE.resetAfter());
    }

    @Test
    void plainErrorBodyIsNoSignal() {
        assertNull(RateLimitSignal.read(headers(), "{\"error\": \"Rate limit exceeded\"}").resetAfter());
    }

    @Test
    void unreadableRetryAfterIsNoSignal() {
        assertNull(RateLimitSignal.read(headers("Retry-After", "soon"), null).resetAfter());
    }

    @Test
    void rateLimitHeaderTakesPrecedenceOverEveryOtherForm() {
        String legacy = "{\"error\": {\"rate_reset\": 9, \"rate_limit\": 40, \"rate_window\": 1}}";
        RateLimitSignal s = RateLimitSignal.read(headers(
                "Retry-After", "7",
                "RateLimit-Reset", "8",
                "RateLimit", "limit=100, remaining=0, reset=1"), legacy);
        assertEquals(Duration.ofSeconds(1), s.resetAfter());
        assertEquals(0, s.remaining().getAsInt());
    }

    @Test
    void headersTakePrecedenceOverTheLegacyBody() {
        String legacy = "{\"error\": {\"rate_reset\": 9, \"rate_limit\": 40, \"rate_window\": 1}}";
        assertEquals(Duration.ofSeconds(4), RateLimitSignal.read(headers("Retry-After", "4"), legacy).resetAfter());
    }

    @Test
    void rateLimitHeaderWithoutResetFallsBackToRetryAfter() {
        RateLimitSignal s = RateLimitSignal.read(headers(
                "RateLimit", "limit=100, remaining=0", "Retry-After", "2"), null);
        assertEquals(0, s.remaining().getAsInt());
        assertEquals(Duration.ofSeconds(2), s.resetAfter());
    }
}
