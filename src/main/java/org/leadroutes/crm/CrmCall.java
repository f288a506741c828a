package org.leadroutes.crm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;

/**
 * One call through {@code direct:crm-call} while it runs: the request, its payload, the outcome of each
 * attempt and the last decision of the {@link RetryRule}. A fresh one per call, so no call inherits
 * the history (or the retry budget) of an earlier call on the same exchange.
 */
final class CrmCall {

    static final String PROPERTY = "CrmCall";

    private final CrmRequest request;
    private final Object payload;
    private final CrmTally tally;
    private final boolean probe;
    private final long startNanos = System.nanoTime();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private RetryRule.Decision last;
    private RequestPacer.Ticket ticket;

    private CrmCall(CrmRequest request, Object payload, CrmTally tally, boolean probe) {
        this.request = request;
        this.payload = payload;
        this.tally = tally;
        this.probe = probe;
    }

    /** Starts a call from the exchange's {@link CrmRequest} and its body. */
    static void begin(Exchange exchange) {
        exchange.setProperty(PROPERTY, new CrmCall(CrmRequest.of(exchange), exchange.getMessage().getBody(),
                exchange.getProperty(CrmTally.PROPERTY, CrmTally.class),
                exchange.getProperty(CrmRequest.PROBE, false, Boolean.class)));
    }

    /** A call whose transport is the caller's ({@link OutsideCall}): the rule and the counts only. */
    static CrmCall outside(CrmOperation operation, CrmTally tally) {
        return new CrmCall(new CrmRequest("GET", operation.group(), null, operation, CrmRequest.Kept.WHOLE), null,
                tally, false);
    }

    /** The last decision of the rule, or null before the first attempt. */
    RetryRule.Decision last() {
        return last;
    }

    static CrmCall of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, CrmCall.class);
    }

    /** The loop's condition: true before the first attempt and after each decision to retry. */
    static boolean again(Exchange exchange) {
        RetryRule.Decision decision = of(exchange).last;
        return decision == null || decision.verdict() == RetryRule.Verdict.RETRY;
    }

    /** Milliseconds to back off before this attempt: zero for the first one and after a 429 (the pacer waits). */
    static long backoffMillis(Exchange exchange) {
        RetryRule.Decision decision = of(exchange).last;
        return decision == null ? 0 : decision.delay().toMillis();
    }

    /** A probe ({@link CrmRequest#PROBE}): no failure is retried. */
    boolean probe() {
        return probe;
    }

    CrmRequest request() {
        return request;
    }

    Object payload() {
        return payload;
    }

    void paced(RequestPacer.Ticket ticket) {
        this.ticket = ticket;
    }

    RequestPacer.Ticket ticket() {
        return ticket;
    }

    /**
     * Records this attempt's outcome and asks the rule what follows.
     *
     * @param what the attempt's answer in a word or two, e.g. {@code 502} or {@code no answer}
     */
    RetryRule.Decision decide(RetryRule rule, Outcome outcome, String what) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        last = rule.decide(request.repeatable(), List.copyOf(outcomes), outcome, elapsed);
        outcomes.add(outcome);
        seen.add(what);
        if (tally != null) {
            tally.attempted(outcome, last.verdict() == RetryRule.Verdict.RETRY);
        }
        return last;
    }

    /** Attempts made so far, this one included. */
    int attempts() {
        return outcomes.size();
    }

    /** Time since the first attempt started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** How many tries over how long, for a person: {@code 6 tries over 14 s}, or {@code 1 try}. */
    String triesSoFar() {
        int n = outcomes.size();
        long seconds = Math.round(elapsed().toMillis() / 1000.0);
        return n == 1 ? "1 try" : n + " tries over " + seconds + " s";
    }

    /** The earlier attempts' answers, for messages: e.g. {@code " (after 429, 503)"}, or nothing. */
    String earlier() {
        return seen.size() < 2 ? "" : " (after " + String.join(", ", seen.subList(0, seen.size() - 1)) + ")";
    }
}
