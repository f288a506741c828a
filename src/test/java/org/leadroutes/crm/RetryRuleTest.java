package org.leadroutes.crm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.leadroutes.crm.RetryRule.Decision;
import org.leadroutes.crm.RetryRule.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retry rule over every sequence of outcomes up to a length well past the retry budget: what the
 * client may do is what this rule allows, so the invariants are checked on the rule itself.
 */
class RetryRuleTest {

    private static final int MAX_RETRIES = 3;
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final RetryRule RULE = new RetryRule(MAX_RETRIES, Duration.ofMillis(100), Duration.ofMillis(1000), MAX_WAIT);
    private static final Duration SOON = Duration.ofSeconds(1);
    private static final int LONGEST = 7;

    /** Walks every history a call can have (each decision to retry leads to one more attempt) and checks each decision. */
    private static int walk(boolean repeatable, List<Outcome> earlier, Checker checker) {
        int decisions = 0;
        for (Outcome now : Outcome.values()) {
            Decision decision = RULE.decide(repeatable, earlier, now, SOON);
            checker.check(earlier, now, decision);
            decisions++;
            if (decision.verdict() == Verdict.RETRY && earlier.size() + 1 < LONGEST) {
                List<Outcome> longer = new ArrayList<>(earlier);
                longer.add(now);
                decisions += walk(repeatable, longer, checker);
            }
        }
        return decisions;
    }

    interface Checker {
        void check(List<Outcome> earlier, Outcome now, Decision decision);
    }

    @Test
    void aCreateIsNeverSentAgainOnceAnAttemptMayHaveReachedTheCrm() {
        int decisions = walk(false, List.of(), (earlier, now, decision) -> {
            if (now.mayHaveApplied()) {
                assertEquals(Verdict.UNCERTAIN, decision.verdict(), "after " + earlier + " then " + now);
            }
            if (decision.verdict() == Verdict.RETRY) {
                assertFalse(now.mayHaveApplied() || earlier.stream().anyMatch(Outcome::mayHaveApplied),
                        "a create re-sent after " + earlier + " then " + now);
            }
        });
        assertTrue(decisions > 1000, "walked only " + decisions + " decisions");
    }

    @Test
    void theSequencesFromTheFieldAreUncertain() {
        assertEquals(Verdict.UNCERTAIN, RULE.decide(false, List.of(Outcome.RATE_LIMITED), Outcome.SERVER_ERROR, SOON).verdict());
        assertEquals(Verdict.UNCERTAIN, RULE.decide(false, List.of(Outcome.UNAVAILABLE), Outcome.NO_ANSWER, SOON).verdict());
        assertEquals(Verdict.UNCERTAIN, RULE.decide(false,
                List.of(Outcome.RATE_LIMITED, Outcome.NOT_SENT, Outcome.UNAVAILABLE), Outcome.SERVER_ERROR, SOON).verdict());
        // and a history that already holds an unknown outcome stays uncertain, whatever comes next
        for (Outcome now : Outcome.values()) {
            assertEquals(Verdict.UNCERTAIN, RULE.decide(false, List.of(Outcome.NO_ANSWER), now, SOON).verdict(), now.name());
        }
    }

    @Test
    void aReadIsRetriedAfterAnyFailureWithinTheBudget() {
        walk(true, List.of(), (earlier, now, decision) -> {
            long spent = earlier.stream().filter(o -> o != Outcome.RATE_LIMITED).count();
            switch (now) {
                case SUCCEEDED -> assertEquals(Verdict.SUCCEEDED, decision.verdict());
                case REFUSED -> assertEquals(Verdict.REFUSED, decision.verdict());
                case RATE_LIMITED -> assertEquals(Verdict.RETRY, decision.verdict());
                default -> assertEquals(spent < MAX_RETRIES ? Verdict.RETRY : Verdict.NOT_APPLIED, decision.verdict(),
                        earlier + " then " + now);
            }
            assertTrue(decision.verdict() != Verdict.UNCERTAIN, "a read is never uncertain");
        });
    }

    @Test
    void failuresSpendTheRetryCountAndRateLimitsDoNot() {
        for (boolean repeatable : new boolean[] {true, false}) {
            walk(repeatable, List.of(), (earlier, now, decision) -> {
                long failures = earlier.stream().filter(o -> o != Outcome.RATE_LIMITED).count();
                assertTrue(failures <= MAX_RETRIES, "more than " + MAX_RETRIES + " failures retried: " + earlier);
                if (now == Outcome.UNAVAILABLE || now == Outcome.NOT_SENT) {
                    assertEquals(failures < MAX_RETRIES ? Verdict.RETRY : Verdict.NOT_APPLIED, decision.verdict(),
                            earlier + " then " + now);
                }
            });
        }
        List<Outcome> manyWaits = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            manyWaits.add(Outcome.RATE_LIMITED);
        }
        assertEquals(Verdict.RETRY, RULE.decide(false, manyWaits, Outcome.RATE_LIMITED, SOON).verdict(),
                "500 429s within max-wait are still a wait");
        assertEquals(Verdict.RETRY, RULE.decide(false, manyWaits, Outcome.UNAVAILABLE, SOON).verdict(),
                "and leave the whole retry count for real failures");
    }

    @Test
    void waitingForTheRateLimitIsBoundedByTime() {
        Decision late = RULE.decide(false, List.of(Outcome.RATE_LIMITED), Outcome.RATE_LIMITED, MAX_WAIT.plusMillis(1));
        assertEquals(Verdict.NOT_APPLIED, late.verdict());
        assertTrue(late.reason().contains("leads.crm.retry.max-wait"), late.reason());
        assertEquals(Verdict.RETRY, RULE.decide(false, List.of(), Outcome.RATE_LIMITED, MAX_WAIT.minusMillis(1)).verdict());
    }

    @Test
    void nothingIsSentAgainAfterSuccessOrRefusal() {
        for (boolean repeatable : new boolean[] {true, false}) {
            walk(repeatable, List.of(), (earlier, now, decision) -> {
                if (now == Outcome.SUCCEEDED) {
                    assertEquals(repeatable || earlier.stream().noneMatch(Outcome::mayHaveApplied)
                            ? Verdict.SUCCEEDED : Verdict.UNCERTAIN, decision.verdict());
                }
                if (now == Outcome.REFUSED) {
                    assertTrue(decision.verdict() == Verdict.REFUSED || decision.verdict() == Verdict.UNCERTAIN);
                }
            });
        }
    }

    @Test
    void backoffDoublesWithJitterUpToTheCeiling() {
        RetryRule rule = new RetryRule(10, Duration.ofMillis(100), Duration.ofMillis(1000), MAX_WAIT);
        for (int i = 0; i < 200; i++) {
            long first = rule.backoff(1).toMillis();
            long third = rule.backoff(3).toMillis();
            long tenth = rule.backoff(10).toMillis();
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(third >= 200 && third <= 400, "third " + third);
            assertTrue(tenth >= 500 && tenth <= 1000, "tenth " + tenth);
        }
        Decision retry = rule.decide(false, List.of(Outcome.UNAVAILABLE), Outcome.NOT_SENT, SOON);
        assertTrue(retry.delay().toMillis() >= 100 && retry.delay().toMillis() <= 200, retry.toString());
        assertEquals(Duration.ZERO, rule.decide(false, List.of(), Outcome.RATE_LIMITED, SOON).delay(),
                "a 429 waits in the pacer, not in a backoff of its own");
    }

    /** Every kind of ending a call can have, and every count of earlier re-sends: only a first 400 naming fields may. */
    @Test
    void onlyAFirstRefusalNamingFieldsMaySendTheCreateAgainWithoutThem() {
        List<CrmException> endings = List.of(
                new CrmValidationException("400", java.util.Map.of("custom.cf_x", "not a choice")),
                new CrmValidationException("400", java.util.Map.of()),
                new CrmException("404", 404),
                new CrmAuthException("401", 401),
                new CrmNotAppliedException("503", 503, null),
                new CrmOutcomeUnknownException("502", 502, null));
        int allowed = 0;
        for (CrmException ending : endings) {
            for (int resent = 0; resent <= 2; resent++) {
                boolean may = RetryRule.mayResendWithout(ending, resent);
                boolean expected = ending instanceof CrmValidationException v && !v.fieldErrors().isEmpty() && resent == 0;
                assertEquals(expected, may, ending.getMessage() + " after " + resent + " re-sends");
                allowed += may ? 1 : 0;
            }
        }
        assertEquals(1, allowed, "a 400 naming fields, once: an outcome that may have applied is never re-sent");
        assertFalse(RetryRule.mayResendWithout(new CrmOutcomeUnknownException("504", 504, null), 0));
    }

    /** Every method the client may send: reads and a PUT's patch may be repeated, a create never. */
    @Test
    void aPutOfTheSamePatchMayBeRepeatedAndACreateNever() {
        java.util.Map<String, Boolean> expected = java.util.Map.of("GET", true, "HEAD", true, "PUT", true,
                "POST", false, "DELETE", false, "PATCH", false);
        expected.forEach((method, repeatable) -> assertEquals(repeatable, RetryRule.repeatable(method), method));
        // a repeatable PUT after an outcome that may have applied is sent again, within the budget
        Decision afterNoAnswer = RULE.decide(RetryRule.repeatable("PUT"), List.of(), Outcome.NO_ANSWER, SOON);
        assertEquals(Verdict.RETRY, afterNoAnswer.verdict());
        Decision createAfterNoAnswer = RULE.decide(RetryRule.repeatable("POST"), List.of(), Outcome.NO_ANSWER, SOON);
        assertEquals(Verdict.UNCERTAIN, createAfterNoAnswer.verdict());
    }
}
