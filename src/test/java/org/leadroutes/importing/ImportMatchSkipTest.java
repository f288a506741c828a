package org.leadroutes.importing;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code leads.import.on-match=skip}: a lead the CRM holds is left as it is. */
class ImportMatchSkipTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.on-match", "skip");
        return p;
    }

    @Test
    void aMatchedLeadIsLeftAlone() throws Exception {
        crm.createLead(Map.of("name", "Alpha Ltd"));

        Map<String, Object> report = importFile("three.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals(1L, count(report, "leadsMatched"));
        assertEquals(0L, count(report, "contactsAdded"));
        assertEquals(2L, count(report, "leadsCreated"));
        assertEquals(3, crm.leadCount());
        Object contacts = crm.leads().get(0).get("contacts"); // Alpha, as it was: no contact added
        assertEquals(true, contacts == null || ((java.util.List<?>) contacts).isEmpty(), String.valueOf(contacts));
        assertEquals(0, crm.requestCount("POST /contact/"));
    }
}
