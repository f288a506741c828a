package org.leadroutes.sandbox;

/** A failure the sandbox can inject into the next matching request (see {@link Faults}). */
public enum Fault {
    /** 503 with a JSON body: transient, safe to retry. */
    STATUS_503,
    /** 429 in the configured {@link RateLimitForm}, reset 0.2 s. */
    STATUS_429,
    /** Performs the request (a POST /lead/ stores the lead), then answers 502 with an HTML body, like a gateway losing the answer. */
    CREATED_THEN_502,
    /** 504 with an HTML body, without performing the request. */
    STATUS_504,
    /** 400 with Close's validation body, as for a payload the CRM refuses. */
    STATUS_400,
    /** 401, as for a revoked API key. */
    STATUS_401,
    /** 500 with a JSON body. */
    STATUS_500,
    /** Sleeps 30 s (or until the sandbox closes) before answering 504, to exercise client timeouts. */
    HANG
}
