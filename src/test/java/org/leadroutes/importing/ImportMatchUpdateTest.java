package org.leadroutes.importing;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code leads.import.on-match=update}: as merge, and the file's values win. */
class ImportMatchUpdateTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.on-match", "update");
        return p;
    }

    @Test
    void theFilesValuesOverwriteTheLeadsAndContactsAreAdded() throws Exception {
        crm.createLead(Map.of("name", "Alpha Ltd", "description", "old notes", "url", "https://old.example.com",
                "contacts", List.of(Map.of("name", "Ann"))));

        Map<String, Object> report = importFile("alpha.csv", "company,description,contact\nAlpha Ltd,new notes,Bob\n");

        assertEquals(1L, count(report, "leadsMatched"));
        assertEquals(1L, count(report, "leadsUpdated"));
        assertEquals(1L, count(report, "contactsAdded"));
        Map<String, Object> lead = crm.leads().get(0);
        assertEquals("new notes", lead.get("description"));
        assertEquals("https://old.example.com", lead.get("url"), "a value the file does not have stays");
        assertEquals(1, crm.leadCount());
    }
}
