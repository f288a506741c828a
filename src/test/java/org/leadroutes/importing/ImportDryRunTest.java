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
        String sample = elevenRows();
        drop("leads.csv", sample);
        Map<String, Object> report = awaitReport("leads.csv", "done");

        assertEquals(true, report.get("dryRun"));
        assertEquals(0, crm.requestCount("POST /lead/"), "a dry run sends nothing");
        assertEquals(0, crm.leadCount());
        assertEquals(0L, count(report, "leadsCreated"));
        assertEquals(6L, count(report, "leads"));
        assertEquals(6L, count(report, "leadsToCreate"), "what the real run would create");
        assertEquals(9L, count(report, "contactsToCreate"));
        assertEquals(1L, count(report, "rejected"), "the same checks as a real run");
        assertEquals("leads.csv", report.get("archivedAs"), "the file stays in the inbox");
        assertTrue(Files.exists(dataDir.resolve("inbox/leads.csv")), "for the real run to take");

        List<String> lines = Files.readAllLines(droppedReport(dataDir, "leads.csv", "payloads.jsonl"));
        assertEquals(6, lines.size());
        Map<String, Object> acme = lines.stream().map(ImportDryRunTest::parse)
                .filter(l -> "Acme Corporation".equals(l.get("name"))).findFirst().orElseThrow();
        assertEquals(2, ((List<?>) acme.get("contacts")).size());
        assertEquals(crm.statusIds().get("Potential"), acme.get("status_id"));

        // the results file previews what would become of each row
        List<org.apache.commons.csv.CSVRecord> results = csv(droppedReport(dataDir, "leads.csv", "results.csv"));
        assertEquals(11, results.size());
        assertEquals(10L, results.stream().filter(r -> r.get("action").equals("would-create")).count());
        assertEquals(1L, results.stream().filter(r -> r.get("action").equals("rejected")).count());

        // and matched leads are previewed as such, nothing written to them
        String acmeId = (String) crm.createLead(Map.of("name", "Acme Corporation")).get("id");
        drop("again.csv", sample);
        Map<String, Object> again = awaitReport("again.csv", "done");
        assertEquals(1L, count(again, "leadsMatched"), "Acme would be merged into");
        assertEquals(5L, count(again, "leadsToCreate"));
        List<org.apache.commons.csv.CSVRecord> acmeRows = csv(droppedReport(dataDir, "again.csv", "results.csv")).stream()
                .filter(r -> r.get(0).equals("Acme Corporation")).toList();
        assertEquals(2, acmeRows.size());
        for (org.apache.commons.csv.CSVRecord row : acmeRows) {
            assertEquals("would-merge", row.get("action"), "its two contacts would be added");
            assertEquals(acmeId, row.get("lead_id"));
        }
        assertEquals(1, crm.leadCount(), "a dry run merges nothing");

        // each file is previewed once: the polls after again.csv's preview did not preview leads.csv again
        try (var reports = Files.newDirectoryStream(dataDir.resolve("reports"), "leads.*.report.json")) {
            assertEquals(1, java.util.stream.StreamSupport.stream(reports.spliterator(), false).count());
        }
        try (var inbox = Files.list(dataDir.resolve("inbox"))) {
            assertEquals(List.of("again.csv", "leads.csv"), inbox.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString()).sorted().toList(), "both files stay for the real run");
        }

        // a dry run records nothing as created, so the real run afterwards sends everything
        try (var files = Files.walk(dataDir)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".ledger")), "a dry run records no ledger");
        }
    }

    private static List<org.apache.commons.csv.CSVRecord> csv(Path file) throws java.io.IOException {
        try (java.io.Reader r = Files.newBufferedReader(file)) {
            return org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(r).getRecords();
        }
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
