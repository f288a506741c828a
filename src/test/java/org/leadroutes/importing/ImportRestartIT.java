package org.leadroutes.importing;

import org.leadroutes.app.AppTestSupport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped jar is killed with SIGKILL in the middle of a drop and started again: the drop
 * resumes, and every company is created exactly once. The leads that were in flight at the kill
 * are looked up in the CRM before anything is sent again.
 */
class ImportRestartIT {

    static final int COMPANIES = 400;

    final SandboxCrm crm = new SandboxCrm().latencyMillis(30).start();
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        crm.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKilledImportResumesWithoutCreatingAnyCompanyTwice(@org.junit.jupiter.api.io.TempDir Path data) throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        StringBuilder csv = new StringBuilder("company,contact,email\n");
        for (int i = 0; i < COMPANIES; i++) {
            csv.append("Company ").append(i).append(",First ").append(i).append(",first").append(i).append("@c.example.com\n");
        }
        for (int i = 0; i < COMPANIES; i++) { // the second contact of each company, far from the first
            csv.append("Company ").append(i).append(",Second ").append(i).append(",second").append(i).append("@c.example.com\n");
        }
        Path staged = Files.writeString(data.resolve("big.csv.part"), csv);
        Files.move(staged, inbox.resolve("big.csv"));

        Process first = start(data, "first");
        waitFor(() -> crm.leadCount() >= 80, 60, "the first run to create 80 leads");
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
        first.waitFor(10, TimeUnit.SECONDS);
        int createdBeforeKill = crm.leadCount();
        assertTrue(createdBeforeKill < COMPANIES, "killed before the end: " + createdBeforeKill);
        assertTrue(Files.exists(inbox.resolve("big.csv")), "an unfinished drop stays in the inbox");

        Process second = start(data, "second");
        waitFor(() -> AppTestSupport.droppedReport(data, "big.csv", "report.json") != null, 120, "the resumed drop to finish");
        Path reportFile = AppTestSupport.droppedReport(data, "big.csv", "report.json");
        // the report is written by the route; Camel moves the file when the exchange completes, just after
        waitFor(() -> !Files.exists(inbox.resolve("big.csv")), 30, "the finished drop to leave the inbox");
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);

        Map<String, Object> report = org.leadroutes.crm.Json.MAPPER.readValue(reportFile.toFile(), Map.class);
        assertEquals("done", report.get("status"));
        Map<String, Long> counts = crm.leads().stream()
                .collect(Collectors.groupingBy(l -> (String) l.get("name"), Collectors.counting()));
        counts.forEach((name, n) -> assertEquals(1L, n, name + " was created " + n + " times"));

        Set<String> uncertain;
        try (var reader = Files.newBufferedReader(AppTestSupport.droppedReport(data, "big.csv", "rejects.csv"))) {
            uncertain = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)
                    .getRecords().stream()
                    .filter(r -> r.get("error").contains("uncertain"))
                    .map(r -> r.get("company")).collect(Collectors.toSet());
        }
        for (int i = 0; i < COMPANIES; i++) {
            assertTrue(counts.containsKey("Company " + i), "Company " + i + " was lost");
        }
        assertEquals(Set.of(), uncertain, "the leads in flight at the kill were looked up, not left uncertain");
        assertEquals(2L * COMPANIES, crm.leads().stream().mapToLong(l -> ((List<?>) l.get("contacts")).size()).sum(),
                "every contact arrived");
        assertTrue(((Number) report.get("skipped")).longValue() >= createdBeforeKill - 4,
                "what the first run created is skipped: " + report);

        // the report is true: a lead whose create was in flight at the kill, found in the CRM, is this drop's create
        assertEquals(0L, ((Number) report.get("leadsMatched")).longValue(), "no lead of the drop is a CRM lead matched: " + report);
        assertEquals((long) COMPANIES, ((Number) report.get("leadsCreated")).longValue()
                + ((Number) report.get("skipped")).longValue(), "every company created, by this try or the killed one: " + report);
        List<CSVRecord> results;
        try (var reader = Files.newBufferedReader(Path.of((String) report.get("resultsFile")))) {
            results = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
        assertEquals(2 * COMPANIES, results.size());
        assertEquals(Set.of(), results.stream().map(r -> r.get("action"))
                .filter(a -> !a.equals("created") && !a.equals("skipped")).collect(Collectors.toSet()));
        // the killed try left no report files of its own (empty rejects): the drop has its three, none empty
        List<Path> reports;
        try (var files = Files.list(data.resolve("reports"))) {
            reports = files.sorted().toList();
        }
        assertEquals(Set.of(reportFile, Path.of((String) report.get("rejectsFile")),
                        Path.of((String) report.get("resultsFile"))).stream().map(p -> p.toAbsolutePath().normalize())
                        .collect(Collectors.toSet()),
                reports.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet()),
                "the reports folder holds " + reports);
        assertEquals(3, reports.size(), "the reports folder holds " + reports);
        for (Path file : reports) {
            assertTrue(Files.size(file) > 0, file + " is empty");
        }
        try (var state = Files.walk(data.resolve("state"))) {
            assertEquals(List.of(), state.filter(f -> f.getFileName().toString().endsWith(".rejects.csv")).toList(),
                    "no work file of the rejects left behind");
        }
    }

    Process start(Path data, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int managementPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) { // not the default 9876: another build may use it
            managementPort = socket.getLocalPort();
        }
        Process p = new ProcessBuilder(java,
                "-Dcamel.management.port=" + managementPort,
                "-Dleads.crm.url=" + crm.closeBaseUrl(),
                "-Dleads.data-dir=" + data,
                "-Dleads.import.concurrency=4",
                "-Dleads.import.poll-delay-ms=100",
                "-Dleads.import.read-lock-min-age-ms=0",
                "-jar", "target/crm-lead-routes.jar")
                .redirectErrorStream(true)
                .redirectOutput(new File("target/restart-it-" + name + ".log"))
                .start();
        processes.add(p);
        return p;
    }

    static void waitFor(BooleanSupplier condition, int seconds, String what) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(seconds))
                .pollInterval(java.time.Duration.ofMillis(20)).until(condition::getAsBoolean);
    }
}
