package org.leadroutes.importing;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What lands in the inbox that is not a finished regular file with an ordinary name (issue 26): links, pipes, a file
 * still being written, names too long for a report's name or holding line breaks, a file the importer cannot move.
 * Each ends with nothing read that should not be, nothing lost, a report saying what happened, and the next good
 * drop imported.
 */
class ImportInboxFilesTest extends ImportTestSupport {

    private final StringWriter logs = new StringWriter();
    private WriterAppender capture;

    @BeforeEach
    void captureLogs() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        capture = WriterAppender.newBuilder().setName("inbox-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %m%n").build()).build();
        capture.start();
        ctx.getConfiguration().addAppender(capture);
        ctx.getConfiguration().getLoggerConfig("org.leadroutes").addAppender(capture, Level.INFO, null);
    }

    @AfterEach
    void releaseLogs() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getLoggerConfig("org.leadroutes").removeAppender("inbox-capture");
        capture.stop();
    }

    private Path inbox() throws IOException {
        return Files.createDirectories(dataDir.resolve("inbox"));
    }

    /** The one entry of {@code inbox/<folder>} that was not there {@code before}, once there (links too). */
    private Path awaitNew(String folder, Set<Path> before) {
        return await("a new entry in inbox/" + folder).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> entries(folder).stream().filter(p -> !before.contains(p)).findFirst().orElse(null),
                        java.util.Objects::nonNull);
    }

    private List<Path> entries(String folder) throws IOException {
        Path dir = dataDir.resolve("inbox").resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> reportOf(Path archived) throws IOException {
        Path report = dataDir.resolve("reports").resolve(archived.getFileName() + ".report.json");
        await(report + " written").atMost(Duration.ofSeconds(5)).until(() -> Files.exists(report));
        return JSON.readValue(report.toFile(), Map.class);
    }

    private String everythingWritten() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.walk(dataDir)) {
            for (Path f : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (!f.startsWith(dataDir.resolve("outside"))) {
                    all.append(Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all.toString();
    }

    private void nextGoodDropImports() throws Exception {
        Map<String, Object> next = importFile("next.csv", "Company,Email\nNext Inc,n@next.example.com\n");
        assertEquals("done", next.get("status"));
        lead("Next Inc");
    }

    @Test
    void linksAreRefusedUnfollowedAndMovedToFailedAsLinks() throws Exception {
        Path outside = Files.createDirectories(dataDir.resolve("outside"));
        Path csv = Files.writeString(outside.resolve("elsewhere.csv"), "Company,Email\nOutside Corp,o@outside.example.com\n");
        Path secret = Files.writeString(outside.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        for (Object[] link : new Object[][] {{"linked.csv", csv}, {"passwd.csv", secret}}) {
            Set<Path> before = Set.copyOf(entries(".failed"));
            Files.createSymbolicLink(inbox().resolve((String) link[0]), (Path) link[1]);
            Path failed = awaitNew(".failed", before);

            assertTrue(Files.isSymbolicLink(failed), "moved as the link it is: " + failed);
            assertEquals(link[1], Files.readSymbolicLink(failed));
            Map<String, Object> report = reportOf(failed);
            assertEquals("failed", report.get("status"));
            assertTrue(((String) report.get("error")).startsWith("a symbolic link, not a file: links are not followed"),
                    (String) report.get("error"));
        }
        assertTrue(Files.exists(csv) && Files.exists(secret), "what the links point to is left alone");
        assertEquals(0, crm.leadCount(), "a link to a CSV outside the inbox is not imported");
        assertEquals(0, crm.requestCount("GET /me/"), "refused before any CRM call");
        String written = everythingWritten();
        assertFalse(written.contains("root:x:0:0") || written.contains("Outside Corp"),
                "nothing a link points to was copied into a report");

        nextGoodDropImports();
    }

    @Test
    void aPipeIsRefusedUnopenedAndDoesNotHoldTheInbox() throws Exception {
        Path fifo = dataDir.resolve("pipe.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is available");
        Files.move(fifo, inbox().resolve("pipe.csv"));
        Path failed = awaitNew(".failed", Set.of());

        assertTrue(Files.readAttributes(failed, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther(), "the pipe itself moved: " + failed);
        Map<String, Object> report = reportOf(failed);
        assertEquals("failed", report.get("status"));
        assertTrue(((String) report.get("error")).startsWith("a named pipe (FIFO), not a file: it was not opened"),
                (String) report.get("error"));
        nextGoodDropImports();
    }

    @Test
    void longNamesAndNamesWithLineBreaksAreArchivedReportedAndLoggedEscaped() throws Exception {
        List<String> names = List.of("L".repeat(247) + ".csv", "M".repeat(226) + ".csv",
                "forged\n2026-11-23 ERROR the importer was hacked.csv");
        int i = 0;
        for (String name : names) {
            i++;
            Set<Path> before = Set.copyOf(entries(".done"));
            drop(name, "Company,Email\nOdd Name " + i + ",o" + i + "@odd" + i + ".example.com\n");
            Path done = awaitNew(".done", before);

            assertTrue(done.getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= 255);
            Map<String, Object> report = reportOf(done);
            assertEquals("done", report.get("status"), name);
            assertEquals(name, report.get("file"), "the report names the file as it was dropped");
            assertTrue(Files.exists(Path.of((String) report.get("rejectsFile"))), "its rejects file is written");
            assertTrue(Files.exists(Path.of((String) report.get("resultsFile"))), "its results file is written");
            lead("Odd Name " + i);
        }
        assertEquals(3, crm.requestCount("GET /me/"), "one try each, no loop calling the CRM");
        assertTrue(entries("").stream().noneMatch(Files::isRegularFile), "nothing left in the inbox");
        String logged = logs.toString();
        assertTrue(logged.contains("forged\\n2026-11-23 ERROR the importer was hacked.csv: done"), logged);
        assertFalse(logged.contains("\n2026-11-23 ERROR the importer was hacked"), "a line break in a name forges no line");
        nextGoodDropImports();
    }

    @Test
    void aFileWrittenToWhileItIsImportedIsNotReportedDoneAndIsImportedWholeOnceStill() throws Exception {
        crm.latencyMillis(150); // the drop takes a while: the writer appends while it runs
        Path file = inbox().resolve("slow.csv");
        Files.writeString(file, "Company,Email\nSlow 1,s1@slow1.example.com\n");
        await("the drop of slow.csv started").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> crm.requestCount("GET /me/") > 0);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger row = new AtomicInteger(1);
        java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            writer.scheduleWithFixedDelay(() -> { // a tool writing a row every 100 ms, as `>>` does, and once the
                StringBuilder next = new StringBuilder(); // first try has created a lead, a later row of Slow 1 (an
                if (row.get() < 5) {                       // export sorted by company)
                    int n = row.incrementAndGet();
                    next.append("Slow ").append(n).append(",s").append(n).append("@slow").append(n).append(".example.com\n");
                }
                if (!late.get() && crm.requestCount("POST /lead/") > 0) {
                    late.set(true);
                    next.append("Slow 1,late@slow1.example.com\n");
                }
                if (next.isEmpty()) {
                    if (late.get()) {
                        throw new IllegalStateException("done writing"); // ends the schedule
                    }
                    return;
                }
                try {
                    Files.writeString(file, next, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            Path done = awaitNew(".done", Set.of());
            assertTrue(row.get() == 5 && late.get(), "archived only once the writer was done");

            Map<String, Object> report = reportOf(done);
            assertEquals("done", report.get("status"));
            assertEquals(6L, count(report, "rows"), "the whole file read: " + report);
            assertEquals(5L, count(report, "leadsCreated") + count(report, "skipped") + count(report, "leadsMatched"));
        } finally {
            writer.shutdownNow();
        }
        for (int n = 1; n <= 5; n++) {
            lead("Slow " + n); // each once: nothing the changed try created is created again
        }
        assertEquals(5, crm.leadCount());
        assertEquals(2, ((List<?>) lead("Slow 1").get("contacts")).size(),
                "the row appended to the company the changed try created is merged into it, not skipped");
        String logged = logs.toString();
        assertTrue(logged.contains("slow.csv: the file changed while it was imported: it grew from 42 to"), logged);
        assertTrue(entries("").stream().noneMatch(Files::isRegularFile), "nothing left in the inbox");
        nextGoodDropImports();
    }

    @Test
    void aFileWrittenToInDoneAfterItsDropWasDoneIsBroughtBackAndItsLaterRowsImported() throws Exception {
        // a writer that keeps the file open and pauses longer than the read lock's settled time: its file is taken
        // after the first row, done, and moved to .done/, where its later rows land
        Path file = inbox().resolve("held.csv");
        Files.writeString(file, "Company,Email\nHeld 1,h1@held1.example.com\n");
        Path done = awaitNew(".done", Set.of());
        Map<String, Object> first = reportOf(done);
        assertEquals("done", first.get("status"));
        assertEquals(1L, count(first, "rows"));
        lead("Held 1");

        Files.writeString(done, "Held 2,h2@held2.example.com\nHeld 3,h3@held3.example.com\n"
                + "Held 1,late@held1.example.com\n", StandardOpenOption.APPEND); // the writer still holding it open

        Path report = dataDir.resolve("reports").resolve(done.getFileName() + ".report.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> again = await("the drop brought back from .done/ done again, whole")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    try {
                        Map<String, Object> read = JSON.readValue(report.toFile(), Map.class);
                        return "done".equals(read.get("status")) && count(read, "rows") == 4 && Files.exists(done)
                                ? read : null;
                    } catch (IOException torn) { // being written
                        return null;
                    }
                }, java.util.Objects::nonNull);
        assertEquals("held.csv", again.get("file"), "brought back under its own name: its report is the same file");
        assertEquals(3L, count(again, "leads"), again.toString());
        assertEquals(3L, count(again, "leadsCreated"), "the drop's report, over both tries: " + again);
        assertEquals(1L, count(again, "contactsAdded"), "the later row of Held 1, merged into its lead: " + again);
        assertTrue(((List<?>) again.get("warnings")).stream().anyMatch(w -> ((String) w).startsWith(
                "brought back from .done/: rows were written to it after its drop was done (it grew from 42 to")),
                again.toString());
        for (int n = 1; n <= 3; n++) {
            lead("Held " + n); // each once: nothing the first drop created is created again
        }
        assertEquals(3, crm.leadCount());
        assertEquals(3, crm.requestCount("POST /lead/"), "one create per company, over both drops");
        assertEquals(2, ((List<?>) lead("Held 1").get("contacts")).size(),
                "the later row of the company the first drop created is merged into its lead");
        String logged = logs.toString();
        assertTrue(logged.contains("WARN held.csv: rows were written to it after its drop was done (it grew from 42 to"),
                logged);
        assertTrue(logged.contains("It is brought back into the inbox as held.csv and imported again"), logged);
        assertTrue(logged.contains("Write files elsewhere and move them into the inbox when complete"), logged);
        assertTrue(entries("").stream().noneMatch(Files::isRegularFile), "nothing left in the inbox");
        assertEquals(List.of(done), entries(".done"), "one archive, the whole file: " + entries(".done"));
        nextGoodDropImports();
    }

    @Test
    void aOneLineFileOfValuesIsRefusedNotDone() throws Exception {
        Map<String, Object> report = importFile("half.csv", "Acme Ltd,ann@acme.example.com,+1 617 555 0143\n");
        assertEquals("failed", report.get("status"));
        assertTrue(((String) report.get("error")).startsWith("no data rows, and the one row there looks like data"),
                (String) report.get("error"));
        assertTrue(Files.exists(dataDir.resolve("inbox/.failed").resolve(archivedName("half.csv"))), "kept in .failed/");
        assertEquals(0, crm.requestCount("GET /me/"));
        nextGoodDropImports();
    }

    @Test
    void aDoneFileTheImporterCannotArchiveIsNotImportedAgain() throws Exception {
        Files.writeString(inbox().resolve(".done"), "in the way: .done/ cannot be made"); // the done move fails
        drop("stuck.csv", "Company,Email\nStuck Ltd,s@stuck.example.com\n");
        Path failed = awaitNew(".failed", Set.of());

        Map<String, Object> report = reportOf(failed);
        assertEquals("failed", report.get("status"));
        assertTrue(((String) report.get("error")).startsWith("imported already (its report: "), (String) report.get("error"));
        lead("Stuck Ltd");
        assertEquals(1, crm.requestCount("GET /me/"), "the second try made no CRM call");
        assertEquals(1, crm.requestCount("POST /lead/"));
        assertTrue(entries("").stream().noneMatch(p -> p.getFileName().toString().equals("stuck.csv")), "not left to loop");
    }
}
