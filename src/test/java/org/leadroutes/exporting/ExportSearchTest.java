package org.leadroutes.exporting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code leads.export.close-read=search}: Close read through Advanced Filtering sorted by date_updated, walked
 * by keyset, the cursor used only over a run of one timestamp: every lead once, past any {@code max_skip}.
 */
class ExportSearchTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.close-read", "search");
        p.setProperty("leads.export.page-size", "3"); // many pages from a handful of leads
        return p;
    }

    private List<String> exportedInOrder(Map<String, Object> report) throws Exception {
        List<CSVRecord> rows = csv(published(report));
        return rows.stream().map(r -> r.get("lead_id")).toList();
    }

    private static void assertEachOnce(List<String> expected, List<String> exported) {
        assertEquals(expected.size(), exported.size(), "each lead once: " + exported);
        assertEquals(Set.copyOf(expected), Set.copyOf(exported));
    }

    @Test
    void everyLeadOncePastMaxSkipDespiteFaults() throws Exception {
        List<String> ids = seed(crm, 20);
        crm.maxSkip(5); // GET /lead/ could not page past 5; the search has no _skip
        crm.faults().on("POST /data/search/", Fault.STATUS_503, 2).on("POST /data/search/", Fault.STATUS_429, 1);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(20L, count(report, "leads"));
        assertEquals(0L, count(report, "duplicates"), "the keyset's repeated boundary leads are never counted");
        assertEachOnce(ids, exportedInOrder(report));
        assertEquals(0, crm.requestCount("GET /lead/"));
        assertTrue(crm.requestCount("POST /data/search/") >= 10, "walked by pages of 3");
    }

    @Test
    void aRunOfOneTimestampLongerThanAPageIsSteppedOverByTheCursor() throws Exception {
        List<String> early = seed(crm, 2);
        crm.clock(Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC)); // a bulk update: 10 leads, one instant
        List<String> run = seed(crm, 10);
        crm.clock(Clock.systemUTC());
        List<String> late = seed(crm, 2);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEachOnce(concat(early, run, late), exportedInOrder(report));
    }

    @Test
    void anExpiredCursorStartsANewWalkFromTheKeyset() throws Exception {
        crm.clock(Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));
        List<String> run = seed(crm, 10);
        crm.clock(Clock.systemUTC());
        crm.expireNextCursor();

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEachOnce(run, exportedInOrder(report));
    }

    @Test
    void moreLeadsOnOneTimestampThanOneWalkReturnsFailAndPublishNothing() throws Exception {
        crm.searchLimits(6, Duration.ofSeconds(30)); // as Close's 10,000, smaller
        crm.clock(Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));
        seed(crm, 10);
        crm.clock(Clock.systemUTC());

        Map<String, Object> report = exportNow();

        assertEquals("failed", report.get("status"), report.toString());
        assertTrue(((String) report.get("error")).contains("share date_updated"), report.toString());
        assertEquals(List.of(), names(outbox()));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).collect(Collectors.toList());
    }
}
