package org.leadroutes.exporting;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.leadroutes.app.AppTestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;

/**
 * Boots the real application (application.properties, the YAML flows in routes/, the Java routes)
 * against a sandbox CRM over real HTTP on loopback, with a fresh data folder per test. The import
 * is switched off; an export runs when a test sends to {@code direct:export-run}, as the triggers do.
 */
abstract class ExportTestSupport extends AppTestSupport {

    @Override
    protected Properties flowSettings() {
        Properties p = new Properties();
        p.setProperty("leads.import.enabled", "false");
        return p;
    }

    /** Incremental runs of a few leads a page, each run to a file of its own. */
    static Properties incrementalSettings() {
        Properties p = new Properties();
        p.setProperty("leads.export.incremental", "true");
        p.setProperty("leads.export.page-size", "3");
        p.setProperty("leads.export.file-name", "changes-${exchangeId}.csv"); // one file per run
        return p;
    }

    /** {@code p} for the paged CRM, reached with {@code token} (give the sandbox the same: {@code requireToken}). */
    static Properties paged(Properties p, String token) {
        p.setProperty("leads.crm.api", "paged");
        p.setProperty("leads.crm.token", token);
        return p;
    }

    /** Runs one export the way the schedule does, and returns its report. */
    Map<String, Object> exportNow() throws IOException {
        template.sendBody("direct:export-run", null);
        return report();
    }

    /** The report of the (only) export file name this test used. */
    @SuppressWarnings("unchecked")
    Map<String, Object> report() throws IOException {
        Path reports = dataDir.resolve("reports");
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".export.json")).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one export report, found " + found);
            }
            return JSON.readValue(found.get(0).toFile(), Map.class);
        }
    }

    /**
     * Runs one export and returns the report it wrote: the one report file that is new after the run (so each
     * run needs a file name of its own), never picked by a time stamp in its name.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> runAndReport() throws IOException {
        Path reports = dataDir.resolve("reports");
        List<String> before = names(reports);
        template.sendBody("direct:export-run", null);
        List<String> added = names(reports).stream()
                .filter(n -> n.endsWith(".export.json") && !before.contains(n)).toList();
        if (added.size() != 1) {
            throw new AssertionError("expected one new export report, found " + added + " besides " + before);
        }
        return JSON.readValue(reports.resolve(added.get(0)).toFile(), Map.class);
    }

    /**
     * Makes {@code changes} in the CRM after the run of {@code report} started and before it finished, on the
     * sandbox's clock: from the middle of the run on, a microsecond apart (a search pages by date_updated, so
     * changes do not share one). By the rule "changed since the start of the last successful run" they belong
     * to the next run, whatever the machine's pace; and they are older than the next run's start.
     */
    void changeDuring(Map<String, Object> report, Runnable changes) {
        java.time.Instant started = java.time.Instant.parse((String) report.get("startedAt"));
        java.time.Instant finished = java.time.Instant.parse((String) report.get("finishedAt"));
        Duration half = Duration.between(started, finished).dividedBy(2);
        if (half.compareTo(Duration.ofMillis(1)) < 0) { // the paged CRM keeps milliseconds
            throw new AssertionError("a run too short to place changes inside it: " + report);
        }
        java.time.Instant[] next = {started.plus(half)};
        crm.clock(new java.time.Clock() {
            @Override
            public synchronized java.time.Instant instant() {
                java.time.Instant now = next[0];
                next[0] = now.plusNanos(1_000);
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        });
        try {
            changes.run();
        } finally {
            crm.clock(java.time.Clock.systemUTC());
        }
        if (!next[0].isBefore(finished)) {
            throw new AssertionError("the changes did not fit in the run's time: " + report);
        }
    }

    /** The file a run published, as its report names it. */
    Path published(Map<String, Object> report) {
        return outbox().resolve((String) report.get("file"));
    }

    /** The lead ids in the file a run published. */
    Set<String> exportedIds(Map<String, Object> report) throws IOException {
        return Set.copyOf(csv(published(report)).stream().map(r -> r.get("lead_id")).toList());
    }

    /**
     * Waits until no export reader is at work: a CRM call still on its way when a run ended has come back and
     * been dealt with. The positive signal to wait for before asserting that such a call left nothing behind, read
     * off the readers' pool ({@value ExportFlow#READERS}) itself: no task running, none queued. A reader left waiting
     * in the search's call iterator after a failed run (Camel's splitter asking for one more call) is still at work
     * until the walks have ended and let it go.
     */
    void awaitReadersIdle() {
        java.util.concurrent.ThreadPoolExecutor readers = context.getRegistry()
                .lookupByNameAndType(ExportFlow.READERS, java.util.concurrent.ThreadPoolExecutor.class);
        await("the export readers idle").atMost(Duration.ofSeconds(20))
                .until(() -> readers.getActiveCount() == 0 && readers.getQueue().isEmpty());
    }

    Path outbox() {
        return dataDir.resolve("outbox");
    }

    /** Names in a folder, dot-files included; empty when it does not exist. */
    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static List<CSVRecord> csv(Path file) throws IOException {
        try (InputStream in = open(file); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    static List<String> header(Path file) throws IOException {
        try (InputStream in = open(file); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.parse(r).iterator().next().toList();
        }
    }

    static List<String> lines(Path file) throws IOException {
        try (InputStream in = open(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    /**
     * Runs {@code action} while the sandbox holds request number {@code n} of {@code group} in its latency,
     * i.e. after the earlier ones were answered and before that one is: for changing the CRM between two
     * pages of a run. Sets the sandbox's latency.
     */
    void whileRequestWaits(String group, int n, Runnable action) {
        crm.latencyMillis(150);
        Thread thread = new Thread(() -> {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                    .until(() -> crm.requestCount(group) >= n);
            action.run();
        }, "change-the-crm");
        thread.setDaemon(true);
        thread.start();
    }

    static long count(Map<String, Object> report, String key) {
        return ((Number) report.get(key)).longValue();
    }

    /** A Close lead payload: company, contacts as (name, email, phone), custom values by field name. */
    static Map<String, Object> lead(SandboxCrm crm, String company, Map<String, Object> custom, List<Map<String, Object>> contacts) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("name", company);
        if (!contacts.isEmpty()) {
            lead.put("contacts", contacts);
        }
        Map<String, String> ids = crm.customFieldIds();
        custom.forEach((name, value) -> lead.put("custom." + ids.get(name), value));
        return lead;
    }

    static Map<String, Object> contact(String name, String email, String phone) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("name", name);
        if (email != null) {
            contact.put("emails", List.of(Map.of("email", email, "type", "office")));
        }
        if (phone != null) {
            contact.put("phones", List.of(Map.of("phone", phone, "type", "office")));
        }
        return contact;
    }

    /** Simple leads with one contact each, named Company 001 ... */
    static List<String> seed(SandboxCrm crm, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String n = String.format("%03d", i);
            ids.add((String) crm.createLead(lead(crm, "Company " + n, Map.of("Industry", "Software"),
                    List.of(contact("Person " + n, "person" + n + "@example.com", "+1415555" + String.format("%04d", i)))))
                    .get("id"));
        }
        return ids;
    }
}
