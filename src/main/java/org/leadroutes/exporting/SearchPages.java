package org.leadroutes.exporting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Close's Advanced Filtering, {@code POST /data/search/}, sorted by {@code date_updated} and walked by keyset:
 * each page asks for the leads updated at or after the last timestamp seen, and the ids already handed out at
 * that instant are dropped. No {@code _skip}, so no {@code max_skip}; and a cursor, which expires after about
 * 30 s and walks at most 10,000 leads, is used only to step over a run of leads sharing one timestamp that
 * fills a whole page. For an incremental run the walk starts at the last successful run's start.
 */
final class SearchPages extends LeadPages {

    private static final Map<String, Object> BY_DATE_UPDATED = Map.of("direction", "asc",
            "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", "date_updated"));

    private final int limit;
    private final List<String> fields;
    private String from;          // the keyset: date_updated of the last lead handed out
    private final Set<String> atFrom = new HashSet<>(); // ids handed out whose date_updated is `from`
    private String cursor;        // only while stepping over a run of one timestamp

    SearchPages(int limit, List<String> fields, Instant since) {
        this.limit = limit;
        List<String> all = new ArrayList<>(fields);
        for (String needed : List.of("id", "date_updated")) {
            if (!all.contains(needed)) {
                all.add(needed);
            }
        }
        this.fields = List.copyOf(all);
        this.from = since == null ? null : since.toString();
    }

    @Override
    public String path() {
        return "/data/search/";
    }

    @Override
    public String query() {
        return null;
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public Object body() {
        List<Object> conditions = new ArrayList<>();
        conditions.add(Map.of("type", "object_type", "object_type", "lead"));
        if (from != null) {
            conditions.add(Map.of("type", "field_condition",
                    "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", "date_updated"),
                    "condition", Map.of("type", "moment_range",
                            "on_or_after", Map.of("type", "fixed_utc", "value", from))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", Map.of("type", "and", "queries", conditions));
        body.put("sort", List.of(BY_DATE_UPDATED));
        body.put("_fields", Map.of("lead", fields));
        body.put("_limit", limit);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return body;
    }

    /** A page from the keyset starts with the leads already handed out at its first instant: not again. */
    @Override
    protected List<Map<String, Object>> keep(List<Map<String, Object>> page) {
        List<Map<String, Object>> kept = new ArrayList<>(page.size());
        for (Map<String, Object> lead : page) {
            if (!(String.valueOf(lead.get("date_updated")).equals(from) && atFrom.contains(String.valueOf(lead.get("id"))))) {
                kept.add(lead);
            }
        }
        return kept;
    }

    @Override
    protected boolean advance(Map<String, Object> answer, int leadsOnPage) {
        List<Map<String, Object>> page = data(answer);
        if (page.isEmpty()) {
            return false;
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
            return false; // the last page
        }
        if (newInstant) {
            cursor = null; // the keyset moves on: the next page starts at `from`
            return true;
        }
        // the whole page shares `from`: the keyset cannot move, the cursor steps over the run
        cursor = next == null ? null : next.toString();
        if (cursor == null) {
            if (newAtFrom == 0) {
                throw new IllegalStateException("more than " + atFrom.size() + " leads share date_updated " + from
                        + ", more than one Advanced Filtering walk returns; nothing was published. Export with"
                        + " leads.export.close-read=pages, or (once supported) bulk");
            }
            return true; // the walk ended inside the run: a new walk from `from`, skipping what was handed out
        }
        return true;
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

    private static final int MAX_EXPIRIES = 3;
    private int expiriesWithoutProgress;
}
