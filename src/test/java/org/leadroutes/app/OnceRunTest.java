package org.leadroutes.app;

import org.leadroutes.TestKinds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar as cron runs it: {@code --once} in a JVM of its own (exit codes are the point), on the embedded
 * sandbox and against a CRM at {@code leads.crm.url}: 0 all done, 3 rows rejected, 1 a drop or the export
 * failed, 2 invalid settings or a refused key (the files then stay in the inbox).
 */
@TestKinds.StartsJvm
class OnceRunTest {

    private static final String GOOD = """
            Company,Contact Name,Email
            Acme Ltd,Ada Lovelace,ada@acme-ltd.com
            Globex,Hank Scorpio,hank@globex-corp.com
            """;
    private static final String ONE_BAD_ROW = GOOD + ",,not-an-email\n"; // nothing left to make a lead of

    @TempDir
    Path data;
    private SandboxCrm crm;

    @BeforeEach
    void inbox() throws IOException {
        Files.createDirectories(data.resolve("inbox"));
    }

    @AfterEach
    void stopCrm() {
        if (crm != null) {
            crm.close();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs the application in its own JVM, from the project's folder (its routes/), and returns its exit code. */
    private int once(String... settingsAndArgs) throws Exception {
        Path log = data.resolve("run.log");
        Process process = start(settingsAndArgs);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the one-shot run did not end:\n" + tail(log));
        }
        lastLog = Files.readString(log, StandardCharsets.UTF_8);
        return process.exitValue();
    }

    /** Starts the application in its own JVM, as {@link #once} runs it, its output in {@code run.log}. */
    private Process start(String... settingsAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dleads.data-dir=" + data,
                "-Dlog4j2.configurationFile=log4j2.properties", // the jar's logging, as a user reads it (not the tests')
                "-Dleads.import.read-lock-min-age-ms=0", "-Dleads.import.poll-delay-ms=100",
                "-Dleads.crm.retry.max-retries=1", "-Dleads.crm.retry.initial-delay-ms=10",
                "-Dcamel.management.port=" + freePort())); // not the default 9876: another build may be running one
        List<String> args = new ArrayList<>();
        for (String s : settingsAndArgs) {
            (s.startsWith("-D") ? command : args).add(s);
        }
        command.add(LeadRoutesApplication.class.getName());
        command.addAll(args);
        Path log = data.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEADS_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private String lastLog = "";
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private void drop(String name, String content) throws IOException {
        Files.writeString(data.resolve("inbox").resolve(name), content);
    }

    private List<String> names(String folder) throws IOException {
        Path dir = data.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private String lastLines() {
        String[] lines = lastLog.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 25), lines.length));
    }

    @Test
    void allDoneIsZeroRowsRejectedIsThree() throws Exception {
        drop("week.csv", GOOD);
        assertEquals(0, once("--once"), lastLines());
        assertEquals(1, names("inbox/.done").size(), "imported and archived");
        assertEquals(1, names("outbox").size(), "and one export published");

        drop("next-week.csv", ONE_BAD_ROW);
        assertEquals(3, once("--once"), lastLines());
        assertTrue(lastLog.contains("1 rows rejected"), lastLines());
    }

    @Test
    void aFailedDropIsOne() throws Exception {
        drop("report.pdf", "%PDF-1.7 not a spreadsheet");
        assertEquals(1, once("--once", "-Dleads.export.enabled=false"), lastLines());
        assertEquals(1, names("inbox/.failed").stream().filter(n -> n.startsWith("report.")).count());
        assertEquals(List.of(), names("outbox"), "leads.export.enabled=false: no export");
        assertTrue(lastLog.contains("failed drops: report.pdf: a PDF document"), "the last line says why: " + lastLines());
    }

    @Test
    void aBrokenFileIsOneAndTheLastLineNamesItsLine() throws Exception {
        drop("broken.csv", "Company,Email,Notes\nAcme,a@acme.example.com,\"never closed\nBeta,b@beta.example.com,x\n");
        assertEquals(1, once("--once", "-Dleads.export.enabled=false"), lastLines());
        assertTrue(lastLog.contains("one-shot run done, exit code 1: 0 drops done, 1 failed") && lastLog.contains(
                "failed drops: broken.csv: line 2, column Notes: a quote opens this cell and is never closed"), lastLines());
    }

    @Test
    void aFileThatIsNeverTakenIsOneAndStaysForTheNextRun() throws Exception {
        Path growing = data.resolve("inbox").resolve("upload.csv");
        Files.writeString(growing, "Company,Contact Name,Email\n");
        java.util.concurrent.atomic.AtomicInteger row = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledExecutorService writer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        writer.scheduleWithFixedDelay(() -> { // an upload that never ends: the inbox's read lock never takes it
            int i = row.getAndIncrement();
            try {
                Files.writeString(growing, "Company " + i + ",Person " + i + ",p" + i + "@acme-ltd.com\n",
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 0, 150, TimeUnit.MILLISECONDS);
        try {
            assertEquals(1, once("--once", "-Dleads.once.wait-seconds=3", "-Dleads.export.enabled=false"), lastLines());
        } finally {
            writer.shutdownNow();
            assertTrue(writer.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertTrue(lastLog.contains("were not taken in 3 s"), lastLines());
        assertEquals(List.of("upload.csv"), names("inbox"), "it stays in the inbox");
    }

    /** The last line of a one-shot run whose one export failed, and no other. */
    private void assertTheExportFailed() {
        assertTrue(lastLog.contains("one-shot run done, exit code 1: ") && lastLog.contains("; 0 exports published, 1 failed"),
                lastLines());
    }

    @Test
    void anExportThatFailsBeforeItOpensIsOne() throws Exception {
        Files.writeString(data.resolve("state"), "a file where the export keeps its work files");
        assertEquals(1, once("--once", "-Dleads.import.enabled=false"), lastLines());
        assertTheExportFailed();
        assertTrue(lastLog.contains("export (not started): failed, nothing was published under its final name: the run"
                + " could not open: FileAlreadyExistsException: " + data.resolve("state")), lastLines());
    }

    @Test
    void anExportThatFailsWhileReadingIsOne() throws Exception {
        drop("week.csv", GOOD);
        assertEquals(1, once("--once", "-Dleads.sandbox.faults=400:1", "-Dleads.sandbox.fault-requests=POST /export/"),
                lastLines());
        assertTrue(lastLog.contains("1 drops done, 0 failed"), "the import went on: " + lastLines());
        assertTheExportFailed();
        assertEquals(List.of(), names("outbox"), "nothing published");
    }

    @Test
    void anExportThatFailsWhilePublishingIsOneAndSaysWhy() throws Exception {
        int nothing = freePort();
        assertEquals(1, once("--once", "-Dleads.import.enabled=false",
                "-Dleads.export.target=sftp://exporter:Pa55-w0rd@127.0.0.1:" + nothing + "/upload"), lastLines());
        assertTheExportFailed();
        assertTrue(lastLog.contains("connection refused by 127.0.0.1:" + nothing), "the cause in its line: " + lastLines());
        assertFalse(lastLog.contains("Pa55-w0rd"), "the password is never logged: " + lastLines());

        assertEquals(1, once("--once", "-Dleads.import.enabled=false",
                "-Dleads.export.target=sftp://exporter@no-such-host.invalid/upload"), lastLines());
        assertTheExportFailed();
        assertTrue(lastLog.contains("unknown host no-such-host.invalid"), "the cause in its line: " + lastLines());
    }

    @Test
    void aLoginTheServerRefusesIsOneAndSaysSo() throws Exception {
        try (var sftp = new org.leadroutes.exporting.SftpTestServer(data.resolve("sftp-root"), "the-right-one")) {
            Path knownHosts = data.resolve("known_hosts");
            sftp.writeKnownHosts(knownHosts, sftp.hostKey);
            assertEquals(1, once("--once", "-Dleads.import.enabled=false", "-Dleads.export.sftp.known-hosts=" + knownHosts,
                    "-Dleads.export.target=sftp://exporter:Wr0ng-one@127.0.0.1:" + sftp.port() + "/upload"), lastLines());
            assertTheExportFailed();
            assertTrue(lastLog.contains("The SFTP server refused the login"), lastLines());
            assertFalse(lastLog.contains("Wr0ng-one"), "the password is never logged: " + lastLines());
        }
    }

    @Test
    void aTargetThatCannotWorkStopsTheStartWithTwo() throws Exception {
        drop("week.csv", GOOD);
        assertEquals(2, once("--once", "-Dleads.export.target=sftp://exporter:S3cret-pw@sftp.example.com//srv/in"),
                lastLines());
        assertTrue(lastLog.contains("did not start: leads.export.target sftp://exporter:xxxxxx@sftp.example.com//srv/in"
                + " names an absolute path"), lastLines());
        assertFalse(lastLog.contains("S3cret-pw"), lastLines());
        assertEquals(2, once("-Dleads.export.target=smb://files.example.com/share"), lastLines()); // a service too
        assertTrue(lastLog.contains("did not start: leads.export.target smb://files.example.com/share: no Camel component"
                + " for the scheme 'smb'"), lastLines());
        assertEquals(2, once("--once", "-Dleads.export.target=file:/proc/no-such-place"), lastLines());
        assertTrue(lastLog.contains("did not start: leads.export.target file:/proc/no-such-place: the folder"
                + " /proc/no-such-place cannot be created"), lastLines());
        assertEquals(List.of("week.csv"), names("inbox"), "no file touched");
        assertEquals(0, once("--once", "-Dleads.export.enabled=false", "-Dleads.export.target=smb://files.example.com/share"),
                "no export, no check: " + lastLines());
    }

    @Test
    void aRefusedKeyIsTwoAndNoFileIsTouched() throws Exception {
        drop("week.csv", GOOD);
        assertEquals(2, once("--once", "-Dleads.sandbox.api-key=sandbox-secret"), lastLines());
        assertTrue(lastLog.contains("fix leads.crm.api-key"), lastLines());
        assertEquals(List.of("week.csv"), names("inbox"), "the file stays in the inbox");
    }

    @Test
    void invalidSettingsAreTwoNamingTheKey() throws Exception {
        assertEquals(2, once("--once", "-Dleads.import.concurency=4"));
        assertTrue(lastLog.contains("unknown setting leads.import.concurency (did you mean leads.import.concurrency?)"),
                lastLines());
        assertEquals(2, once("-Dleads.export.cron=garbage")); // a service too: a start that fails exits
        assertTrue(lastLog.contains("leads.export.cron is not a Quartz cron expression"), lastLines());
        assertEquals(2, once("--once", "--properties", data.resolve("missing.properties").toString()));
        assertTrue(lastLog.contains("missing.properties does not exist"), lastLines());
        environment.put("LEADS_IMPORT_CONCURENCY", "4");
        assertEquals(2, once("--once"));
        assertTrue(lastLog.contains("unknown setting in the environment: LEADS_IMPORT_CONCURENCY (did you mean"
                + " LEADS_IMPORT_CONCURRENCY?)"), lastLines());
    }

    @Test
    void aManagementPortInUseIsTwo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            assertEquals(2, once("--once", "-Dcamel.management.port=" + taken.getLocalPort()));
            assertTrue(lastLog.contains("camel.management.port " + taken.getLocalPort() + " is in use"), lastLines());
        }
    }

    @Test
    void againstACrmAtItsUrl() throws Exception {
        crm = new SandboxCrm().requireApiKey("api_right").start();
        drop("week.csv", GOOD);
        assertEquals(2, once("--once", "-Dleads.crm.url=" + crm.closeBaseUrl(), "-Dleads.crm.api-key=api_wrong"), lastLines());
        assertEquals(List.of("week.csv"), names("inbox"));
        assertTrue(!lastLog.contains("api_wrong"), "the key is never logged");

        assertEquals(0, once("--once", "-Dleads.crm.url=" + crm.closeBaseUrl(), "-Dleads.crm.api-key=api_right"), lastLines());
        assertEquals(2, crm.leadCount());

        int port = crm.port();
        crm.close();
        crm = null;
        drop("later.csv", GOOD);
        assertEquals(1, once("--once", "-Dleads.crm.url=http://127.0.0.1:" + port + "/api/v1", "-Dleads.crm.api-key=api_right"),
                lastLines()); // nothing answers: a failure, not a configuration error
        assertEquals(List.of("later.csv"), names("inbox"));
    }

    @Test
    void aPropertiesFileGoesOnTopOfTheBuiltInSettings() throws Exception {
        drop("week.csv", GOOD);
        Path file = data.resolve("ops.properties");
        Files.writeString(file, "leads.import.enabled=false\nleads.export.file-name=from-ops-file.csv\n");
        assertEquals(0, once("--once", "--properties", file.toString()), lastLines());
        assertEquals(List.of("from-ops-file.csv"), names("outbox"), "the file's setting, and the flows still run");
        assertEquals(List.of("week.csv"), names("inbox"), "leads.import.enabled=false from the file");
    }

    /** Four overlapping files in the inbox when the one-shot run starts: each company once, each person once. */
    @Test
    void overlappingFilesInOneRunHoldEachCompanyOnce() throws Exception {
        crm = new SandboxCrm().latencyMillis(25).start(); // answers take a moment: drops side by side would race
        List<String> files = org.leadroutes.importing.OverlappingWeeks.files();
        for (int f = 0; f < files.size(); f++) {
            drop("week-" + f + ".csv", files.get(f));
        }
        assertEquals(0, once("--once", "-Dleads.crm.url=" + crm.closeBaseUrl(), "-Dleads.export.enabled=false",
                "-Dleads.import.concurrency=2"), lastLines());
        assertEquals(files.size(), names("inbox/.done").size(), "every file imported");
        org.leadroutes.importing.OverlappingWeeks.assertEachCompanyAndPersonOnce(crm.leads());
    }

    /** A dry run in a one-shot run previews the inbox and ends, the files left there for the real run. */
    @Test
    void aDryRunLeavesTheFilesForTheRealRun() throws Exception {
        drop("week.csv", GOOD);
        assertEquals(0, once("--once", "-Dleads.import.dry-run=true", "-Dleads.export.enabled=false"), lastLines());
        assertEquals(List.of("week.csv"), names("inbox"), "the file stays in the inbox");
        assertTrue(lastLog.contains("2 would be created with 2 contacts"), lastLines());

        assertEquals(0, once("--once", "-Dleads.export.enabled=false"), lastLines());
        assertEquals(List.of(), names("inbox"), "the real run took it");
        assertTrue(lastLog.contains("2 created"), lastLines());
    }

    @Test
    void theCrmInAPropertiesFileIsTheCrmTheDropGoesTo() throws Exception { // issue 25: it was the embedded sandbox
        crm = new SandboxCrm().requireApiKey("api_in_file").start();
        drop("week.csv", GOOD);
        Path file = data.resolve("crm.properties");
        Files.writeString(file, "leads.crm.url = " + crm.closeBaseUrl() + "\nleads.crm.api-key = api_in_file\n"
                + "leads.export.enabled = false\n");
        assertEquals(0, once("--once", "--properties", file.toString()), lastLines());
        assertEquals(2, crm.leadCount(), "the drop's leads are in the file's CRM");
        assertTrue(!lastLog.contains("SANDBOX CRM") && !lastLog.contains("api_in_file"), lastLines());
    }

    /**
     * {@code --undo DROP} (issue 31): the preview with the dry-run setting changes nothing; the undo deletes what the
     * drop created and the contact it added to a lead the CRM had, and exits like {@code --once}; a drop this CRM
     * has no record of is 2, nothing touched.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aWrongDropIsPreviewedThenUndoneAndExitsLikeOnce() throws Exception {
        crm = new SandboxCrm().start();
        crm.createLead(java.util.Map.of("name", "Acme Ltd", "contacts", List.of(java.util.Map.of("name", "Charles Babbage",
                "emails", List.of(java.util.Map.of("email", "charles@acme-ltd.com"))))));
        String url = "-Dleads.crm.url=" + crm.closeBaseUrl();
        drop("wrong.csv", GOOD);
        assertEquals(0, once("--once", url, "-Dleads.export.enabled=false"), lastLines());
        assertEquals(2, crm.leadCount(), "Globex created; Ada added to Acme");
        String drop = names("inbox/.done").get(0);

        assertEquals(0, once("-Dleads.import.dry-run=true", "--undo", drop, url), lastLines());
        assertTrue(lastLog.contains("; undo of " + drop + " (preview: nothing deleted or changed);"), lastLines());
        assertTrue(lastLog.contains("undo of " + drop + ": done: 1 leads would be deleted, 1 contacts would be deleted"
                + " from leads the CRM had before") && lastLog.contains("(dry run: nothing deleted or changed)"), lastLines());
        assertEquals(2, crm.leadCount(), "a preview changes nothing");
        assertTrue(Files.exists(data.resolve("reports").resolve(drop + ".undo-preview.report.json")));
        assertTrue(Files.notExists(data.resolve("reports").resolve(drop + ".undo.report.json")));

        assertEquals(0, once("--undo", drop, url), lastLines());
        assertTrue(lastLog.contains("undo of " + drop + ": done: 1 leads deleted, 1 contacts deleted from leads the CRM"
                + " had before") && lastLog.contains("one-shot run done, exit code 0"), lastLines());
        assertEquals(1, crm.leadCount(), "Globex deleted");
        List<java.util.Map<String, Object>> contacts = (List<java.util.Map<String, Object>>) crm.leads().get(0).get("contacts");
        assertEquals(List.of("Charles Babbage"), contacts.stream().map(c -> c.get("name")).toList(), "Ada taken back out");
        assertEquals(List.of(drop), names("inbox/.done"), "nothing imported by an undo");

        assertEquals(2, once("--undo", "wrong.20200101-000000.000.csv", url), lastLines());
        assertTrue(lastLog.contains("no record of a drop named 'wrong.20200101-000000.000.csv'"), lastLines());
        assertEquals(1, crm.leadCount());
    }

    /**
     * An undo killed ({@code kill -9}) in the middle, run again: it resumes from its ledger, passes over what the
     * killed run deleted, looks again at the lead whose DELETE was on its way when the process died, and leaves the
     * CRM as before the drop: no lead is deleted twice.
     */
    @Test
    void aKilledUndoResumedLeavesTheCrmAsBeforeTheDrop() throws Exception {
        crm = new SandboxCrm().start();
        crm.createLead(java.util.Map.of("name", "Acme Ltd"));
        String url = "-Dleads.crm.url=" + crm.closeBaseUrl();
        StringBuilder wrong = new StringBuilder("Company,Contact Name,Email\n");
        for (int i = 0; i < 12; i++) {
            wrong.append("Company ").append(i).append(",Person ").append(i).append(",p").append(i).append("@c")
                    .append(i).append(".example.com\n");
        }
        drop("wrong.csv", wrong.toString());
        assertEquals(0, once("--once", url, "-Dleads.export.enabled=false"), lastLines());
        assertEquals(13, crm.leadCount());
        String drop = names("inbox/.done").get(0);

        crm.latencyMillis(400); // slow answers: the undo is killed with some leads deleted and some not
        Process undo = start("--undo", drop, url);
        org.awaitility.Awaitility.await("a few leads deleted").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> undoLedgerLines("deleted\t") >= 3);
        undo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killedAfter = undoLedgerLines("deleted\t");
        int leftByKill = crm.leadCount();
        assertTrue(leftByKill > 1 && leftByKill < 13, "killed in the middle: " + leftByKill + " leads");
        int deletesBefore = crm.requestCount("DELETE /lead/{id}/");

        crm.latencyMillis(0);
        assertEquals(0, once("--undo", drop, url), lastLines());
        assertEquals(List.of("Acme Ltd"), crm.leads().stream().map(l -> l.get("name")).toList(), "as before the drop");
        int deletesAfter = crm.requestCount("DELETE /lead/{id}/") - deletesBefore;
        assertTrue(deletesAfter <= leftByKill - 1, deletesAfter + " DELETEs for the " + (leftByKill - 1) + " leads left:"
                + " one on its way at the kill is looked at first, and deleted only if still there");
        assertTrue(lastLog.contains(killedAfter + " settled by an earlier run"), lastLines());
    }

    private long undoLedgerLines(String start) throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("state"))) {
            Path ledger = files.filter(f -> f.getFileName().toString().endsWith(".undo.ledger")).findFirst().orElse(null);
            return ledger == null ? 0 : Files.readAllLines(ledger).stream().filter(l -> l.startsWith(start)).count();
        }
    }
}
