package org.leadroutes.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Fixed one-second window counter for one endpoint group; the window opens with its first request. */
final class RateLimitWindow {
    static final long WINDOW_NANOS = 1_000_000_000L;

    private long windowStart;
    private int count;
    private boolean started;

    synchronized Decision acquire(int limit, long nowNanos) {
        if (!started || nowNanos - windowStart >= WINDOW_NANOS) {
            started = true;
            windowStart = nowNanos;
            count = 0;
        }
        count++;
        return new Decision(count <= limit, limit, Math.max(0, limit - count), windowStart + WINDOW_NANOS - nowNanos);
    }

    /** Outcome of one request against the window; also what a 429 reports. */
    record Decision(boolean allowed, int limit, int remaining, long resetNanos) {

        /** Seconds until the window ends, rounded up to the millisecond so a client never sleeps too little. */
        BigDecimal resetSeconds() {
            BigDecimal seconds = BigDecimal.valueOf(Math.max(0, resetNanos), 9).setScale(3, RoundingMode.CEILING);
            return seconds.signum() == 0 ? BigDecimal.ZERO : seconds.stripTrailingZeros();
        }

        /** The {@code RateLimit} header value, parts separated by {@code ", "} or {@code "; "}. */
        String header(String separator) {
            return "limit=" + limit + separator + "remaining=" + remaining + separator + "reset="
                    + resetSeconds().toPlainString();
        }

        /** Whole seconds for {@code Retry-After}, which cannot express fractions: at least 1. */
        long retryAfterSeconds() {
            return Math.max(1, resetSeconds().setScale(0, RoundingMode.CEILING).longValueExact());
        }
    }
}
