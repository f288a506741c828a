package org.leadroutes.exporting;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON lines with gzip: one lead per line, as the API returned it. */
class ExportFormatsTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.format", "jsonl");
        p.setProperty("leads.export.gzip", "true");
        p.setProperty("leads.export.page-size", "2");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonLinesGzippedHoldEachLeadAsTheApiReturnedIt() throws Exception {
        crm.createLead(lead(crm, "=Formula Co", Map.of("Employees", 12),
                List.of(contact("Ann", "ann@f.example.com", null), contact("Bob", null, "+14155550100"))));
        seed(crm, 4);

        LocalDate before = LocalDate.now();
        Map<String, Object> report = exportNow();

        String name = (String) report.get("file"); // the .csv of the default name follows the format
        assertTrue(List.of("leads-" + before + ".jsonl.gz", "leads-" + LocalDate.now() + ".jsonl.gz").contains(name), report.toString());
        List<String> lines = lines(outbox().resolve(name));
        assertEquals(5, lines.size());
        assertEquals(5L, count(report, "rows"));
        Map<String, Object> first = JSON.readValue(lines.get(0), Map.class);
        Map<String, Object> asStored = crm.leads().get(0);
        assertEquals("=Formula Co", first.get("name"), "JSON is not a spreadsheet: nothing escaped");
        assertEquals(asStored.get("id"), first.get("id"));
        assertEquals(asStored.get("contacts"), first.get("contacts"));
        assertEquals(12, first.get("custom." + crm.customFieldIds().get("Employees")));
        assertEquals(asStored.get("status_label"), first.get("status_label"));
    }
}
