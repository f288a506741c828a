package org.leadroutes.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A preview before touching production: same mapping, grouping and checks, nothing sent. */
class ImportDryRunTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.dry-run", "true");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void dryRunWritesThePayloadsItWouldSendAndCreatesNothing() throws Exception {
        String sample = Files.readString(Path.of("samples/leads.csv"));
        Map<String, Object> report = importFile("leads.csv", sample);

        assertEquals("done", report.get("status"));
        assertEquals(true, report.get("dryRun"));
        assertEquals(0, crm.requestCount("POST /lead/"), "a dry run sends nothing");
        assertEquals(0, crm.leadCount());
        assertEquals(0L, count(report, "leadsCreated"));
        assertEquals(6L, count(report, "leads"));
        assertEquals(1L, count(report, "rejected"), "the same checks as a real run");

        List<String> lines = Files.readAllLines(reportFile("leads.csv", "payloads.jsonl"));
        assertEquals(6, lines.size());
        Map<String, Object> acme = lines.stream().map(ImportDryRunTest::parse)
                .filter(l -> "Acme Corporation".equals(l.get("name"))).findFirst().orElseThrow();
        assertEquals(2, ((List<?>) acme.get("contacts")).size());
        assertEquals(crm.statusIds().get("Potential"), acme.get("status_id"));

        // the results file previews what would become of each row
        List<org.apache.commons.csv.CSVRecord> results = results("leads.csv");
        assertEquals(11, results.size());
        assertEquals(10L, results.stream().filter(r -> r.get("action").equals("would-create")).count());
        assertEquals(1L, results.stream().filter(r -> r.get("action").equals("rejected")).count());

        // and matched leads are previewed as such, nothing written to them
        String acmeId = (String) crm.createLead(Map.of("name", "Acme Corporation")).get("id");
        importFile("again.csv", sample);
        List<org.apache.commons.csv.CSVRecord> acmeRows = results("again.csv").stream()
                .filter(r -> r.get(0).equals("Acme Corporation")).toList();
        assertEquals(2, acmeRows.size());
        for (org.apache.commons.csv.CSVRecord row : acmeRows) {
            assertEquals("would-merge", row.get("action"), "its two contacts would be added");
            assertEquals(acmeId, row.get("lead_id"));
        }
        assertEquals(1, crm.leadCount(), "a dry run merges nothing");

        // a dry run records nothing as created, so the real run afterwards sends everything
        try (var files = Files.walk(dataDir)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".ledger")), "a dry run records no ledger");
        }
        assertTrue(Files.exists(dataDir.resolve("inbox/.done").resolve(archivedName("leads.csv"))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
