package org.leadroutes.sandbox;

/**
 * A token bucket for one endpoint group: {@code rate} tokens a second, holding at most one second's
 * worth, so a quiet client may burst that much. It says nothing while it admits; a refusal reports
 * the time until the next token as its reset.
 */
final class TokenBucket {
    private static final long SECOND = 1_000_000_000L;

    private final int rate;
    private double tokens;
    private long last;

    TokenBucket(int rate, long nowNanos) {
        this.rate = rate;
        this.tokens = rate;
        this.last = nowNanos;
    }

    synchronized RateLimitWindow.Decision acquire(long nowNanos) {
        tokens = Math.min(rate, tokens + (nowNanos - last) / (double) SECOND * rate);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return new RateLimitWindow.Decision(true, rate, (int) tokens, 0);
        }
        long untilToken = (long) Math.ceil((1 - tokens) / rate * SECOND);
        return new RateLimitWindow.Decision(false, rate, 0, untilToken);
    }
}
