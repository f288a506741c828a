package org.leadroutes.exporting;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page-numbered CRM: Bearer token, faults on, the same CSV columns, pages that shift during a run. */
class ExportPagedTest extends ExportTestSupport {

    private static final String TOKEN = "paged-token-5f2c";

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.requireToken(TOKEN);
    }

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.api", "paged");
        p.setProperty("leads.crm.token", TOKEN);
        p.setProperty("leads.export.page-size", "3");
        return p;
    }

    @Test
    void pagesThroughWithTheTokenDespiteFaultsOntoTheSameColumns() throws Exception {
        Map<String, Object> source = lead(crm, "Paged Corp", Map.of("Lead Source", "referral"),
                List.of(contact("Pat Paged", "PAT@paged.example.com", "+14155550142")));
        source.put("description", "Prefers mornings");
        source.put("status_id", crm.statusIds().get("Qualified"));
        String pagedId = (String) crm.createLead(source).get("id");
        seed(crm, 9);
        crm.faults().on("GET /leads", Fault.STATUS_503, 1).on("GET /leads", Fault.STATUS_429, 1);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals("paged", report.get("api"));
        assertEquals(10L, count(report, "leads"));
        assertEquals(10L, count(report, "rows"));
        assertEquals(4L, count(report, "pages"));
        assertEquals(2L, count(report, "retries"));
        Path file = published(report);
        List<String> header = header(file);
        assertEquals(List.of("lead_id", "company", "url", "status", "description", "contact", "title", "email",
                "phone", "mobile_phone", "fax", "address_1", "address_2", "city", "state", "zip", "country",
                "Lead Source"), header);
        CSVRecord pat = csv(file).stream().filter(r -> r.get("lead_id").equals(pagedId)).findFirst().orElseThrow();
        assertEquals("Paged Corp", pat.get("company"));
        assertEquals("Pat Paged", pat.get("contact"));
        assertEquals("pat@paged.example.com", pat.get("email"));
        assertEquals("+14155550142", pat.get("phone"));
        assertEquals("QUALIFIED", pat.get("status"));
        assertEquals("Prefers mornings", pat.get("description"));
        assertEquals("referral", pat.get("Lead Source"));
    }

    @Test
    void aLeadSeenTwiceWhilePagesShiftIsWrittenOnce() throws Exception {
        List<String> ids = seed(crm, 10);
        // newest first: two leads added after page 1 was answered push every later page down by two
        whileRequestWaits("GET /leads", 2, () -> {
            crm.createLead(lead(crm, "Newcomer A", Map.of(), List.of(contact("New A", "a@new.example.com", null))));
            crm.createLead(lead(crm, "Newcomer B", Map.of(), List.of(contact("New B", "b@new.example.com", null))));
        });

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(2L, count(report, "duplicates"), "the last two of page 1 come again on page 2");
        assertEquals(10L, count(report, "leads"));
        List<CSVRecord> rows = csv(published(report));
        List<String> exported = rows.stream().map(r -> r.get("lead_id")).toList();
        assertEquals(exported.size(), new HashSet<>(exported).size(), "each lead once");
        Set<String> expected = new HashSet<>(ids);
        assertEquals(expected, new HashSet<>(exported), "every lead there at the start, once: the walk went past the"
                + " first total");
        @SuppressWarnings("unchecked")
        List<String> warnings = (List<String>) report.get("warnings");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("total changed") && w.contains("10 -> 12")),
                warnings.toString());
    }
}
