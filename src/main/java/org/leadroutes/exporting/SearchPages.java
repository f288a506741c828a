package org.leadroutes.exporting;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Close's Advanced Filtering, {@code POST /data/search/}, read by {@code date_updated} ({@link SearchWalk}):
 * no {@code _skip}, so no {@code max_skip}. One walk is bound by latency, one page after another, so with
 * {@code walkers > 1} the range still unread is split: once the first page shows where the leads begin (and
 * whether there is more than one page) and a call alongside it the newest change, the widest unread range is
 * halved until {@code walkers} walks go on side by side, and again
 * whenever one ends; halving follows however the leads are spread in time. Each walk asks for its next page
 * as soon as its last one is in ({@link #calls()}), not in lockstep with the others. Each walk's leads go to
 * their own part of the spool, in range order, so the file is in {@code date_updated} order as one walk writes
 * it. The last walk is open-ended: a lead changed during the run moves there, and the once-per-id rule keeps
 * its first copy; if it ends while other ranges still read, it reads on once more after them, for the leads
 * that moved out of their unread parts meanwhile.
 */
final class SearchPages extends LeadPages {

    /** One call of a walk (or of the look-up of the newest change). */
    record RangeCall(SearchWalk walk, Map<String, Object> body) {

        /** The item that ends the calls: nothing to send. */
        boolean nothing() {
            return walk == null;
        }
    }

    private static final RangeCall END = new RangeCall(null, null);

    private final int limit;
    private final List<String> fields;
    private final int walkers;
    private Instant until = Instant.now();   // open-ended walks are split up to here: the newest change, once known
    private final List<SearchWalk> walks = new ArrayList<>(); // in range order
    private final SearchWalk newest = new SearchWalk(null, null); // stands for the look-up of the newest change
    private final Set<SearchWalk> asking = new HashSet<>();    // walks with a call on its way
    private final LinkedBlockingQueue<RangeCall> ready = new LinkedBlockingQueue<>();
    private boolean ended;
    private SearchWalk tailLeft; // the open-ended walk, ended while other ranges were still reading
    private boolean newestIn;
    private boolean firstPageIn;
    private boolean abandoned;
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

    /** Whether walks go side by side ({@link #calls()}) rather than one page after another. */
    boolean sideBySide() {
        return walkers > 1;
    }

    /** One page after another: the next page of the first walk that goes on. */
    @Override
    public synchronized Object body() {
        current = walks.stream().filter(SearchWalk::more).findFirst().orElseThrow();
        return current.body(limit, fields);
    }

    /**
     * The calls of the walks side by side, each as soon as its walk is ready for it, at most {@code walkers}
     * on their way at once; each answer goes to {@link #answered}. {@code next()} waits until a call is
     * ready; {@code hasNext()} never waits (Camel's splitter asks it right after each {@code next()}, before
     * the call is sent): while calls are on their way more may follow, and if none does, the last item is
     * {@link RangeCall#nothing() nothing}, to be skipped. It ends when every walk has ended, or
     * {@link #abandon()} was called.
     */
    synchronized Iterator<RangeCall> calls() {
        ready.add(new RangeCall(newest, Map.of(
                "query", SearchWalk.leadsUpdated(null, null),
                "sort", List.of(Map.of("direction", "desc", "field", SearchWalk.DATE_UPDATED)),
                "_fields", Map.of("lead", List.of("id", "date_updated")),
                "_limit", 1)));
        asking.add(newest);
        schedule();
        return new Iterator<>() {
            private boolean over;

            @Override
            public boolean hasNext() {
                synchronized (SearchPages.this) {
                    return !over && !(ended && ready.isEmpty());
                }
            }

            @Override
            public RangeCall next() {
                if (over) {
                    throw new NoSuchElementException();
                }
                try {
                    RangeCall call;
                    // a reader that waits once the walks have ended (their END taken by another reader, or the
                    // run abandoned) is let go: it never parks for good in the export-readers pool
                    while ((call = ready.poll(100, TimeUnit.MILLISECONDS)) == null) {
                        synchronized (SearchPages.this) {
                            if (ended && ready.isEmpty()) {
                                call = END;
                                break;
                            }
                        }
                    }
                    over = call == END;
                    return call;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    over = true;
                    return END;
                }
            }
        };
    }

    /**
     * Takes the answer to a walk's call: its leads to write (call {@link LeadPages#read} with the lock held, so
     * the run's spool sees one page at a time), then the calls that follow are made ready.
     */
    synchronized List<Map<String, Object>> answered(RangeCall call, Map<String, Object> answer) {
        if (abandoned) {
            return List.of(); // a call still on its way when another failed the run: its spool is gone
        }
        asking.remove(call.walk());
        current = call.walk();
        List<Map<String, Object>> kept = read(answer);
        if (current.openEnded() && !current.more() && walks.stream().anyMatch(SearchWalk::more)) {
            // a lead changed while the other ranges read moves here, after this walk's end: read on once they end
            tailLeft = current;
        }
        schedule();
        return kept;
    }

    /** A walk's cursor expired: it goes on from its keyset, without it. */
    synchronized void cursorExpired(RangeCall call) {
        asking.remove(call.walk());
        call.walk().cursorExpired();
        schedule();
    }

    /** The run failed: no more calls. */
    synchronized void abandon() {
        abandoned = true;
        ended = true;
        ready.add(END);
    }

    /** Splits what can be split, and readies the next call of each walk that has none on its way. */
    private void schedule() {
        if (ended) {
            return;
        }
        split(walkers);
        for (SearchWalk walk : walks) {
            if (asking.size() >= walkers) {
                break;
            }
            if (walk.more() && asking.add(walk)) {
                ready.add(new RangeCall(walk, walk.body(limit, fields)));
            }
        }
        if (asking.isEmpty() && tailLeft != null) {
            SearchWalk tail = tailLeft;
            tailLeft = null;
            tail.again();
            asking.add(tail);
            ready.add(new RangeCall(tail, tail.body(limit, fields)));
        }
        if (asking.isEmpty()) {
            ended = true;
            ready.add(END);
        }
    }

    /**
     * Halves the widest unread range until {@code count} walks go on, or none can be split. Not before the
     * newest change and the first page are in: an incremental run with a handful of changes (one page) makes
     * two calls, not one per range.
     */
    private void split(int count) {
        if (!newestIn || !firstPageIn) {
            return;
        }
        while (walks.stream().filter(SearchWalk::more).count() < count) {
            SearchWalk widest = null;
            for (SearchWalk walk : walks) {
                if (!asking.contains(walk) && walk.unreadMicros(until) >= 2
                        && (widest == null || walk.unreadMicros(until) > widest.unreadMicros(until))) {
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
        if (current == newest) {
            newestIn = true;
            if (!page.isEmpty() && page.get(0).get("date_updated") != null) {
                until = OffsetDateTime.parse(page.get(0).get("date_updated").toString()).toInstant().plusNanos(1000);
            }
            return List.of(); // not a page of the file
        }
        firstPageIn = true;
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
    public synchronized long part() {
        return current.order;
    }

    /** Whether the call carries a cursor (a refused one means it expired); one page after another: the next call. */
    synchronized boolean carriesCursor(RangeCall call) {
        return (call == null ? current : call.walk()).walking();
    }

    /** One page after another: the cursor of the call just made expired. */
    synchronized void cursorExpired() {
        current.cursorExpired();
    }
}
