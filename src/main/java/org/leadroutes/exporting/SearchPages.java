package org.leadroutes.exporting;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Close's Advanced Filtering, {@code POST /data/search/}, read by {@code date_updated} ({@link SearchWalk}):
 * no {@code _skip}, so no {@code max_skip}. The walk would be bound by latency, one page after another, so
 * the range still unread is split: once the first page shows where the leads begin (at once for an
 * incremental run, which starts at the last successful run's start) and a call alongside it the newest
 * change, the widest unread range is halved until {@code walkers} walks run side by side, one page each per
 * window, and again whenever one ends.
 * Halving adapts to however the leads are spread in time. Each walk's leads go to their own part of the file,
 * in range order, so the file is in {@code date_updated} order as one walk would write it. The last walk is
 * open-ended: a lead changed during the run moves there, and the once-per-id rule keeps its first copy.
 */
final class SearchPages extends LeadPages {

    private final int limit;
    private final List<String> fields;
    private final int walkers;
    private Instant until = Instant.now();   // open-ended walks are split up to here: the newest change, once known
    private final List<SearchWalk> walks = new ArrayList<>(); // in range order
    private final Deque<SearchWalk> asked = new ArrayDeque<>(); // the walks of the calls made, in call order
    private final SearchWalk newest = new SearchWalk(null, null); // stands for the call asking for the newest change
    private boolean newestAsked;
    private SearchWalk current;

    SearchPages(int limit, List<String> fields, Instant since, int walkers) {
        this.limit = limit;
        List<String> all = new ArrayList<>(fields);
        for (String needed : List.of("id", "date_updated")) {
            if (!all.contains(needed)) {
                all.add(needed);
            }
        }
        this.fields = List.copyOf(all);
        this.walkers = Math.max(1, walkers);
        walks.add(new SearchWalk(since, null));
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

    /** The next call by itself: the first walk that goes on. */
    @Override
    public Object body() {
        SearchWalk walk = walks.stream().filter(SearchWalk::more).findFirst().orElseThrow();
        asked.clear();
        asked.add(walk);
        return walk.body(limit, fields);
    }

    /**
     * One page of each walk, once the unread range could be split into more than one. The first window also
     * asks for the newest change, so that the range is split where the leads are rather than up to now.
     */
    @Override
    public List<Call> window(int size) {
        if (!newestAsked) {
            newestAsked = true;
            asked.clear();
            asked.add(walks.get(0));
            asked.add(newest);
            return List.of(new Call(null, walks.get(0).body(limit, fields)), new Call(null, Map.of(
                    "query", SearchWalk.leadsUpdated(null, null),
                    "sort", List.of(Map.of("direction", "desc", "field", SearchWalk.DATE_UPDATED)),
                    "_fields", Map.of("lead", List.of("id", "date_updated")),
                    "_limit", 1)));
        }
        split(Math.min(size, walkers));
        List<SearchWalk> going = walks.stream().filter(SearchWalk::more).limit(size).toList();
        if (going.size() < 2) {
            return List.of();
        }
        asked.clear();
        asked.addAll(going);
        return going.stream().map(walk -> new Call(null, walk.body(limit, fields))).toList();
    }

    /** Halves the widest unread range until {@code count} walks go on, or none can be split. */
    private void split(int count) {
        while (walks.stream().filter(SearchWalk::more).count() < count) {
            SearchWalk widest = null;
            for (SearchWalk walk : walks) {
                if (walk.unreadMicros(until) >= 2 && (widest == null || walk.unreadMicros(until) > widest.unreadMicros(until))) {
                    widest = walk;
                }
            }
            if (widest == null) {
                return;
            }
            walks.add(walks.indexOf(widest) + 1, widest.split(until));
        }
    }

    @Override
    protected List<Map<String, Object>> keep(List<Map<String, Object>> page) {
        current = asked.poll();
        if (current == newest) {
            if (!page.isEmpty() && page.get(0).get("date_updated") != null) {
                until = java.time.OffsetDateTime.parse(page.get(0).get("date_updated").toString()).toInstant()
                        .plusNanos(1000);
            }
            return List.of(); // not a page of the file
        }
        return current.keep(page);
    }

    @Override
    protected boolean advance(Map<String, Object> answer, int leadsOnPage) {
        if (current != newest) {
            current.advance(answer, limit);
        }
        return walks.stream().anyMatch(SearchWalk::more);
    }

    /** An empty page ends one walk, not the search. */
    @Override
    protected boolean guardsEmptyPages() {
        return false;
    }

    @Override
    public long part() {
        return current.order;
    }

    /** Whether the {@code index}-th call made carries a cursor (a refused one means it expired). */
    boolean carriesCursor(int index) {
        return index < asked.size() && new ArrayList<>(asked).get(index).walking();
    }

    /** The next call's cursor expired: its walk goes on from its keyset, without it. */
    void cursorExpired() {
        asked.poll().cursorExpired();
    }
}
