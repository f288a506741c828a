package org.leadroutes.crm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one rule of what happens after an attempt of a CRM call: send it again, or end the call as
 * succeeded, refused, not applied, or uncertain. Everything that guards data is here; the CRM client
 * route only carries the decision out.
 *
 * <ol>
 *   <li>Which calls are {@linkplain #repeatable(String) repeatable}: reads ({@code GET}, {@code HEAD}, and a search
 *       sent as a {@code POST}) and a {@code PUT}, which sets the fields it names (a merge's patch of empty
 *       fields): sent twice, it leaves the lead as sent once. A {@code POST} that creates is not.</li>
 *   <li>A call that is not {@linkplain CrmRequest#repeatable() repeatable} (a create) whose attempt
 *       may have reached the CRM and been applied ({@link Outcome#mayHaveApplied()}: 500, 502, 504,
 *       no answer, a 2xx that is not the JSON expected ({@link Outcome#GARBLED})) is <b>uncertain</b> and is never sent again, whatever came before it in the same
 *       call. Close has no idempotency key: a second send may create a second lead.</li>
 *   <li>A refusal (400, 401, 403, 404 …) ends the call: sending the same request again cannot help.</li>
 *   <li>A redirect (3xx) ends the call as <b>not applied</b>: it is never followed (a create would become a
 *       {@code GET}, or go where nobody configured), and sending again meets it again.</li>
 *   <li>A 429 is a wait, not a failure: the call is sent again when the pacer allows, spending no
 *       retry, until it has been going for longer than {@code maxWait}; then it was <b>not applied</b>.</li>
 *   <li>A 503 or a connection that was never made (and, for a repeatable read, any failure, a garbled 2xx
 *       among them) is sent
 *       again after an exponential backoff, at most {@code maxRetries} times; then it was <b>not applied</b>.</li>
 *   <li>After the call: a create the CRM refused with a 400 that names fields ({@link CrmValidationException}
 *       with {@code field-errors}) created nothing, so it <b>may be sent once more without those fields</b>
 *       ({@link #mayResendWithout}); any other refusal, or a second one, stands.</li>
 * </ol>
 *
 * @param maxRetries   failures (not 429s) a call may be sent again after
 * @param initialDelay backoff before the first such retry; doubles each time, with jitter
 * @param maxDelay     longest backoff
 * @param maxWait      how long a call may keep waiting for the CRM's permission (429s)
 */
public record RetryRule(int maxRetries, Duration initialDelay, Duration maxDelay, Duration maxWait) {

    /** How a call ends, or that it goes on. */
    public enum Verdict {
        /** The CRM answered 2xx. */
        SUCCEEDED,
        /** Send the call again after {@link Decision#delay()}. */
        RETRY,
        /** The CRM refused the request; nothing was applied. */
        REFUSED,
        /** Nothing was applied, and the call's retries or its wait ran out: safe to send again later. */
        NOT_APPLIED,
        /** The CRM may or may not have applied it; it must not be sent again without a person or a look-up. */
        UNCERTAIN
    }

    /** @param delay backoff before the next attempt (zero unless {@link Verdict#RETRY}); the pacer may add more */
    public record Decision(Verdict verdict, Duration delay, String reason) {
        static Decision of(Verdict verdict, String reason) {
            return new Decision(verdict, Duration.ZERO, reason);
        }
    }

    public RetryRule {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("leads.crm.retry.max-retries must not be negative: " + maxRetries);
        }
    }

    /**
     * Decides after an attempt.
     *
     * @param repeatable whether applying the request twice is harmless (a read)
     * @param earlier    the outcomes of this call's earlier attempts, oldest first
     * @param now        this attempt's outcome
     * @param elapsed    time since the call's first attempt was started
     */
    public Decision decide(boolean repeatable, List<Outcome> earlier, Outcome now, Duration elapsed) {
        if (!repeatable && (now.mayHaveApplied() || earlier.stream().anyMatch(Outcome::mayHaveApplied))) {
            // the loop never sends after such an outcome; stated for any history, so no path can
            return Decision.of(Verdict.UNCERTAIN, "the CRM may or may not have applied it");
        }
        switch (now) {
            case SUCCEEDED -> {
                return Decision.of(Verdict.SUCCEEDED, null);
            }
            case REFUSED -> {
                return Decision.of(Verdict.REFUSED, null);
            }
            case REDIRECTED -> {
                // the same request meets the same redirect: a setting to fix, not a failure to retry; nothing applied
                return Decision.of(Verdict.NOT_APPLIED, "redirected: the client follows no redirect");
            }
            case RATE_LIMITED -> {
                if (elapsed.compareTo(maxWait) >= 0) {
                    return Decision.of(Verdict.NOT_APPLIED, "rate limited for longer than leads.crm.retry.max-wait ("
                            + describe(maxWait) + ")");
                }
                return Decision.of(Verdict.RETRY, "rate limited: waiting for the CRM's permission");
            }
            default -> {
                long spent = earlier.stream().filter(Outcome::spendsRetry).count();
                if (spent >= maxRetries) {
                    return Decision.of(Verdict.NOT_APPLIED, maxRetries == 0 ? "no retries allowed"
                            : "retries exhausted (" + maxRetries + ")");
                }
                return new Decision(Verdict.RETRY, backoff((int) spent + 1), "retry " + (spent + 1) + " of " + maxRetries);
            }
        }
    }

    /**
     * Whether a request of this method may be sent again after an outcome that may have reached the CRM: a read,
     * a {@code PUT} (the same patch twice leaves the record as once) or a {@code DELETE} (a second one of a record
     * already deleted answers 404, which its caller counts as gone). A {@code POST} creates: never; nor a
     * {@code PATCH}, which the client does not send.
     */
    public static boolean repeatable(String method) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /**
     * Whether a create the CRM refused may be sent again without the fields it named: only after a 400 naming
     * fields (a 400 created nothing, so this cannot duplicate), and only once.
     *
     * @param refusal      how the call ended
     * @param resentBefore how often this create was already sent again so
     */
    public static boolean mayResendWithout(CrmException refusal, int resentBefore) {
        return refusal instanceof CrmValidationException validation && !validation.fieldErrors().isEmpty()
                && resentBefore == 0;
    }

    /** The backoff before the n-th retry (1-based): the doubled delay, capped, less up to half of it at random. */
    Duration backoff(int retry) {
        long ceiling = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(retry - 1, 30));
        long floor = ceiling / 2; // "equal jitter": concurrent callers do not come back in lockstep
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }

    private static String describe(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
