package org.leadroutes.replicas;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several JVMs of the shipped jar on one data folder, coordinating through a fresh database on the machine's
 * PostgreSQL, against one sandbox CRM: the importing replica killed with SIGKILL a third into the drops, a leader
 * paused with SIGSTOP and resumed, the replica running a scheduled export killed mid-run. Skipped, with one loud
 * line, where no PostgreSQL answers at 127.0.0.1:5432.
 */
class ReplicasIT {

    static final String LEADS = "now leads leads-import";

    @TempDir
    Path data;

    TestDatabase db;
    SandboxCrm crm;
    String test;
    final List<Process> processes = new ArrayList<>();
    final Map<Process, Integer> ports = new java.util.HashMap<>();

    @BeforeEach
    void setUp(TestInfo info) {
        db = TestDatabase.create();
        test = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void tearDown() throws Exception {
        // a replica that failed to start would leave a test of "three replicas" to fewer: none may, but where the
        // test is a failed start
        List<String> failedStarts = processes.stream().filter(p -> log(p).contains("did not start:"))
                .map(p -> log(p).lines().filter(l -> l.contains("did not start:")).findFirst().orElse("")).toList();
        for (Process p : processes) {
            if (p.isAlive()) {
                signal(p, "CONT");
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (crm != null) {
            crm.close();
        }
        db.close();
        if (!test.startsWith("anUnreachableDatabase")) {
            assertEquals(List.of(), failedStarts, "every replica started");
        }
    }

    @Test
    void aKilledImporterIsTakenOverAndEveryLeadIsCreatedOnce() throws Exception {
        crm = new SandboxCrm().latencyMillis(25).start();
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        int files = 6;
        int perFile = 50;
        for (int f = 0; f < files; f++) {
            StringBuilder csv = new StringBuilder("company,contact,email\n");
            for (int i = 0; i < perFile; i++) {
                String n = f + "-" + i;
                csv.append("Company ").append(n).append(",Person ").append(n).append(",p").append(n).append("@c.example.com\n");
            }
            Path staged = Files.writeString(data.resolve("drop" + f + ".csv.part"), csv);
            Files.move(staged, inbox.resolve("drop" + f + ".csv"));
        }
        // a marker a replica of an older version left when it died: it blocks nothing
        Files.writeString(inbox.resolve("drop0.csv.camelLock"), "");
        List<Process> replicas = List.of(start("a"), start("b"), start("c"));
        // killed in the middle of a drop (two drops and half of the third created), with leads in flight; a kill as
        // a drop ends is DropTriesTest's (the try that ends it next removes what the killed one had moved in place)
        waitFor(() -> crm.leadCount() >= 2 * perFile + perFile / 2, 120, "two drops and half of a third created");
        Process leader = leader(replicas);
        leader.destroyForcibly(); // SIGKILL: its session ends, its lock with it
        leader.waitFor(10, TimeUnit.SECONDS);
        waitFor(() -> leaders(replicas).size() == 2, 60, "another replica to take the import over"); // benchmarks: how fast
        waitFor(() -> reports(data).size() == files && inboxFiles(inbox).stream()
                .allMatch(f -> f.getFileName().toString().endsWith(".camelLock")), 180, "every drop done");

        Map<String, Long> counts = crm.leads().stream()
                .collect(Collectors.groupingBy(l -> (String) l.get("name"), Collectors.counting()));
        assertEquals(files * perFile, counts.size(), "every company arrived");
        counts.forEach((name, n) -> assertEquals(1L, n, name + " was created " + n + " times"));
        try (Stream<Path> done = Files.list(inbox.resolve(".done"))) {
            assertEquals(files, done.count(), "each drop archived once");
        }
        assertEquals(files, reports(data).size(), "one report per drop");
        assertFalse(Files.exists(inbox.resolve(".failed")) && Files.list(inbox.resolve(".failed")).findAny().isPresent(),
                "no drop failed");
        // the reports are true after the takeover: the killed replica's try left no file, no lead in flight is matched
        try (Stream<Path> all = Files.list(data.resolve("reports"))) {
            List<Path> written = all.toList();
            assertEquals(3 * files, written.size(), "a report, a rejects and a results file per drop: " + written);
            for (Path file : written) {
                assertTrue(Files.size(file) > 0, file + " is empty");
            }
        }
        for (Path report : reports(data)) {
            Map<?, ?> read = org.leadroutes.crm.Json.MAPPER.readValue(report.toFile(), Map.class);
            assertEquals(0L, ((Number) read.get("leadsMatched")).longValue(), "a lead in flight is no match: " + read);
            assertEquals((long) perFile, ((Number) read.get("leadsCreated")).longValue()
                    + ((Number) read.get("skipped")).longValue(), "each company created once, by one try or another: " + read);
        }
    }

    /** Two replicas running, four overlapping files moved into the shared inbox at once: each company once. */
    @Test
    void overlappingFilesMovedInTogetherHoldEachCompanyOnce() throws Exception {
        crm = new SandboxCrm().latencyMillis(25).start();
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        List<Process> replicas = List.of(start("a"), start("b"));
        waitFor(() -> leaders(replicas).size() == 1, 60, "a replica to lead the import");
        List<String> weeks = org.leadroutes.importing.OverlappingWeeks.files();
        for (int f = 0; f < weeks.size(); f++) {
            Files.writeString(data.resolve("week-" + f + ".csv.part"), weeks.get(f));
        }
        for (int f = 0; f < weeks.size(); f++) { // `mv *.csv inbox/`
            Files.move(data.resolve("week-" + f + ".csv.part"), inbox.resolve("week-" + f + ".csv"));
        }
        waitFor(() -> reports(data, "done").size() == weeks.size() && inboxFiles(inbox).isEmpty(), 120,
                "every drop done");
        org.leadroutes.importing.OverlappingWeeks.assertEachCompanyAndPersonOnce(crm.leads());
    }

    @Test
    void aPausedLeaderKeepsTheImportAndNoOtherImportsBesideIt() throws Exception {
        crm = new SandboxCrm().latencyMillis(25).start();
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        StringBuilder csv = new StringBuilder("company,contact,email\n");
        int companies = 200;
        for (int i = 0; i < companies; i++) {
            csv.append("Company ").append(i).append(",Person ").append(i).append(",p").append(i).append("@c.example.com\n");
        }
        List<Process> replicas = List.of(start("a"), start("b"));
        waitFor(() -> leaders(replicas).size() == 1, 60, "one replica to lead");
        Files.move(Files.writeString(data.resolve("big.csv.part"), csv), inbox.resolve("big.csv"));
        waitFor(() -> crm.leadCount() >= companies / 4, 120, "a quarter of the leads created");
        Process leader = leader(replicas);
        Process follower = replicas.get(0) == leader ? replicas.get(1) : replicas.get(0);
        assertEquals(Boolean.TRUE, importLeader(leader), "the leader's readiness says it leads");
        assertEquals(Boolean.FALSE, importLeader(follower), "the other's says it does not");
        signal(leader, "STOP");
        int atPause = crm.leadCount();
        long pauseSeconds = Long.getLong("leads.it.pause-seconds", 20);
        // paused, it keeps its database session and so the lock: no other replica takes the import over. A window on
        // purpose: the property is that nothing happens for as long as the pause lasts, which no event can say
        await("no replica imports beside the paused leader").during(Duration.ofSeconds(pauseSeconds))
                .atMost(Duration.ofSeconds(pauseSeconds + 30))
                .until(() -> leaders(replicas).size() == 1 && crm.leadCount() <= atPause + 4);
        signal(leader, "CONT");
        waitFor(() -> reports(data).size() == 1, 120, "the drop done");
        Map<String, Long> counts = crm.leads().stream()
                .collect(Collectors.groupingBy(l -> (String) l.get("name"), Collectors.counting()));
        counts.forEach((name, n) -> assertEquals(1L, n, name + " was created " + n + " times"));
        // a long pause outlasts the HTTP exchanges that were in flight: their leads are reported uncertain (never
        // sent again, by the import's rule), not created twice; every other company arrived
        @SuppressWarnings("unchecked")
        Map<String, Object> report = org.leadroutes.crm.Json.MAPPER.readValue(reports(data).get(0).toFile(), Map.class);
        long uncertain = ((Number) report.get("uncertain")).longValue();
        assertEquals(companies, counts.size() + uncertain, "every company arrived or is reported uncertain: " + report);
        assertTrue(uncertain <= 8, "only leads in flight at the pause are uncertain: " + report);
        assertEquals(1, leaders(replicas).size(), "the resumed leader is still the only one that ever led");
    }

    @Test
    void anExportWhoseReplicaIsKilledIsRunOnceMoreOnAnotherUnderItsFiringsName() throws Exception {
        ZonedDateTime firing = slowExportCrm();
        List<String> export = slowExportSettings(firing);
        List<Process> replicas = List.of(start("a", export), start("b", export));
        waitFor(() -> exporting(replicas) != null, 90, "the firing to start an export on one replica");
        Process running = exporting(replicas);
        int atStart = crm.requestCountTotal();
        waitFor(() -> crm.requestCountTotal() >= atStart + 10, 60, "a few pages read");
        running.destroyForcibly();
        running.waitFor(10, TimeUnit.SECONDS);
        String name = "leads-" + firing.toLocalDate() + "-" + String.format("%02d%02d%02d", firing.getHour(),
                firing.getMinute(), firing.getSecond()) + ".csv";
        Path outbox = data.resolve("outbox");
        waitFor(() -> Files.exists(outbox.resolve(name)), 120, "the recovered run to publish " + name);
        Process survivor = replicas.get(0) == running ? replicas.get(1) : replicas.get(0);
        assertTrue(log(survivor).contains("stopped with its replica: run again here, once"), "recovered, not fired anew");
        waitFor(this::scheduleDone, 60, "the recovered run to end, nothing of the schedule left to run");
        assertEquals(1, csvFiles(outbox), "one file");
        assertEquals(1, runs(survivor), "one run on the survivor, the recovered one");
        List<String> lines = Files.readAllLines(outbox.resolve(name));
        for (int i = 0; i < 600; i++) {
            String company = String.format("Company %04d", i);
            assertEquals(1, lines.stream().filter(l -> l.contains(company)).count(), company + " once in the file");
        }
    }

    /**
     * The replica running a firing's export paused (SIGSTOP) past Quartz's check-in: another replica takes it for
     * dead and runs the firing again; resumed, the paused one finishes its run too. One of the two publishes: the
     * later finds the firing claimed and stops, leaving the file, its report and the incremental state as they are.
     */
    @Test
    void anExportReplicaPausedPastItsCheckInAndResumedPublishesNothingTwice() throws Exception {
        ZonedDateTime firing = slowExportCrm();
        List<String> export = slowExportSettings(firing, "-Dleads.export.incremental=true");
        List<Process> replicas = List.of(start("a", export), start("b", export));
        waitFor(() -> exporting(replicas) != null, 90, "the firing to start an export on one replica");
        Process paused = exporting(replicas);
        Process other = replicas.get(0) == paused ? replicas.get(1) : replicas.get(0);
        int atStart = crm.requestCountTotal();
        waitFor(() -> crm.requestCountTotal() >= atStart + 10, 60, "a few pages read");
        signal(paused, "STOP");
        String name = "leads-" + firing.toLocalDate() + "-" + String.format("%02d%02d%02d", firing.getHour(),
                firing.getMinute(), firing.getSecond()) + ".csv";
        Path outbox = data.resolve("outbox");
        waitFor(() -> Files.exists(outbox.resolve(name)), 120, "the other replica to run the firing again and publish");
        assertTrue(log(other).contains("stopped with its replica: run again here, once"), "recovered, not fired anew");
        Path report = data.resolve("reports").resolve(name + ".export.json");
        waitFor(() -> Files.exists(report), 30, "its report");
        Path state = data.resolve("state");
        Path lastSuccess;
        try (Stream<Path> files = Files.list(state)) {
            lastSuccess = files.filter(f -> f.getFileName().toString().endsWith(".last-success")).findFirst().orElseThrow();
        }
        String since = Files.readString(lastSuccess);
        byte[] published = Files.readAllBytes(outbox.resolve(name));
        String reported = Files.readString(report);
        signal(paused, "CONT");
        waitFor(() -> log(paused).contains("is published already, by replica"), 120,
                "the resumed run to find its firing published and stop");
        try (Stream<Path> out = Files.list(outbox)) {
            assertEquals(1, out.filter(f -> f.getFileName().toString().endsWith(".csv")).count(), "one file");
        }
        assertEquals(new String(published), Files.readString(outbox.resolve(name)), "the published file untouched");
        assertEquals(reported, Files.readString(report), "its report untouched");
        assertEquals(since, Files.readString(lastSuccess), "the incremental state advanced once");
        assertFalse(log(paused).contains(": published to "), "the resumed run published nothing");
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithExitCode2NamingTheSetting() throws Exception {
        crm = new SandboxCrm().start();
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process p = start("a", List.of("-Dleads.cluster.jdbc-url=jdbc:postgresql://127.0.0.1:" + port + "/leads",
                "-Dleads.cluster.password=s3cret-pw"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the start gives up");
        assertEquals(2, p.exitValue());
        assertTrue(log(p).contains("leads.cluster.jdbc-url"), log(p));
        assertFalse(log(p).contains("s3cret-pw"), "the password is never logged");
    }

    /**
     * PostgreSQL restarted while a drop is imported and just before a firing: the leader takes its lock back (the
     * others wait out the restart grace), every lead once, the drop done once; the firing runs once. By default the
     * restart is the test database's, as its clients see one: every session ended by the server, new ones refused
     * until no replica holds one, then taken again; the machine's server, which other builds may use, stays up.
     * With {@code -Dleads.it.restart-postgres=true} the machine's PostgreSQL itself is restarted.
     */
    @Test
    void aPostgresRestartMidRunDoublesNothingAndLosesNothing() throws Exception {
        crm = new SandboxCrm().latencyMillis(50).start();
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        StringBuilder csv = new StringBuilder("company,contact,email\n");
        int companies = 600;
        for (int i = 0; i < companies; i++) {
            csv.append("Company ").append(i).append(",Person ").append(i).append(",p").append(i).append("@c.example.com\n");
        }
        ZonedDateTime firing = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(40).withNano(0);
        String cron = firing.getSecond() + " " + firing.getMinute() + " " + firing.getHour() + " * * ?";
        List<String> settings = List.of("-Dleads.import.concurrency=4", "-Dleads.export.cron=" + cron,
                "-Dleads.export.file-name=leads-${date:header.firing:yyyy-MM-dd-HHmmss}.csv", "-Duser.timezone=UTC",
                "-Dleads.cluster.restart-grace-ms=8000");
        List<Process> replicas = List.of(start("a", settings), start("b", settings));
        waitFor(() -> leaders(replicas).size() == 1, 60, "one replica to lead");
        Files.move(Files.writeString(data.resolve("big.csv.part"), csv), inbox.resolve("big.csv"));
        waitFor(() -> crm.leadCount() >= companies / 4, 120, "a quarter of the leads created");
        restartPostgres(); // mid-drop
        assertTrue(crm.leadCount() < companies, "the drop was still going when the database came back");
        await("the firing is near").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ZonedDateTime.now(ZoneOffset.UTC).isAfter(firing.minusSeconds(2)));
        restartPostgres(); // across the firing
        // each try of a drop has its report: the one the restart stopped says waiting, the one that finished done
        waitFor(() -> reports(data, "done").size() == 1, 180, "the drop done");
        String name = "leads-" + firing.toLocalDate() + "-" + String.format("%02d%02d%02d", firing.getHour(),
                firing.getMinute(), firing.getSecond()) + ".csv";
        waitFor(() -> Files.exists(data.resolve("outbox").resolve(name)), 120, "the firing's export");
        Map<String, Long> counts = crm.leads().stream()
                .collect(Collectors.groupingBy(l -> (String) l.get("name"), Collectors.counting()));
        assertEquals(companies, counts.size(), "every company arrived");
        counts.forEach((company, n) -> assertEquals(1L, n, company + " was created " + n + " times"));
        if (Boolean.getBoolean("leads.it.restart-postgres")) { // the server restarted: the others wait the grace
            assertEquals(1, leaders(replicas).size(), "the leader took its lock back; no other replica imported");
        } // else the server did not restart: whichever replica took the lock led, and the leads above are each once
        waitFor(this::scheduleDone, 60, "every run of the firing ended, none left to recover");
        assertEquals(1, csvFiles(data.resolve("outbox")), "one export for the firing");
    }

    /**
     * A sandbox CRM of 600 leads that a replica reads slowly (see {@link #slowExportSettings}), so a run can be
     * stopped midway; returns a firing 25 s from now, time for the replicas to start.
     */
    ZonedDateTime slowExportCrm() {
        crm = new SandboxCrm().latencyMillis(30).start();
        for (int i = 0; i < 600; i++) {
            crm.createLead(Map.of("name", String.format("Company %04d", i)));
        }
        return ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(25).withNano(0);
    }

    /** Export-only replicas firing once at {@code firing}, reading pages of 10 one at a time, the file named after it. */
    static List<String> slowExportSettings(ZonedDateTime firing, String... extra) {
        List<String> settings = new ArrayList<>(List.of("-Dleads.import.enabled=false",
                "-Dleads.export.cron=" + firing.getSecond() + " " + firing.getMinute() + " " + firing.getHour() + " * * ?",
                "-Dleads.export.close-read=pages", "-Dleads.export.page-size=10", "-Dleads.export.concurrency=1",
                "-Dleads.export.file-name=leads-${date:header.firing:yyyy-MM-dd-HHmmss}.csv", "-Duser.timezone=UTC"));
        settings.addAll(List.of(extra));
        return settings;
    }

    /** The test database restarted as its clients see it, or the machine's server with -Dleads.it.restart-postgres=true. */
    void restartPostgres() throws Exception {
        if (Boolean.getBoolean("leads.it.restart-postgres")) {
            String version = Files.list(Path.of("/etc/postgresql")).findFirst().orElseThrow().getFileName().toString();
            Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart")
                    .inheritIO().start();
            assertTrue(restart.waitFor(60, TimeUnit.SECONDS) && restart.exitValue() == 0, "PostgreSQL restarted");
        } else {
            db.restart();
        }
    }

    @Test
    void everyReplicaDownAcrossAFiringAndOneBackRunsItOnce() throws Exception {
        crm = new SandboxCrm().start();
        for (int i = 0; i < 20; i++) {
            crm.createLead(Map.of("name", String.format("Company %04d", i)));
        }
        ZonedDateTime firing = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(25).withNano(0);
        String cron = firing.getSecond() + " " + firing.getMinute() + " " + firing.getHour() + " * * ?";
        List<String> export = List.of("-Dleads.import.enabled=false", "-Dleads.export.cron=" + cron,
                "-Dleads.export.file-name=leads-${date:header.firing:yyyy-MM-dd-HHmmss}.csv", "-Duser.timezone=UTC");
        Process first = start("a", export);
        waitFor(() -> storedTriggers() == 1, 60, "the schedule stored in the database");
        first.destroy(); // stopped (SIGTERM) before the firing: no replica is up when it is due
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertFalse(log(first).contains(": started: "), "stopped before the firing");
        await("the firing passed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ZonedDateTime.now(ZoneOffset.UTC).isAfter(firing.plusSeconds(3)));
        Process back = start("b", export);
        String name = "leads-" + firing.toLocalDate() + "-" + String.format("%02d%02d%02d", firing.getHour(),
                firing.getMinute(), firing.getSecond()) + ".csv";
        Path outbox = data.resolve("outbox");
        waitFor(() -> Files.exists(outbox.resolve(name)), 90, "the missed firing run once " + name);
        waitFor(this::scheduleDone, 60, "the run to end, nothing of the schedule left to run");
        assertEquals(1, csvFiles(outbox), "one run, not two");
        assertEquals(1, runs(back), "one export run");
    }

    static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"); // not the MT build: it serialises every clock read, which slows a JVM to a crawl

    /**
     * Three replicas whose clocks disagree (libfaketime: one 2 s ahead, one 2 s behind) share a schedule firing
     * every 5 s while the third imports three drops: each firing run once, no replica taken for dead, each lead
     * once. The skewed replicas run the schedule only: under libfaketime a JVM runs several times slower, too slow
     * to import in a test's time; the import's leadership reads no replica's clock (the restart grace is measured
     * by PostgreSQL's), and a resumed drop looks its uncertain leads up with a margin of minutes.
     */
    @Test
    void replicaClocksSecondsApartDoubleNothing() throws Exception {
        if (!Files.exists(FAKETIME)) {
            System.err.println("*** SKIPPED: ReplicasIT." + test + ": no libfaketime at " + FAKETIME
                    + " (apt-get install libfaketime) to run replicas with skewed clocks ***");
            org.junit.jupiter.api.Assumptions.abort("no libfaketime");
        }
        crm = new SandboxCrm().latencyMillis(20).start();
        List<String> settings = List.of("-Dleads.import.concurrency=4", "-Dleads.export.cron=0/5 * * * * ?",
                "-Dleads.export.file-name=leads-${date:header.firing:yyyy-MM-dd-HHmmss}.csv", "-Duser.timezone=UTC");
        List<String> scheduleOnly = new ArrayList<>(settings);
        scheduleOnly.add("-Dleads.import.enabled=false");
        Process importing = start("a", settings);
        List<Process> replicas = List.of(importing, start("b", scheduleOnly, "+2s"), start("c", scheduleOnly, "-2s"));
        waitFor(() -> replicas.stream().allMatch(p -> log(p).contains("o.l.app - settings: ")), 180,
                "every replica started, the skewed ones too");
        waitFor(() -> leaders(replicas).size() == 1, 90, "one replica to lead");
        int before = published(replicas);
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        int companies = 0;
        for (int d = 0; d < 3; d++) {
            StringBuilder csv = new StringBuilder("company,contact,email\n");
            for (int i = 0; i < 40; i++, companies++) {
                csv.append("Company ").append(d).append('-').append(i).append(",Person ").append(i).append(",p").append(i)
                        .append("@c").append(d).append('-').append(i).append(".example.com\n");
            }
            Files.move(Files.writeString(data.resolve("drop" + d + ".csv.part"), csv), inbox.resolve("drop" + d + ".csv"));
        }
        waitFor(() -> reports(data).size() == 3, 180, "the three drops done");
        waitFor(() -> published(replicas) >= before + 6, 120, "six more firings published");
        replicas.forEach(Process::destroy); // SIGTERM: a firing taken is finished before its replica stops
        for (Process p : replicas) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        Map<String, Long> counts = crm.leads().stream()
                .collect(Collectors.groupingBy(l -> (String) l.get("name"), Collectors.counting()));
        assertEquals(companies, counts.size(), "every company arrived");
        counts.forEach((company, n) -> assertEquals(1L, n, company + " was created " + n + " times"));
        List<String> runs = replicas.stream().flatMap(p -> log(p).lines()).filter(l -> l.contains(": started: "))
                .map(l -> l.replaceAll(".* export (\\S+): started: .*", "$1")).toList();
        assertEquals(runs.size(), new java.util.HashSet<>(runs).size(), "no firing ran twice: " + runs);
        try (Stream<Path> out = Files.list(data.resolve("outbox"))) {
            assertEquals(runs.size(), out.filter(f -> f.getFileName().toString().endsWith(".csv")).count(),
                    "a file per firing run");
        }
        assertTrue(replicas.stream().skip(1).anyMatch(p -> log(p).contains(": published to ")),
                "the skewed replicas took firings too");
        for (Process p : replicas) {
            assertFalse(log(p).contains("run again here"), "no replica was taken for dead: " + log(p));
        }
    }

    int published(List<Process> replicas) {
        return replicas.stream().mapToInt(p -> log(p).split(": published to ", -1).length - 1).sum();
    }

    /** The export runs a replica started. */
    int runs(Process p) {
        return log(p).split(": started: ", -1).length - 1;
    }

    static long csvFiles(Path outbox) throws IOException {
        try (Stream<Path> out = Files.list(outbox)) {
            return out.filter(f -> f.getFileName().toString().endsWith(".csv")).count();
        }
    }

    @Test
    void aOneShotRunImportsOnlyWhenNoOtherReplicaLeads() throws Exception {
        crm = new SandboxCrm().start();
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Files.writeString(inbox.resolve("few.csv"), "company,contact,email\nAcme,Ann,ann@acme.example.com\n"
                + "Globex,Gil,gil@globex.example.com\n");
        List<String> once = List.of("-Dleads.once=true", "-Dleads.export.enabled=false");
        try (java.sql.Connection other = db.connect(); java.sql.Statement sql = other.createStatement()) {
            sql.execute("SELECT pg_advisory_lock(" + ImportLeadership.LOCK_CLASS + ", "
                    + ImportLeadership.NAMESPACE.hashCode() + ")"); // as a replica that leads the import
            Process p = start("a", once);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the one-shot run ends");
            assertEquals(0, p.exitValue(), log(p));
            assertTrue(log(p).contains("another replica imports the inbox"), log(p));
            assertTrue(Files.exists(inbox.resolve("few.csv")), "left to the leader");
            assertEquals(0, crm.leadCount());
        } // that session ends: no one leads
        Process p = start("b", once);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the one-shot run ends");
        assertEquals(0, p.exitValue(), log(p));
        assertEquals(2, crm.leadCount());
        assertFalse(Files.exists(inbox.resolve("few.csv")), "imported");
    }

    // ---------------------------------------------------------------------------------------------------------

    Process start(String name) throws IOException {
        return start(name, List.of("-Dleads.import.concurrency=4", "-Dleads.export.enabled=false"));
    }

    Process start(String name, List<String> extra) throws IOException {
        return start(name, extra, null);
    }

    /** @param clockOffset libfaketime's offset for the replica's clock, e.g. {@code +2s}; null: the machine's */
    Process start(String name, List<String> extra, String clockOffset) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int managementPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            managementPort = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-Dcamel.management.port=" + managementPort,
                "-Dleads.crm.url=" + crm.closeBaseUrl(),
                "-Dleads.data-dir=" + data,
                "-Dleads.import.poll-delay-ms=200",
                "-Dleads.import.read-lock-min-age-ms=0",
                "-Dleads.cluster.jdbc-url=" + db.url(),
                "-Dleads.cluster.username=" + TestDatabase.USER,
                "-Dleads.cluster.lock-check-ms=500",
                "-Dleads.cluster.checkin-ms=2000"));
        command.addAll(extra);
        command.addAll(List.of("-jar", jar()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile(name));
        if (clockOffset != null) {
            builder.environment().put("LD_PRELOAD", FAKETIME.toString());
            builder.environment().put("FAKETIME", clockOffset);
            builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1"); // the JVM's timers keep the real pace
        }
        Process p = builder.start();
        processes.add(p);
        ports.put(p, managementPort);
        return p;
    }

    static String jar() {
        return System.getProperty("leads.jar.runnable", "target/crm-lead-routes.jar");
    }

    File logFile(String name) {
        return new File("target/replicas-it-" + test + "-" + name + ".log");
    }

    String log(Process p) {
        int i = processes.indexOf(p);
        try {
            return Files.readString(logFile(String.valueOf((char) ('a' + i))).toPath());
        } catch (IOException e) {
            return "";
        }
    }

    List<Process> leaders(List<Process> replicas) {
        return replicas.stream().filter(p -> log(p).contains(LEADS)).toList();
    }

    /** The replica that leads now: the last that logged leading. */
    Process leader(List<Process> replicas) {
        List<Process> led = leaders(replicas).stream().filter(Process::isAlive).toList();
        assertEquals(1, led.size(), "one live leader: " + led);
        return led.get(0);
    }

    Process exporting(List<Process> replicas) {
        return replicas.stream().filter(p -> log(p).contains(": started: ")).findFirst().orElse(null);
    }

    /** What a replica's readiness says of leading the import: the detail import.leader of the check replicas. */
    @SuppressWarnings("unchecked")
    Object importLeader(Process p) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + ports.get(p)
                        + "/observe/health/ready?data=true")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        Map<String, Object> health = org.leadroutes.crm.Json.MAPPER.readValue(answer.body(), Map.class);
        for (Map<String, Object> check : (List<Map<String, Object>>) health.get("checks")) {
            if ("replicas".equals(check.get("name"))) {
                assertEquals("UP", check.get("status"), answer.body());
                return ((Map<String, Object>) check.get("data")).get("import.leader");
            }
        }
        throw new AssertionError("no replicas check: " + answer.body());
    }

    /** How many triggers the clustered Quartz store holds: the schedule is stored once a replica has started it. */
    int storedTriggers() {
        try (java.sql.Connection c = db.connect(); java.sql.Statement sql = c.createStatement();
             java.sql.ResultSet rs = sql.executeQuery("SELECT count(*) FROM qrtz_triggers")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            return 0; // the tables are not there yet
        }
    }

    /**
     * Whether the clustered Quartz store has nothing of a past firing left to run: no firing executing or waiting to
     * be recovered (its fired-triggers table empty; a run is a firing executing until it ends) and no recovery
     * trigger beside the schedule's own. From then on no replica starts another run of it: the outbox is final.
     */
    boolean scheduleDone() {
        try (java.sql.Connection c = db.connect(); java.sql.Statement sql = c.createStatement();
             java.sql.ResultSet rs = sql.executeQuery("SELECT (SELECT count(*) FROM qrtz_fired_triggers),"
                     + " (SELECT count(*) FROM qrtz_triggers)")) {
            rs.next();
            return rs.getInt(1) == 0 && rs.getInt(2) == 1;
        } catch (java.sql.SQLException e) {
            return false; // the tables are not there yet, or the database is restarting
        }
    }

    static List<Path> reports(Path data) {
        Path reports = data.resolve("reports");
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".report.json")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The drops' reports with this status. */
    static List<Path> reports(Path data, String status) {
        return reports(data).stream().filter(r -> {
            try {
                return status.equals(org.leadroutes.crm.Json.MAPPER.readValue(r.toFile(), Map.class).get("status"));
            } catch (IOException e) {
                return false; // being written
            }
        }).toList();
    }

    static List<Path> inboxFiles(Path inbox) {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void signal(Process p, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    static void waitFor(BooleanSupplier condition, int seconds, String what) {
        await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
