package org.leadroutes.exporting;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One keyset walk of Close's Advanced Filtering over a range of {@code date_updated}, {@code [start, before)}
 * ({@code before} null: open-ended), sorted by {@code date_updated}: each page asks for the leads updated at
 * or after the last timestamp seen, and the ids already handed out at that instant are dropped. No
 * {@code _skip}, so no {@code max_skip}; and a cursor, which expires after about 30 s and walks at most
 * 10,000 leads, is used only to step over a run of leads sharing one timestamp that fills a whole page.
 * {@link SearchPages} runs several walks side by side, splitting the range still unread.
 */
final class SearchWalk {

    private static final Map<String, Object> BY_DATE_UPDATED = Map.of("direction", "asc",
            "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", "date_updated"));
    static final Map<String, Object> DATE_UPDATED =
            Map.of("type", "regular_field", "object_type", "lead", "field_name", "date_updated");
    private static final int MAX_EXPIRIES = 3;

    /** Where its leads go in the file: walks of earlier ranges first (the start of its range, in µs). */
    final long order;
    private String from;          // the keyset: date_updated of the last lead handed out (or the range's start)
    private Instant before;       // the end of its range, exclusive; null: open-ended
    private final Set<String> atFrom = new HashSet<>(); // ids handed out whose date_updated is `from`
    private String cursor;        // only while stepping over a run of one timestamp
    private boolean more = true;
    private int expiriesWithoutProgress;

    SearchWalk(Instant start, Instant before) {
        this.from = start == null ? null : start.toString();
        this.before = before;
        this.order = start == null ? Long.MIN_VALUE : ChronoUnit.MICROS.between(Instant.EPOCH, start);
    }

    /**
     * The Advanced Filtering query for the leads whose {@code date_updated} is in {@code [onOrAfter, before)}
     * (either bound null: none); also the bulk export's {@code s_query} for an incremental run.
     */
    static Map<String, Object> leadsUpdated(String onOrAfter, String before) {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("type", "moment_range");
        if (onOrAfter != null) {
            range.put("on_or_after", Map.of("type", "fixed_utc", "value", onOrAfter));
        }
        if (before != null) {
            range.put("before", Map.of("type", "fixed_utc", "value", before));
        }
        List<Object> conditions = new ArrayList<>();
        conditions.add(Map.of("type", "object_type", "object_type", "lead"));
        if (range.size() > 1) {
            conditions.add(Map.of("type", "field_condition", "field", DATE_UPDATED, "condition", range));
        }
        return Map.of("type", "and", "queries", conditions);
    }

    Map<String, Object> body(int limit, List<String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", leadsUpdated(from, before == null ? null : before.toString()));
        body.put("sort", List.of(BY_DATE_UPDATED));
        body.put("_fields", Map.of("lead", fields));
        body.put("_limit", limit);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return body;
    }

    /** A page from the keyset starts with the leads already handed out at its first instant: not again. */
    List<Map<String, Object>> keep(List<Map<String, Object>> page) {
        List<Map<String, Object>> kept = new ArrayList<>(page.size());
        for (Map<String, Object> lead : page) {
            if (!(String.valueOf(lead.get("date_updated")).equals(from) && atFrom.contains(String.valueOf(lead.get("id"))))) {
                kept.add(lead);
            }
        }
        return kept;
    }

    /** Steps past the page just read; afterwards {@link #more()} says whether the walk goes on. */
    void advance(Map<String, Object> answer, int limit) {
        List<Map<String, Object>> page = LeadPages.data(answer);
        if (page.isEmpty()) {
            more = false;
            return;
        }
        String last = String.valueOf(page.get(page.size() - 1).get("date_updated"));
        boolean newInstant = !last.equals(from);
        if (newInstant) {
            from = last;
            atFrom.clear();
        }
        int newAtFrom = 0;
        for (Map<String, Object> lead : page) {
            if (last.equals(String.valueOf(lead.get("date_updated"))) && atFrom.add(String.valueOf(lead.get("id")))) {
                newAtFrom++;
            }
        }
        if (newInstant || newAtFrom > 0) {
            expiriesWithoutProgress = 0;
        }
        Object next = answer.get("cursor");
        if (page.size() < limit && next == null) {
            more = false; // the last page
            return;
        }
        if (newInstant) {
            cursor = null; // the keyset moves on: the next page starts at `from`
            return;
        }
        // the whole page shares `from`: the keyset cannot move, the cursor steps over the run
        cursor = next == null ? null : next.toString();
        if (cursor == null && newAtFrom == 0) {
            throw new IllegalStateException("more than " + atFrom.size() + " leads share date_updated " + from
                    + ", more than one Advanced Filtering walk returns; nothing was published. Export with"
                    + " leads.export.close-read=bulk or pages");
        }
        // without a cursor the walk ended inside the run: a new walk from `from`, skipping what was handed out
    }

    boolean more() {
        return more;
    }

    /** Whether its range has no end: the leads changed during the run move into it. */
    boolean openEnded() {
        return before == null;
    }

    /** Reads on from its keyset once more (the ids handed out at that instant are still dropped). */
    void again() {
        more = true;
        cursor = null;
    }

    /** Whether the next call carries a cursor (a refused one means it expired). */
    boolean walking() {
        return cursor != null;
    }

    /**
     * The cursor expired (a page took longer than Close keeps one): a new walk from the keyset. A walk that
     * cannot get past a run of one timestamp because every cursor expires fails the run rather than loop.
     */
    void cursorExpired() {
        cursor = null;
        if (++expiriesWithoutProgress > MAX_EXPIRIES) {
            throw new IllegalStateException("the search's cursor expired " + expiriesWithoutProgress + " times in a row"
                    + " while stepping over leads sharing date_updated " + from + "; nothing was published");
        }
    }

    /**
     * How much of its range is still unread, up to {@code until} for an open-ended walk; zero when it cannot be
     * split: not started (where its leads begin is unknown), stepping with a cursor (a cursor belongs to one
     * query), or done.
     */
    long unreadMicros(Instant until) {
        if (!more || cursor != null || from == null) {
            return 0;
        }
        Instant end = before == null ? until : before;
        return Math.max(0, ChronoUnit.MICROS.between(OffsetDateTime.parse(from).toInstant(), end));
    }

    /** Gives the later half of its unread range to a new walk, which is returned. */
    SearchWalk split(Instant until) {
        Instant start = OffsetDateTime.parse(from).toInstant();
        Instant middle = start.plus(unreadMicros(until) / 2, ChronoUnit.MICROS).truncatedTo(ChronoUnit.MICROS);
        SearchWalk later = new SearchWalk(middle, before);
        before = middle;
        return later;
    }
}
