package org.leadroutes.exporting;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CSV with the formula escaping switched off. */
class ExportFormulasOffTest extends ExportTestSupport {
    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.escape-formulas", "false");
        p.setProperty("leads.export.file-name", "partner-feed.csv");
        return p;
    }

    @Test
    void formulaCellsAreWrittenAsTheyAre() throws Exception {
        crm.createLead(lead(crm, "=SUM(1+1)", Map.of("Industry", "@risk"), List.of(contact("+Plus", null, null))));

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"));
        CSVRecord row = csv(outbox().resolve("partner-feed.csv")).get(0);
        assertEquals("=SUM(1+1)", row.get("company"));
        assertEquals("+Plus", row.get("contact"));
        assertEquals("@risk", row.get("Industry"));
    }
}
