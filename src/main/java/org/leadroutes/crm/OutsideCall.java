package org.leadroutes.crm;

import java.io.IOException;

/**
 * A read whose transport is the caller's, not {@code direct:crm-call}: Close's bulk export file, fetched from the
 * signed link its job gave ({@link CrmOperation#DOWNLOAD_BULK_EXPORT}). The link is no CRM endpoint: no key goes
 * with it and Close's rate limits do not apply, so nothing paces it; but each attempt's outcome goes through the
 * same {@link RetryRule} (from the operation's row in {@link CrmOperation}'s table) and counts in the run's
 * {@link CrmTally} and the process's {@link CrmTraffic}, like any call. One instance is one call: its attempts
 * until the rule says it succeeded or ended. Made by {@link CrmAnswers#outside}.
 */
public final class OutsideCall {

    /** The rate-limit group under which the bulk export's downloads are counted: no path, the link is a secret. */
    static final String BULK_EXPORT_FILE = "GET {bulk export file}";

    private final CrmCall call;
    private final CrmAnswers answers;

    OutsideCall(CrmCall call, CrmAnswers answers) {
        this.call = call;
        this.answers = answers;
    }

    /**
     * An HTTP answer whose body the caller read itself: its status decides the outcome. Only a 200 hands over a file
     * whole; another 2xx (a proxy's 204, a partial 206) is {@link Outcome#GARBLED}, as a body that is not the file.
     */
    public RetryRule.Decision answered(int status) {
        Outcome outcome = status == 200 ? Outcome.SUCCEEDED
                : status >= 200 && status < 300 ? Outcome.GARBLED : Outcome.of(status, null, null);
        return answers.decide(call, outcome, String.valueOf(status));
    }

    /** A 200 whose body is not what was asked for (not the file: an HTML page, another format): asked again. */
    public RetryRule.Decision garbled(String what) {
        return answers.decide(call, Outcome.GARBLED, what);
    }

    /**
     * The attempt failed without an answer, or while its body was read: the exception's type decides whether it
     * was sent at all.
     */
    public RetryRule.Decision failed(IOException e) {
        boolean notSent = CrmAnswers.notSent(e);
        return answers.decide(call, notSent ? Outcome.NOT_SENT : Outcome.NO_ANSWER, notSent ? "not connected" : "no answer");
    }

    /**
     * How long to wait before the next attempt: the rule's backoff. Nothing paces this transport, so a rate limit
     * (whose retry the pacer would hold back on {@code direct:crm-call}) waits as a failure does.
     */
    public long backoffMillis() {
        RetryRule.Decision last = call.last();
        if (last == null || last.verdict() != RetryRule.Verdict.RETRY) {
            return 0;
        }
        return last.delay().isZero() ? answers.rule().backoff(call.attempts()).toMillis() : last.delay().toMillis();
    }

    /** The call ended without the file: what it met, in one line, without the link. */
    public CrmNotAppliedException gaveUp(String what, Throwable cause) {
        RetryRule.Decision last = call.last();
        return new NotHandedOver(what + " (" + call.triesSoFar()
                + (last == null || last.reason() == null ? "" : "; " + last.reason()) + ")", cause);
    }

    /** Nothing the CRM's settings fix: the file's host or the way there failed; a later run asks for a new file. */
    private static final class NotHandedOver extends CrmNotAppliedException {
        NotHandedOver(String message, Throwable cause) {
            super(message, 0, cause);
        }

        @Override
        public String advice() {
            return "the file's host (the signed link Close gave) or the network failed; the next run starts a new bulk"
                    + " export";
        }
    }
}
