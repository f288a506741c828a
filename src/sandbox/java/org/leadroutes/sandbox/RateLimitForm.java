package org.leadroutes.sandbox;

/** How a 429 is signalled. Close has used all of these over time; clients must cope with each. */
public enum RateLimitForm {
    /** {@code RateLimit: limit=N, remaining=0, reset=S} plus {@code {"error": "..."}}: the current form. */
    RATELIMIT_COMMA,
    /** {@code RateLimit: limit=N; remaining=0; reset=S}: seen on some endpoints. */
    RATELIMIT_SEMICOLON,
    /** {@code Retry-After: <whole seconds, at least 1>} and no other rate header. */
    RETRY_AFTER,
    /** {@code RateLimit-Reset: S} and no other rate header. */
    RATELIMIT_RESET,
    /** No rate headers; {@code {"error": {"rate_reset": S, "rate_limit": N, "rate_window": 1, "message": ...}}} (deprecated). */
    LEGACY_BODY,
    /** {@code RateLimit} header and an empty body. */
    NO_BODY
}
