package org.leadroutes.importing;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lead the CRM refuses with a 400 naming fields (Close's {@code field-errors}) is sent again once without them:
 * a 400 created nothing, so this cannot duplicate. Any other refusal rejects its rows as before.
 */
class ImportRefusedFieldsTest extends ImportTestSupport {

    private static final String ONE_LEAD = """
            Company,Contact Name,Email,Phone
            Acme Ltd,Ada Lovelace,ada@acme-ltd.example.com,+1 415 555 2671
            """;

    @Override
    protected Properties flowSettings() {
        Properties p = super.flowSettings();
        p.setProperty("leads.import.concurrency", "1");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLeadRefusedForAFieldIsSentAgainWithoutItAndTheValueIsNamed() throws Exception {
        crm.faults().on("POST /lead/", Fault.STATUS_400, 1); // contacts.0.emails.0.email: on a blocklist

        Map<String, Object> report = importFile("one.csv", ONE_LEAD);

        assertEquals(1L, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "rejected"));
        assertEquals(Map.of("refused-by-crm", 1), report.get("valuesDropped"));
        assertEquals(2, crm.requestCount("POST /lead/"), "sent once, refused, sent again once");
        Map<String, Object> ada = ((List<Map<String, Object>>) lead("Acme Ltd").get("contacts")).get(0);
        assertEquals("Ada Lovelace", ada.get("name"));
        assertTrue(ada.get("emails") == null || ((List<?>) ada.get("emails")).isEmpty(), ada.toString());
        assertEquals("+14155552671", ((List<Map<String, Object>>) ada.get("phones")).get(0).get("phone"));
        CSVRecord row = results("one.csv").get(0);
        assertEquals("created", row.get("action"));
        assertEquals(lead("Acme Ltd").get("id"), row.get("lead_id"));
        assertEquals("contacts.0.emails.0.email 'ada@acme-ltd.example.com': refused by the CRM (This email address is on"
                + " the organization's blocklist.): the lead was sent again without it", row.get("warnings"));
    }

    @Test
    void aSecondRefusalStands() throws Exception {
        crm.faults().on("POST /lead/", Fault.STATUS_400, 2);

        Map<String, Object> report = importFile("one.csv", ONE_LEAD);

        assertEquals(0L, count(report, "leadsCreated"));
        assertEquals(1L, count(report, "rejected"));
        assertEquals(2, crm.requestCount("POST /lead/"), "sent again once, never twice");
        assertEquals(0, crm.leadCount());
        String error = rejects("one.csv").get(0).get("error");
        assertTrue(error.contains("refused by the CRM") && error.contains("blocklist"), error);
    }

    @Test
    void aRefusalNamingNoFieldRejectsTheRowsAsBefore() throws Exception {
        crm.faults().on("POST /lead/", Fault.STATUS_400_UNNAMED, 1);

        Map<String, Object> report = importFile("one.csv", ONE_LEAD);

        assertEquals(1L, count(report, "rejected"));
        assertEquals(1, crm.requestCount("POST /lead/"), "nothing to leave out: not sent again");
        String error = rejects("one.csv").get(0).get("error");
        assertTrue(error.contains("refused by the CRM") && error.contains("plan does not allow"), error);
    }
}
