package org.leadroutes.crm;

/**
 * What one attempt of a CRM call came to, as far as the next attempt is concerned: above all,
 * whether the CRM may have applied it.
 */
public enum Outcome {
    /** 2xx. */
    SUCCEEDED(false),
    /** 429: refused before any work was done; the CRM asks us to wait. */
    RATE_LIMITED(false),
    /** 503: the CRM did no work and says so. */
    UNAVAILABLE(false),
    /** The connection could not be made (refused, unknown host, connect timeout): nothing left this machine. */
    NOT_SENT(false),
    /** 4xx other than 429 (400, 401, 403, 404 …): the CRM looked at the request and refused it. */
    REFUSED(false),
    /** 500, 502, 504: something failed somewhere between the gateway and the CRM, perhaps after the work was done. */
    SERVER_ERROR(true),
    /** Sent, and no answer came: the connection closed, reset, or the response timed out. */
    NO_ANSWER(true);

    private final boolean mayHaveApplied;

    Outcome(boolean mayHaveApplied) {
        this.mayHaveApplied = mayHaveApplied;
    }

    /** Whether the CRM may have done the work although we cannot tell: a create so met is never sent again. */
    public boolean mayHaveApplied() {
        return mayHaveApplied;
    }

    /** Whether sending again spends the call's retry count; waiting on a rate limit is bounded by time instead. */
    boolean spendsRetry() {
        return this == UNAVAILABLE || this == NOT_SENT || this == SERVER_ERROR || this == NO_ANSWER;
    }
}
