package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Close's Advanced Filtering, {@code POST /data/search/}: a {@link SearchQuery} over the stored leads, sorted,
 * projected and walked by cursor within Close's limits (a walk's length, a cursor's life).
 */
final class AdvancedFiltering {
    static final int SEARCH_DEFAULT_LIMIT = 25;
    static final int SEARCH_MAX_LIMIT = 200;
    /** One cursor walk of the search returns at most this many objects, and a cursor lives this long. */
    static final int SEARCH_WALK_MAX = 10_000;
    static final long CURSOR_TTL_NANOS = 30_000_000_000L;

    private final LeadStore store;
    private volatile int walkMax = SEARCH_WALK_MAX;
    private volatile long cursorTtlNanos = CURSOR_TTL_NANOS;
    private final Map<String, Cursor> cursors = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean expireNextCursor;

    /** Where a cursor walk stands: the search it belongs to, how far it got, when it was handed out. */
    private record Cursor(String search, int offset, long handedOutNanos) {
    }

    AdvancedFiltering(LeadStore store) {
        this.store = store;
    }

    /** The next cursor handed out is expired when it comes back, as a page that took too long would find it. */
    void expireNextCursor() {
        expireNextCursor = true;
    }

    void searchLimits(int walkMax, long cursorTtlNanos) {
        this.walkMax = walkMax;
        this.cursorTtlNanos = cursorTtlNanos;
    }

    void register(Router router) {
        router.add("POST", "/data/search/", this::search);
    }

    /**
     * Advanced Filtering: the leads matching {@code query} ({@link SearchQuery}), in {@code sort} order (or
     * creation order), {@code _limit} at a time, with {@code _fields.lead} (without it, bare ids); a
     * {@code cursor} continues a walk for {@value #CURSOR_TTL_NANOS} ns after it was handed out, over at most
     * {@value #SEARCH_WALK_MAX} objects.
     */
    @SuppressWarnings("unchecked")
    private Reply search(ApiRequest request) {
        if (!(CloseApi.jsonBody(request) instanceof Map<?, ?> body)) {
            throw ApiException.badRequest("the search body must be a JSON object");
        }
        Object limitValue = body.get("_limit");
        int limit = limitValue instanceof Number n ? n.intValue() : SEARCH_DEFAULT_LIMIT;
        if (limit < 1 || limit > SEARCH_MAX_LIMIT) {
            throw ApiException.badRequest("_limit must be between 1 and " + SEARCH_MAX_LIMIT);
        }
        String searchKey = new String(Json.write(List.of(String.valueOf(body.get("query")), String.valueOf(body.get("sort")))),
                java.nio.charset.StandardCharsets.UTF_8);
        int offset = 0;
        if (body.get("cursor") instanceof String token) {
            Cursor cursor = cursors.remove(token);
            if (cursor == null || System.nanoTime() - cursor.handedOutNanos() > cursorTtlNanos) {
                throw ApiException.badRequest("The cursor is invalid or has expired; start the search again.");
            }
            if (!cursor.search().equals(searchKey)) {
                throw ApiException.badRequest("The cursor belongs to another search.");
            }
            offset = cursor.offset();
        }
        java.util.function.Predicate<Map<String, Object>> test = SearchQuery.compile(body.get("query"));
        List<Map<String, Object>> matches = new ArrayList<>();
        int wanted = Math.min(offset + limit, walkMax) + 1; // one more says whether a cursor follows
        if (BY_DATE_UPDATED.contains(body.get("sort"))) {
            // by date_updated (the export's walks): the index over the query's range, a page's worth
            SearchQuery.UpdatedRange range = SearchQuery.updatedRange(body.get("query"));
            store.inUpdateOrder(range.onOrAfter(), range.before(), BY_DATE_UPDATED.get(1).equals(body.get("sort")), lead -> {
                if (test.test(lead)) {
                    matches.add(lead);
                }
                return matches.size() < wanted;
            });
        } else {
            for (LeadStore.StoredLead stored : store.slice(null, false, 0, Integer.MAX_VALUE).leads()) {
                Map<String, Object> lead = store.render(stored);
                if (test.test(lead)) {
                    matches.add(lead);
                }
            }
            if (body.get("sort") instanceof List<?> sort) {
                matches.sort(order((List<Object>) sort));
            }
        }
        Set<String> fields = new LinkedHashSet<>(List.of("id"));
        if (body.get("_fields") instanceof Map<?, ?> f && f.get("lead") instanceof List<?> leadFields) {
            leadFields.forEach(name -> fields.add(String.valueOf(name)));
        }
        int end = Math.min(Math.min(matches.size(), offset + limit), walkMax);
        List<Map<String, Object>> data = new ArrayList<>();
        for (Map<String, Object> lead : matches.subList(Math.min(offset, end), end)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("__object_type", "lead");
            item.putAll(CloseApi.project(lead, fields));
            data.add(item);
        }
        String next = null;
        if (end < matches.size() && end < walkMax) {
            next = Ids.next("cursor_");
            long handedOut = expireNextCursor ? System.nanoTime() - cursorTtlNanos - 1 : System.nanoTime();
            expireNextCursor = false;
            cursors.put(next, new Cursor(searchKey, end, handedOut));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", data);
        answer.put("cursor", next);
        return Reply.json(200, answer);
    }

    /** The sorts the index answers: date_updated ascending, descending. */
    private static final List<List<Map<String, Object>>> BY_DATE_UPDATED = java.util.stream.Stream.of("asc", "desc")
            .map(direction -> List.of(Map.<String, Object>of("direction", direction,
                    "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", "date_updated"))))
            .toList();

    @SuppressWarnings("unchecked")
    private static java.util.Comparator<Map<String, Object>> order(List<Object> sort) {
        java.util.Comparator<Map<String, Object>> order = (a, b) -> 0;
        for (Object entry : sort) {
            Map<String, Object> s = (Map<String, Object>) entry;
            Map<String, Object> field = (Map<String, Object>) s.get("field");
            String name = String.valueOf(field == null ? null : field.get("field_name"));
            java.util.Comparator<Map<String, Object>> byField = java.util.Comparator.comparing(
                    lead -> String.valueOf(lead.get(name)), java.util.Comparator.naturalOrder());
            order = order.thenComparing("desc".equals(s.get("direction")) ? byField.reversed() : byField);
        }
        return order.thenComparing(lead -> String.valueOf(lead.get("id")));
    }
}
