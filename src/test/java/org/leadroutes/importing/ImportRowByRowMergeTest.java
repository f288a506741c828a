package org.leadroutes.importing;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With {@code leads.import.group-by-company=false} every row is a lead of its own, so several rows may match one CRM
 * lead: they are merged into it one after another, each planned against the lead as the one before left it.
 */
class ImportRowByRowMergeTest extends ImportTestSupport {

    @Override
    protected Properties flowSettings() {
        Properties p = super.flowSettings();
        p.setProperty("leads.import.group-by-company", "false");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsMatchingOneCrmLeadAddEachPersonOnceAndLoseNoFill() throws Exception {
        crm.createLead(Map.of("name", "Acme Ltd", "contacts", List.of(Map.of("name", "Ann Acme",
                "emails", List.of(Map.of("email", "ann@acme.example.com"))))));

        Map<String, Object> report = importFile("rows.csv", """
                company,contact,email,website,description
                Acme Ltd,Bob Acme,bob@acme.example.com,,
                Acme Ltd,Bob Acme,bob@acme.example.com,acme.example.com,
                Acme Ltd,Cy Acme,cy@acme.example.com,,
                Acme Ltd,Bob Acme,BOB@acme.example.com,,met at the fair
                Acme Ltd,Ann Acme,ann@acme.example.com,,
                """);

        assertEquals(0L, count(report, "leadsCreated"));
        assertEquals(5L, count(report, "leadsMatched"));
        assertEquals(2L, count(report, "contactsAdded"), "Bob and Cy, each once");
        Map<String, Object> acme = lead("Acme Ltd");
        List<String> names = ((List<Map<String, Object>>) acme.get("contacts")).stream()
                .map(c -> (String) c.get("name")).sorted().toList();
        assertEquals(List.of("Ann Acme", "Bob Acme", "Cy Acme"), names);
        assertEquals("https://acme.example.com", acme.get("url"), "the url one row filled");
        assertEquals("met at the fair", acme.get("description"), "and the description another filled");
        assertEquals(3, crm.requestCount("POST /contact/") + 1, "two contacts added: no person twice");
    }
}
