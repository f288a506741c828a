package org.leadroutes.exporting;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the search's ranges are scheduled, answer by answer: split once the first page and the newest change are
 * in; the open-ended range, ended while another still reads, reads on once more after it, so a lead moved out
 * of the other's unread part by a change during the run is not lost.
 */
class SearchPagesTest {

    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static String at(long days) {
        return T.plus(days, ChronoUnit.DAYS).toString().replace("Z", "+00:00");
    }

    private static Map<String, Object> page(String... idAndDay) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (String item : idAndDay) {
            String[] parts = item.split("@");
            data.add(Map.of("id", parts[0], "date_updated", parts[1].startsWith("20") ? parts[1] : at(Long.parseLong(parts[1]))));
        }
        Map<String, Object> answer = new HashMap<>();
        answer.put("data", data);
        answer.put("cursor", null);
        return answer;
    }

    @SuppressWarnings("unchecked")
    private static String onOrAfter(SearchPages.RangeCall call) {
        Map<String, Object> query = (Map<String, Object>) call.body().get("query");
        for (Object part : (List<Object>) query.get("queries")) {
            Map<String, Object> q = (Map<String, Object>) part;
            if ("field_condition".equals(q.get("type"))) {
                Map<String, Object> range = (Map<String, Object>) q.get("condition");
                Map<String, Object> from = (Map<String, Object>) range.get("on_or_after");
                return from == null ? null : (String) from.get("value");
            }
        }
        return null;
    }

    @Test
    void theOpenEndedRangeReadsOnAfterTheOthersForLeadsChangedMeanwhile() {
        SearchPages pages = new SearchPages(3, List.of("id", "date_updated"), null, 2);
        Iterator<SearchPages.RangeCall> calls = pages.calls();
        SearchPages.RangeCall newest = calls.next();
        SearchPages.RangeCall first = calls.next();
        assertTrue(first.walk().openEnded());
        assertNull(onOrAfter(first), "the first page: from the oldest change");

        pages.answered(newest, page("z@100"));
        pages.answered(first, page("a@0", "b@1", "c@1")); // a full page: more to read, so the range is split
        SearchPages.RangeCall bounded = calls.next();
        SearchPages.RangeCall open = calls.next();
        assertFalse(bounded.walk().openEnded());
        assertTrue(open.walk().openEnded());

        List<Map<String, Object>> lastOfOpen = pages.answered(open, page("z@100")); // its last page: it ends...
        assertEquals(1, lastOfOpen.size());
        pages.answered(bounded, page("c@1", "d@2")); // ...before the bounded range does

        assertTrue(calls.hasNext(), "one more call: the open-ended range reads on");
        SearchPages.RangeCall tail = calls.next();
        assertTrue(tail.walk().openEnded());
        assertEquals(at(100), onOrAfter(tail), "from where it stopped");
        List<Map<String, Object>> moved = pages.answered(tail, page("z@100", "m@" + "2026-11-23T10:00:00+00:00"));
        assertEquals(List.of("m"), moved.stream().map(l -> l.get("id")).toList(),
                "a lead changed during the run, once; the one already handed out is not repeated");
        assertFalse(calls.hasNext() && !calls.next().nothing(), "then the search ends");
        assertFalse(pages.hasMore());
    }

    @Test
    void anIncrementalRunWithOnePageOfChangesIsTwoCalls() {
        SearchPages pages = new SearchPages(5, List.of("id", "date_updated"), T.plus(50, ChronoUnit.DAYS), 4);
        Iterator<SearchPages.RangeCall> calls = pages.calls();
        SearchPages.RangeCall newest = calls.next();
        SearchPages.RangeCall first = calls.next();
        assertEquals(T.plus(50, ChronoUnit.DAYS).toString(), onOrAfter(first));
        pages.answered(first, page("a@60", "b@70"));
        pages.answered(newest, page("b@70"));
        assertFalse(calls.hasNext() && !calls.next().nothing(), "no split: one short page said it all");
    }
}
