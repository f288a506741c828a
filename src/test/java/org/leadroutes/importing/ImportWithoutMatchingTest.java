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
}
