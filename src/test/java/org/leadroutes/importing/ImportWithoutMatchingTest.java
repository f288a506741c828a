package org.leadroutes.importing;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code leads.import.match=none}: every group is created, as before matching existed. */
class ImportWithoutMatchingTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.match", "none");
        return p;
    }

    @Test
    void aCompanyTheCrmHoldsIsCreatedAgainAndNothingIsSearched() throws Exception {
        crm.createLead(Map.of("name", "Alpha Ltd"));

        Map<String, Object> report = importFile("three.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "leadsMatched"));
        assertEquals(0, crm.requestCount("POST /data/search/"));
        assertEquals(2L, crm.leads().stream().filter(l -> "Alpha Ltd".equals(l.get("name"))).count());
    }

    @Test
    void anOlderLeadOfTheSameNameIsNotTakenForTheOneInFlight() throws Exception {
        crm.createLead(Map.of("name", "Alpha Ltd")); // created now: long after the send below
        writeLedger(ImportFaultsTest.THREE_COMPANIES, "sending\tcompany:alpha ltd\t" + (System.currentTimeMillis() + 3_600_000));

        importFile("three.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals(3, crm.requestCount("POST /lead/"));
        assertEquals(2L, crm.leads().stream().filter(l -> "Alpha Ltd".equals(l.get("name"))).count(),
                "the existing lead predates the send, so Alpha was created");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLeadTheCrashLookUpFindsIsRecordedWithItsContactIds() throws Exception {
        // the earlier run's create of Alpha reached the CRM; the run stopped before the answer came
        Map<String, Object> alpha = crm.createLead(Map.of("name", "Alpha Ltd", "contacts", java.util.List.of(
                Map.of("name", "Ann Alpha", "emails", java.util.List.of(Map.of("email", "ann@alpha.example.com"))))));
        writeLedger(ImportFaultsTest.THREE_COMPANIES, "sending\tcompany:alpha ltd\t" + (System.currentTimeMillis() - 1000));

        Map<String, Object> report = importFile("three.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals(3L, count(report, "leadsCreated"), "Alpha is counted as created: the earlier run created it");
        assertEquals(2, crm.requestCount("POST /lead/"));
        org.apache.commons.csv.CSVRecord row = results("three.csv").get(0);
        assertEquals(alpha.get("id"), row.get("lead_id"));
        assertEquals(((java.util.List<Map<String, Object>>) alpha.get("contacts")).get(0).get("id"), row.get("contact_id"));
        assertEquals("created", row.get("action"));
    }
}
