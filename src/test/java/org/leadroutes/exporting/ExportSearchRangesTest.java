package org.leadroutes.exporting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search's date_updated range is split and the ranges walked side by side ({@code leads.export.concurrency}),
 * each into its own part of the file: every lead once, in date_updated order as one walk writes it, however
 * the leads are spread in time and whatever a range's cursor does.
 */
class ExportSearchRangesTest extends ExportTestSupport {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.latencyMillis(30); // calls overlap in time, so answers come back out of order
    }

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.close-read", "search");
        p.setProperty("leads.export.page-size", "5");
        p.setProperty("leads.export.concurrency", "4");
        return p;
    }

    /** One lead at each of {@code offsets} after {@link #START}, in that order. */
    private List<String> seedAt(Duration... offsets) {
        List<String> ids = new ArrayList<>();
        for (Duration offset : offsets) {
            crm.clock(Clock.fixed(START.plus(offset), ZoneOffset.UTC));
            ids.addAll(seed(crm, 1));
        }
        crm.clock(Clock.systemUTC());
        return ids;
    }

    /** The lead ids in the file the run published, in file order. */
    private List<String> exportedInOrder(Map<String, Object> report) throws Exception {
        return csv(published(report)).stream().map(r -> r.get("lead_id")).toList();
    }

    @Test
    void rangesAreWalkedSideBySideAndWrittenInDateUpdatedOrder() throws Exception {
        List<Duration> offsets = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            offsets.add(Duration.ofDays(i * 10L)); // spread over most of a year
        }
        for (int i = 0; i < 30; i++) {
            offsets.add(Duration.ofDays(300).plusMillis(i)); // and a burst within a few milliseconds
        }
        List<String> ids = seedAt(offsets.toArray(Duration[]::new));

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(ids, exportedInOrder(report), "each lead once, oldest change first");
        assertEquals(0L, count(report, "duplicates"));
        assertTrue(crm.mostRequestsInFlight() >= 3, "ranges read side by side: " + crm.mostRequestsInFlight());
        assertTrue(crm.mostRequestsInFlight() <= 4, "no more than leads.export.concurrency at once");
    }

    @Test
    void aCursorThatExpiresInOneRangeRestartsThatRangeOnly() throws Exception {
        List<String> before = seedAt(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(4),
                Duration.ofDays(5), Duration.ofDays(6));
        crm.clock(Clock.fixed(START.plus(Duration.ofDays(100)), ZoneOffset.UTC)); // 12 leads on one instant
        List<String> run = seed(crm, 12);
        List<String> after = seedAt(Duration.ofDays(200), Duration.ofDays(201), Duration.ofDays(202));
        List<String> expected = new ArrayList<>(before);
        expected.addAll(run.stream().sorted().toList()); // one instant: the search orders by id
        expected.addAll(after);
        crm.expireNextCursor();

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(expected, exportedInOrder(report));
    }

    @Test
    void aRangeThatFailsFailsTheRunStopsTheOthersAndLeavesNothingBehind() throws Exception {
        List<Duration> offsets = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            offsets.add(Duration.ofDays(i));
        }
        seedAt(offsets.toArray(Duration[]::new));
        java.util.concurrent.CompletableFuture<Void> run = java.util.concurrent.CompletableFuture.runAsync(
                () -> template.sendBody("direct:export-run", null));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> crm.requestCount("POST /data/search/") >= 6);
        crm.faults().on("POST /data/search/", org.leadroutes.sandbox.Fault.STATUS_401, 1); // the key revoked mid-run
        run.get(20, java.util.concurrent.TimeUnit.SECONDS); // the run ends: no range waits for ever

        Map<String, Object> report = report();
        assertEquals("failed", report.get("status"), report.toString());
        assertTrue(((String) report.get("error")).contains("401"), report.toString());
        assertEquals(List.of(), names(outbox()), "nothing published");
        awaitReadersIdle(); // calls still on their way when the run failed come back to nothing
        assertEquals(List.of(), names(dataDir.resolve("state")).stream().filter(n -> n.startsWith("export-")).toList(),
                "no spool left behind");

        Map<String, Object> again = exportNow();
        assertEquals("published", again.get("status"), again.toString());
        assertEquals(80L, count(again, "leads"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // without the other ranges stopped, the run never ends
    void cursorsThatAlwaysExpireFailTheRunAndStopTheOtherRanges() throws Exception {
        List<String> spread = seedAt(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(200),
                Duration.ofDays(201), Duration.ofDays(202), Duration.ofDays(203));
        crm.clock(Clock.fixed(START.plus(Duration.ofDays(100)), ZoneOffset.UTC)); // 12 leads on one instant
        seed(crm, 12);
        crm.clock(Clock.systemUTC());
        crm.searchLimits(10_000, Duration.ZERO); // every cursor has expired when it comes back

        Map<String, Object> report = exportNow();

        assertEquals("failed", report.get("status"), report.toString());
        assertTrue(((String) report.get("error")).contains("cursor expired"), report.toString());
        awaitReadersIdle(); // calls still on their way come back to nothing
        assertEquals(List.of(), names(dataDir.resolve("state")).stream().filter(n -> n.startsWith("export-")).toList(),
                "no spool left behind");

        crm.searchLimits(10_000, Duration.ofSeconds(30));
        Map<String, Object> again = exportNow();
        assertEquals("published", again.get("status"), again.toString());
        assertEquals(spread.size() + 12L, count(again, "leads"));
    }
}
