package org.leadroutes.crm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.leadroutes.crm.RetryRule.Decision;
import org.leadroutes.crm.RetryRule.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
                case REDIRECTED -> assertEquals(Verdict.NOT_APPLIED, decision.verdict(), "a redirect is never followed");
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

    /**
     * Every operation the client calls, one row each (a new operation without a row here fails): whether it may be
     * repeated, and so what an answer lost in flight ends as: asked again, or uncertain and never sent again.
     */
    static final Map<CrmOperation, Boolean> REPEATABLE = Map.ofEntries(
            Map.entry(CrmOperation.WHO_AM_I, true),
            Map.entry(CrmOperation.LIST_STATUSES, true),
            Map.entry(CrmOperation.LIST_CUSTOM_FIELDS, true),
            Map.entry(CrmOperation.LIST_LEADS, true),
            Map.entry(CrmOperation.GET_LEAD, true),
            Map.entry(CrmOperation.GET_CONTACT, true),
            Map.entry(CrmOperation.SEARCH, true),
            Map.entry(CrmOperation.START_BULK_EXPORT, true),
            Map.entry(CrmOperation.BULK_EXPORT_STATUS, true),
            Map.entry(CrmOperation.LIST_NUMBERED_PAGE, true),
            Map.entry(CrmOperation.LIST_EVENTS, true),
            Map.entry(CrmOperation.DOWNLOAD_BULK_EXPORT, true),
            Map.entry(CrmOperation.UPDATE_LEAD, true),
            Map.entry(CrmOperation.CREATE_LEAD, false),
            Map.entry(CrmOperation.CREATE_CONTACT, false),
            Map.entry(CrmOperation.DELETE_LEAD, true),
            Map.entry(CrmOperation.DELETE_CONTACT, true));

    @Test
    void everyOperationIsInTheTableWithWhatALostAnswerMeans() {
        assertEquals(java.util.EnumSet.allOf(CrmOperation.class), REPEATABLE.keySet(), "a row for every operation");
        for (CrmOperation operation : CrmOperation.values()) {
            boolean repeatable = REPEATABLE.get(operation);
            assertEquals(repeatable, operation.repeatable(), operation.name());
            assertEquals(operation, CrmOperation.of(operation.group()), "its group finds it");
            for (Outcome mayHaveApplied : Outcome.values()) {
                if (!mayHaveApplied.mayHaveApplied()) {
                    continue;
                }
                Decision lost = RULE.decide(operation.repeatable(), List.of(), mayHaveApplied, SOON);
                assertEquals(repeatable ? Verdict.RETRY : Verdict.UNCERTAIN, lost.verdict(), operation + " after " + mayHaveApplied);
            }
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> CrmOperation.of("DELETE /status/lead/{id}/"));
        assertTrue(unknown.getMessage().contains("DELETE /status/lead/{id}/"), unknown.getMessage());
    }

    /**
     * Every kind of answer the CRM (or what stands in front of it) may give: what it is, one table. A 2xx counts as
     * an answer only with the JSON object every call expects; an HTML page, a body cut short or none is GARBLED.
     */
    static final Object[][] ANSWERS = {
            {200, "application/json", "{\"id\": \"lead_1\", \"name\": \"Acme\"}", Outcome.SUCCEEDED},
            {200, "application/json; charset=utf-8", "{\"data\": [], \"has_more\": false}", Outcome.SUCCEEDED},
            {201, null, "{\"id\": \"lead_1\"}", Outcome.SUCCEEDED},
            {200, "application/vnd.api+json", "{}", Outcome.SUCCEEDED},
            {200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Sign in</body></html>", Outcome.GARBLED},
            {200, "TEXT/HTML", "{\"id\": \"lead_1\"}", Outcome.GARBLED},
            {200, "text/plain", "{\"id\": \"lead_1\"}", Outcome.GARBLED},
            {200, "application/json", "<html><body>Sign in</body></html>", Outcome.GARBLED},
            {200, null, "<html><body>Sign in</body></html>", Outcome.GARBLED},
            {200, "application/json", "{\"id\": \"lead_1\", \"na", Outcome.GARBLED},
            {200, "application/json", "{\"id\": \"lead_1\"", Outcome.GARBLED},
            {200, "application/json", "", Outcome.GARBLED},
            {200, "application/json", null, Outcome.GARBLED},
            {200, "application/json", "[{\"id\": \"lead_1\"}]", Outcome.GARBLED},
            {200, "application/json", "\"ok\"", Outcome.GARBLED},
            {200, "application/json", "{\"id\": \"lead_1\"} <html>", Outcome.GARBLED},
            {301, "text/html", "<html>Moved</html>", Outcome.REDIRECTED},
            {302, null, null, Outcome.REDIRECTED},
            {307, null, null, Outcome.REDIRECTED},
            {308, null, null, Outcome.REDIRECTED},
            {429, null, null, Outcome.RATE_LIMITED},
            {503, "application/json", "{\"error\": \"down\"}", Outcome.UNAVAILABLE},
            {500, "application/json", "{\"error\": \"oops\"}", Outcome.SERVER_ERROR},
            {502, "text/html", "<html>502 Bad Gateway</html>", Outcome.SERVER_ERROR},
            {504, "text/html", "<html>504 Gateway Time-out</html>", Outcome.SERVER_ERROR},
            // a CDN in front of the CRM: the origin failed or timed out, perhaps after the work was done
            {520, "text/html", "<html>520: Web server is returning an unknown error</html>", Outcome.SERVER_ERROR},
            {522, "text/html", "<html>522: Connection timed out</html>", Outcome.SERVER_ERROR},
            {524, "text/html", "<html>524: A timeout occurred</html>", Outcome.SERVER_ERROR},
            {599, "text/plain", "Network Read Timeout", Outcome.SERVER_ERROR},
            // the server does not do this at all: refused, nothing applied
            {501, "text/plain", "Not Implemented", Outcome.REFUSED},
            {505, "text/plain", "HTTP Version Not Supported", Outcome.REFUSED},
            {400, "application/json", "{\"field-errors\": {}}", Outcome.REFUSED},
            {400, "text/html", "<html>Bad Request</html>", Outcome.REFUSED},
            {401, "application/json", "{\"error\": \"no\"}", Outcome.REFUSED},
            {404, "text/html", "<html>Not Found</html>", Outcome.REFUSED},
    };

    @Test
    void everyAnswerIsReadAsOneOutcome() {
        java.util.Set<Outcome> seen = java.util.EnumSet.noneOf(Outcome.class);
        for (Object[] row : ANSWERS) {
            Outcome.Answer answer = Outcome.read((Integer) row[0], (String) row[1], (String) row[2]);
            assertEquals(row[3], answer.outcome(), java.util.Arrays.toString(row));
            assertEquals(answer.outcome() == Outcome.SUCCEEDED, answer.json() != null, "the JSON only of a success: "
                    + java.util.Arrays.toString(row));
            seen.add(answer.outcome());
        }
        assertEquals(java.util.EnumSet.complementOf(java.util.EnumSet.of(Outcome.NOT_SENT, Outcome.NO_ANSWER)), seen,
                "the table covers every outcome an answer can have");
        assertEquals("200 with text/html, not JSON", Outcome.read(200, "text/html; charset=utf-8", "<html/>").what());
        assertEquals("200 with JSON cut short", Outcome.read(200, "application/json", "{\"id\": \"le").what());
    }

    /** Keeping only the ids of an answer read from its stream changes nothing of how the answer is classified. */
    @Test
    void anAnswerKeptAsIdsIsReadAsTheSameOutcome() {
        for (Object[] row : ANSWERS) {
            Outcome.Answer whole = Outcome.read((Integer) row[0], (String) row[1], (String) row[2]);
            Outcome.Answer ids = Outcome.read((Integer) row[0], (String) row[1], row[2] == null ? null
                    : new java.io.ByteArrayInputStream(((String) row[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    CrmRequest.Kept.IDS);
            assertEquals(whole.outcome(), ids.outcome(), java.util.Arrays.toString(row));
            assertEquals(whole.what(), ids.what(), java.util.Arrays.toString(row));
            assertEquals(ids.outcome() == Outcome.SUCCEEDED, ids.json() != null, java.util.Arrays.toString(row));
        }
        String lead = "{\"name\": \"Acme\", \"id\": \"lead_1\", \"addresses\": [{\"id\": \"x\"}], \"contacts\": ["
                + "{\"name\": \"A\", \"emails\": [{\"email\": \"a@x.io\", \"id\": \"e\"}], \"id\": \"cont_1\"},"
                + " \"odd\", {\"name\": \"B\"}, {\"id\": \"cont_3\"}], \"custom\": {\"id\": \"y\"}}";
        Outcome.Answer answer = Outcome.read(200, "application/json",
                new java.io.ByteArrayInputStream(lead.getBytes(java.nio.charset.StandardCharsets.UTF_8)), CrmRequest.Kept.IDS);
        java.util.List<Object> contacts = new ArrayList<>();
        contacts.add(java.util.Map.of("id", "cont_1"));
        contacts.add(null);
        contacts.add(java.util.Map.of());
        contacts.add(java.util.Map.of("id", "cont_3"));
        assertEquals(java.util.Map.of("id", "lead_1", "contacts", contacts), answer.json(),
                "the lead's id and its contacts' ids in order, nothing else");
        assertEquals("200 with JSON cut short", Outcome.read(200, "application/json", new java.io.ByteArrayInputStream(
                lead.substring(0, lead.indexOf("cont_3")).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                CrmRequest.Kept.IDS).what(), "a body cut short in a part not kept is still cut short");
    }

    /** A garbled 2xx may have been applied: a create so answered is uncertain at once; a read is retried like a 5xx. */
    @Test
    void aGarbledAnswerIsUncertainForACreateAndRetriedForARead() {
        assertTrue(Outcome.GARBLED.mayHaveApplied());
        assertEquals(Verdict.UNCERTAIN, RULE.decide(false, List.of(), Outcome.GARBLED, SOON).verdict());
        assertEquals(Verdict.UNCERTAIN, RULE.decide(false, List.of(Outcome.RATE_LIMITED, Outcome.UNAVAILABLE),
                Outcome.GARBLED, SOON).verdict());
        assertEquals(Verdict.RETRY, RULE.decide(true, List.of(), Outcome.GARBLED, SOON).verdict());
        assertEquals(Verdict.NOT_APPLIED, RULE.decide(true, List.of(Outcome.GARBLED, Outcome.GARBLED, Outcome.GARBLED),
                Outcome.GARBLED, SOON).verdict());
        assertFalse(Outcome.REDIRECTED.mayHaveApplied(), "a redirect handled nothing");
        assertEquals(Verdict.NOT_APPLIED, RULE.decide(false, List.of(), Outcome.REDIRECTED, SOON).verdict());
    }

    /**
     * How a call ends, by type, for each answer of the table given on every attempt: through the client's own
     * {@link CrmAnswers}, as a create ({@code POST /lead/}) and as a read ({@code GET /lead/}). The import decides by
     * these types: uncertain (looked up later), an outage (the drop waits), a refusal.
     */
    @Test
    void eachAnswerEndsACreateAndAReadWithTheTypeTheImportDecidesBy() throws Exception {
        try (org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            CrmAnswers answers = new CrmAnswers(new RequestPacer(0), RULE, new CrmTraffic(), "http://crm.example");
            for (Object[] row : ANSWERS) {
                if ((Integer) row[0] == 429) {
                    continue; // a wait bounded by time, walked above
                }
                Outcome outcome = (Outcome) row[3];
                for (String method : List.of("POST", "GET")) {
                    boolean create = method.equals("POST");
                    Ending ending = call(context, answers, method, row);
                    String what = method + " answered " + java.util.Arrays.toString(row);
                    Class<?> expected = switch (outcome) {
                        case SUCCEEDED -> null;
                        case GARBLED -> create ? CrmOutcomeUnknownException.class : CrmGarbledAnswerException.class;
                        case SERVER_ERROR -> create ? CrmOutcomeUnknownException.class : CrmNotAppliedException.class;
                        case UNAVAILABLE -> CrmNotAppliedException.class;
                        case REDIRECTED -> CrmRedirectedException.class;
                        case REFUSED -> (Integer) row[0] == 400 ? CrmValidationException.class
                                : (Integer) row[0] == 401 ? CrmAuthException.class
                                : (Integer) row[0] == 404 ? CrmNotFoundException.class : CrmException.class;
                        default -> throw new AssertionError(outcome);
                    };
                    assertEquals(expected, ending.failure == null ? null : ending.failure.getClass(), what);
                    int attempts = create && outcome.mayHaveApplied() || !outcome.spendsRetry() ? 1 : MAX_RETRIES + 1;
                    assertEquals(attempts, ending.attempts, what + ": attempts");
                    assertEquals(outcome == Outcome.GARBLED && !create || outcome == Outcome.REDIRECTED
                                    || outcome == Outcome.UNAVAILABLE || outcome == Outcome.SERVER_ERROR && !create
                                    || (Integer) row[0] == 401, ending.failure instanceof CrmOutageException,
                            what + ": an outage (the drop waits)");
                }
            }
        }
    }

    @Test
    void aRedirectNamesItsLocationWithoutUserInfoOrQuery() throws Exception {
        try (org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            CrmAnswers answers = new CrmAnswers(new RequestPacer(0), RULE, new CrmTraffic(), "http://crm.example/api/v1");
            Ending ending = call(context, answers, "POST", new Object[] {301, "text/html", "<html/>", Outcome.REDIRECTED},
                    "https://user:secret@api.example.com/api/v1/lead/?token=abc");
            CrmRedirectedException redirect = (CrmRedirectedException) ending.failure;
            assertEquals("https://api.example.com/api/v1/lead/", redirect.location());
            assertTrue(redirect.getMessage().contains("redirects POST /lead/ (301 to https://api.example.com/api/v1/lead/;"
                    + " not followed)"), redirect.getMessage());
            assertFalse(redirect.getMessage().contains("secret") || redirect.getMessage().contains("abc"));
            assertTrue(redirect.advice().contains("leads.crm.url"), redirect.advice());
        }
    }

    private record Ending(CrmException failure, int attempts) {
    }

    private static Ending call(org.apache.camel.CamelContext context, CrmAnswers answers, String method, Object[] row) {
        return call(context, answers, method, row, null);
    }

    /** Carries a call out as the client route does, each attempt answered with {@code row}. */
    private static Ending call(org.apache.camel.CamelContext context, CrmAnswers answers, String method, Object[] row,
                               String location) {
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(context);
        CrmRequest.set(exchange, method, "/lead/", null);
        CrmCall.begin(exchange);
        for (int attempt = 1; attempt <= 20; attempt++) {
            try {
                answers.pace(exchange);
                exchange.getMessage().setBody(row[2]);
                exchange.getMessage().setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, row[0]);
                exchange.getMessage().setHeader(org.apache.camel.Exchange.CONTENT_TYPE, row[1]);
                exchange.getMessage().setHeader("Location", location);
                answers.answered(exchange);
            } catch (CrmException e) {
                return new Ending(e, attempt);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (!CrmCall.again(exchange)) {
                assertTrue(exchange.getMessage().getBody() instanceof java.util.Map, "a success leaves the JSON object");
                return new Ending(null, attempt);
            }
        }
        throw new AssertionError("no end after 20 attempts: " + java.util.Arrays.toString(row));
    }
}
