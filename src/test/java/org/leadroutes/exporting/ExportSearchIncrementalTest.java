package org.leadroutes.exporting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An incremental run through the search with a handful of changes costs a couple of calls: the ranges are
 * split only once the first page shows there is more than one page.
 */
class ExportSearchIncrementalTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.close-read", "search");
        p.setProperty("leads.export.incremental", "true");
        p.setProperty("leads.export.page-size", "5");
        p.setProperty("leads.export.concurrency", "4");
        p.setProperty("leads.export.file-name", "changes-${exchangeId}.csv");
        return p;
    }


    @Test
    void aFewChangesAreReadInACoupleOfCalls() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            crm.clock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofDays(i)), ZoneOffset.UTC));
            ids.addAll(seed(crm, 1));
        }
        crm.clock(Clock.systemUTC());
        Map<String, Object> first = runAndReport();
        assertEquals(Set.copyOf(ids), exportedIds(first), "the first run: every lead");

        changeDuring(first, () -> {
            crm.updateLead(ids.get(3), Map.of("description", "called back"));
            crm.updateLead(ids.get(17), Map.of("description", "sent a quote"));
        });
        int before = crm.requestCount("POST /data/search/");
        Map<String, Object> second = runAndReport();

        assertEquals(Set.of(ids.get(3), ids.get(17)), exportedIds(second), "exactly the changed leads");
        int calls = crm.requestCount("POST /data/search/") - before;
        assertTrue(calls <= 2, "the first page and the newest change, no split: " + calls + " calls");
    }
}
