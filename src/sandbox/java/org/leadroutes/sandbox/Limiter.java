package org.leadroutes.sandbox;

import java.util.Locale;

/** The shape of the sandbox's per-key rate limit. */
public enum Limiter {
    /** A fixed one-second window, announced on every answer ({@code RateLimit: limit, remaining, reset}). */
    WINDOW,
    /** A token bucket (a second's worth of burst) that announces nothing until it refuses. */
    BUCKET;

    public static Limiter parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
