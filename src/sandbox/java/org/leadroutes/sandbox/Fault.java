package org.leadroutes.sandbox;

import java.util.Locale;

/** A failure the sandbox can inject into a matching request (see {@link Faults}). */
public enum Fault {
    /** 503 with a JSON body: transient, safe to retry. */
    STATUS_503,
    /** 429 in the configured {@link RateLimitForm}, reset 0.2 s. */
    STATUS_429,
    /** Performs the request (a POST /lead/ stores the lead), then answers 502 with an HTML body, like a gateway losing the answer. */
    CREATED_THEN_502,
    /** Performs the request, then closes the connection without answering, like a proxy dropping it. */
    CREATED_THEN_CLOSE,
    /** Performs the request, then answers only after 65 s: past the client's response timeout. */
    CREATED_THEN_TIMEOUT,
    /** 504 with an HTML body, without performing the request. */
    STATUS_504,
    /** 400 with Close's validation body, as for a payload the CRM refuses. */
    STATUS_400,
    /** 400 with Close's validation body naming no field, as for a plan limit: nothing to leave out. */
    STATUS_400_UNNAMED,
    /** 401, as for a revoked API key. */
    STATUS_401,
    /** 500 with a JSON body. */
    STATUS_500,
    /** 301 with a {@code Location} (the same path under {@code /moved} on the sandbox), without performing the request. */
    STATUS_301,
    /** 200 with an HTML page, without performing the request: a proxy, a captive portal or a maintenance page answering. */
    HTML_200,
    /** Performs the request (a POST /lead/ stores the lead), then answers 200 with an HTML page instead of the JSON. */
    CREATED_THEN_HTML_200,
    /** Performs the request, then answers 200 with its JSON cut short (half of it), as a dropped proxy buffer does. */
    CREATED_THEN_TRUNCATED_200,
    /** Sleeps 65 s (or until the sandbox closes) before answering 504, to exercise client timeouts. */
    HANG;

    /** Reads {@code 503}, {@code 429}, {@code 400-unnamed}, {@code created-then-502}, {@code STATUS_503} … as a fault. */
    public static Fault parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return name.matches("\\d{3}(_[A-Z]+)?") ? valueOf("STATUS_" + name) : valueOf(name);
    }
}
