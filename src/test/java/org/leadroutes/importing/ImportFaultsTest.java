package org.leadroutes.importing;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.leadroutes.importing.ledger.ImportReport;
import org.leadroutes.sandbox.Fault;
import org.leadroutes.sandbox.RateLimitForm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the CRM does wrong, and what the import does about it: nothing lost, nothing created twice. */
class ImportFaultsTest extends ImportTestSupport {

    static final String THREE_COMPANIES = """
            company,contact,email
            Alpha Ltd,Ann Alpha,ann@alpha.example.com
            Beta GmbH,Ben Beta,ben@beta.example.com
            Gamma SA,Gil Gamma,gil@gamma.example.com
            """;

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.retry.max-retries", "4");
        p.setProperty("leads.import.outage-retry-ms", "200"); // a drop that meets an outage is tried again soon
        p.setProperty("leads.import.uncertain-pause", "200"); // the look-up of uncertain creates, quickly
        p.setProperty("leads.import.uncertain-max-wait", "1000");
        return p;
    }

    @ParameterizedTest
    @EnumSource(RateLimitForm.class)
    void rateLimitedPostsAreRetriedInEveryFormAndCreatedOnce(RateLimitForm form) throws Exception {
        crm.rateLimitForm(form);
        crm.faults().on("POST /lead/", Fault.STATUS_429, 2);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals("done", report.get("status"));
        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(2L, count(report, "retries"));
        assertEquals(0L, count(report, "rejected"));
        assertEquals(5, crm.requestCount("POST /lead/"), "3 creates and the 2 refused attempts");
        assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
    }

    @Test
    void unavailableCrmIsRetriedWithBackoff() throws Exception {
        crm.faults().on("POST /lead/", Fault.STATUS_503, 3);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(3L, count(report, "retries"));
        assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
    }

    @Test
    void exhaustedRetriesMakeTheDropWaitAndItsNextTrySendsTheLead() throws Exception {
        String one = "company,email\nDelta Inc,dee@delta.example.com\n";
        crm.faults().on("POST /lead/", Fault.STATUS_503, 5); // 1 try + 4 retries: the CRM is down for the drop's first try

        Map<String, Object> report = importFile("delta.csv", one); // imported by itself once the pause is over

        assertEquals("done", report.get("status"));
        assertEquals(1L, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "rejected"), "an outage rejects no row");
        assertEquals(6, crm.requestCount("POST /lead/"), "five refused, then one create on the next try");
        assertEachCompanyOnce("Delta Inc");
    }

    @Test
    void createdThen502IsNeverSentAgain() throws Exception {
        crm.faults().on("POST /lead/", Fault.CREATED_THEN_502, 1);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        // the CRM did create it: the look-up at the end of the drop finds it, and it counts as created
        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "uncertain"));
        assertEquals(1L, count(report, "uncertainResolved"));
        assertEquals(3, crm.requestCount("POST /lead/"), "the 502 was not retried");
        assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
        assertEquals(0, rejects("three.csv").size());
        Map<String, String> leadIds = new java.util.HashMap<>();
        results("three.csv").forEach(r -> leadIds.put(r.get("company"), r.get("lead_id")));
        for (String company : List.of("Alpha Ltd", "Beta GmbH", "Gamma SA")) {
            assertEquals(lead(company).get("id"), leadIds.get(company), company + " with its lead id in the results");
        }

        // the same content again: every lead is skipped, none re-sent
        Map<String, Object> again = importFile("three-again.csv", THREE_COMPANIES);
        assertEquals(0L, count(again, "leadsCreated"));
        assertEquals(3L, count(again, "skipped"));
        assertEquals(0L, count(again, "uncertain"));
        assertEquals(3, crm.requestCount("POST /lead/"));
        assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
    }

    /** The field's failure: a create retried after a refusal that then meets an unknown outcome was sent again. */
    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({"STATUS_429, CREATED_THEN_502", "STATUS_429, CREATED_THEN_CLOSE", "STATUS_429, CREATED_THEN_TIMEOUT",
            "STATUS_503, CREATED_THEN_502", "STATUS_503, CREATED_THEN_CLOSE", "STATUS_429, STATUS_504"})
    void aCreateRetriedOnceIsNotSentAgainAfterAnUnknownOutcome(Fault first, Fault then) throws Exception {
        crm.faults().sequence("POST /lead/", first, then);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals(4, crm.requestCount("POST /lead/"), "3 creates and one retry after the " + first + ", nothing after the " + then);
        if (then == Fault.STATUS_504) { // a 504 that did nothing: the lead is missing, and a person is told to check
            assertEquals(2L, count(report, "leadsCreated"));
            assertEquals(1L, count(report, "uncertain"));
            assertEquals(2, crm.leadCount());
            String error = rejects("three.csv").get(0).get("error");
            assertTrue(error.contains("uncertain") && error.contains("(after " + first.name().substring(7))
                    && error.contains("not found in the CRM by name") && error.contains("drop this rejects file again"), error);
        } else { // the CRM did create it: found by the look-up at the end of the drop
            assertEquals(3L, count(report, "leadsCreated"));
            assertEquals(1L, count(report, "uncertainResolved"));
            assertEquals(0L, count(report, "uncertain"));
            assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
        }
    }

    @Test
    void rateLimitsAreAWaitThatSpendsNoRetries() throws Exception {
        Fault[] refusals = new Fault[6]; // more than the 4 retries allowed
        java.util.Arrays.fill(refusals, Fault.STATUS_429);
        crm.faults().sequence("POST /lead/", refusals).on("POST /lead/", Fault.STATUS_503, 2);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "rejected"));
        assertEquals(6L, count(report, "rateLimited"));
        assertEquals(8L, count(report, "retries"));
        assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
    }

    @Test
    void aTimeoutAfterSendingIsUncertainNotRetried() throws Exception {
        crm.faults().on("POST /lead/", Fault.HANG, 1);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals(2L, count(report, "leadsCreated"));
        assertEquals(1L, count(report, "uncertain"));
        assertEquals(3, crm.requestCount("POST /lead/"));
    }

    @Test
    void aLeadTheCrmRefusesSendsItsRowsToRejectsWithTheCrmsWords() throws Exception {
        crm.faults().on("POST /lead/", Fault.STATUS_400_UNNAMED, 1);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals("done", report.get("status"));
        assertEquals(2L, count(report, "leadsCreated"));
        assertEquals(1L, count(report, "rejected"));
        String error = rejects("three.csv").get(0).get("error");
        assertTrue(error.contains("refused by the CRM") && error.contains("plan does not allow"), error);
    }

    @Test
    void aLeadInFlightWhenAnEarlierRunStoppedIsLookedUpFirst() throws Exception {
        // the earlier run sent Alpha and Beta and stopped before hearing back; only Alpha reached the CRM
        crm.createLead(Map.of("name", "Alpha Ltd"));
        writeLedger(THREE_COMPANIES, "sending\tcompany:alpha ltd\t" + (System.currentTimeMillis() - 1000),
                "sending\tcompany:beta gmbh\t" + (System.currentTimeMillis() - 1000));

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals("done", report.get("status"));
        assertEquals(0L, count(report, "uncertain"));
        assertEquals(2, crm.requestCount("POST /lead/"), "Beta and Gamma are sent, Alpha is not sent again");
        assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
    }

    /**
     * The batch's look-up (matching on) finds the lead the earlier run's create made before the look-up of the lead
     * in flight does: the ledger's {@code sending} wins, the lead is this drop's create, not a CRM lead matched.
     */
    @Test
    void aLeadInFlightThatTheCrmHoldsCountsAsCreatedNotMatched() throws Exception {
        long sentAt = System.currentTimeMillis() - 1000;
        Map<String, Object> alpha = crm.createLead(Map.of("name", "Alpha Ltd", "contacts", List.of(Map.of("name",
                "Ann Alpha", "emails", List.of(Map.of("email", "ann@alpha.example.com"))))));
        writeLedger(THREE_COMPANIES, "sending\tcompany:alpha ltd\t" + sentAt);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals("done", report.get("status"));
        assertEquals(3L, count(report, "leadsCreated"), "Alpha was created by this drop's earlier run: " + report);
        assertEquals(3L, count(report, "contactsCreated"));
        assertEquals(0L, count(report, "leadsMatched"), "the lead in flight is no CRM lead matched");
        assertEquals(0L, count(report, "skipped"));
        assertEquals(2, crm.requestCount("POST /lead/"), "Alpha is not sent again");
        CSVRecord row = results("three.csv").get(0);
        assertEquals("Alpha Ltd", row.get("company"));
        assertEquals("created", row.get("action"));
        assertEquals(alpha.get("id"), row.get("lead_id"));
        assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
        String summary = DropSession.summary(JSON.convertValue(report, ImportReport.class));
        assertTrue(summary.contains("3 leads (3 created, 3 contacts, 0 matched in the CRM"), summary);
    }

    /** The same, when the lead in flight and an older CRM lead both match it: it is created, not ambiguous. */
    @Test
    void aLeadInFlightThatTheCrmHoldsBesideAnOlderMatchIsCreatedNotAmbiguous() throws Exception {
        crm.createLead(Map.of("name", "Alpha Holdings", "contacts", List.of(Map.of("name", "Ann Alpha",
                "emails", List.of(Map.of("email", "ann@alpha.example.com"))))));
        long sentAt = System.currentTimeMillis();
        Map<String, Object> alpha = crm.createLead(Map.of("name", "Alpha Ltd", "contacts", List.of(Map.of("name",
                "Ann Alpha", "emails", List.of(Map.of("email", "ann@alpha.example.com"))))));
        writeLedger(THREE_COMPANIES, "sending\tcompany:alpha ltd\t" + sentAt);

        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);

        assertEquals(3L, count(report, "leadsCreated"), report.toString());
        assertEquals(0L, count(report, "rejected"), "not refused as matching two CRM leads");
        assertEquals(alpha.get("id"), results("three.csv").get(0).get("lead_id"));
        assertEquals(2, crm.requestCount("POST /lead/"));
    }

    @Test
    void eachCallOfOneExchangeGetsTheWholeRetryBudget() throws Exception {
        // the look-up and then the create of a lead in flight are two calls on one exchange
        String alpha = "company\nAlpha Ltd\n";
        writeLedger(alpha, "sending\tcompany:alpha ltd\t" + System.currentTimeMillis());
        crm.faults().on("POST /data/search/", Fault.STATUS_503, 3).on("POST /lead/", Fault.STATUS_503, 3);

        Map<String, Object> report = importFile("alpha.csv", alpha);

        assertEquals(1L, count(report, "leadsCreated"), "3 retries of 4 for the look-up still leave 4 for the create");
        assertEquals(6L, count(report, "retries"));
        assertEachCompanyOnce("Alpha Ltd");
    }

    @Test
    void theLookUpIsAReadSoItIsSentAgainAfterAnUnknownOutcome() throws Exception {
        String alpha = "company\nAlpha Ltd\n";
        writeLedger(alpha, "sending\tcompany:alpha ltd\t" + System.currentTimeMillis());
        crm.faults().on("POST /data/search/", Fault.CREATED_THEN_502, 1).on("POST /data/search/", Fault.HANG, 1);

        Map<String, Object> report = importFile("alpha.csv", alpha);

        assertEquals(1L, count(report, "leadsCreated"), "a search changes nothing: a 502 and a timeout are retried");
        assertEquals(0L, count(report, "uncertain"));
        assertEquals(4, crm.requestCount("POST /data/search/"), "the batch's search, sent three times, then the look-up");
        assertEachCompanyOnce("Alpha Ltd");
    }

    @Test
    void theLedgerIsFiledUnderTheCrmItWasSentTo() throws Exception {
        Map<String, Object> report = importFile("three.csv", THREE_COMPANIES);
        assertTrue(java.nio.file.Files.exists(ledgerDir().resolve(report.get("sha256") + ".ledger")));
    }

    @Test
    void theSameContentDroppedAgainCreatesNothing() throws Exception {
        importFile("monday.csv", THREE_COMPANIES);
        int posts = crm.requestCount("POST /lead/");

        Map<String, Object> again = importFile("monday-copy.csv", THREE_COMPANIES);

        assertEquals("done", again.get("status"));
        assertEquals(0L, count(again, "leadsCreated"));
        assertEquals(3L, count(again, "skipped"));
        assertEquals(posts, crm.requestCount("POST /lead/"));
        assertEachCompanyOnce("Alpha Ltd", "Beta GmbH", "Gamma SA");
    }

    void assertEachCompanyOnce(String... names) {
        Map<String, Long> counts = crm.leads().stream()
                .collect(Collectors.groupingBy(l -> (String) l.get("name"), Collectors.counting()));
        for (String name : names) {
            assertEquals(1L, counts.getOrDefault(name, 0L), name + " in " + counts);
        }
        assertEquals(names.length, counts.size(), counts.toString());
    }
}
