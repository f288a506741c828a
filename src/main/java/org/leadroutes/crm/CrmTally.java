package org.leadroutes.crm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the CRM calls of one piece of work (a drop, an export run) met, for its report. The
 * caller puts it in the exchange property {@value #PROPERTY}; every call on that exchange adds to it.
 */
public final class CrmTally {

    public static final String PROPERTY = "CrmTally";

    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    /** Attempts sent again, after a 429 or a failure. */
    public long retries() {
        return retries.get();
    }

    /** Answers that were 429. */
    public long rateLimited() {
        return rateLimited.get();
    }

    void attempted(Outcome outcome, boolean again) {
        if (outcome == Outcome.RATE_LIMITED) {
            rateLimited.incrementAndGet();
        }
        if (again) {
            retries.incrementAndGet();
        }
    }
}
