package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Queue of faults to inject. A request is keyed "METHOD path", the path relative to {@code /api/v1} with
 * Close's trailing slash (e.g. {@code "POST /lead/"}, {@code "GET /lead/lead_abc/"}, {@code "GET /leads"});
 * the first queued entry whose prefix matches is consumed, so faults fire in the order they were queued.
 */
public final class Faults {
    private final List<Entry> queue = new ArrayList<>();

    Faults() {
    }

    /** Appends {@code fault} for the next {@code times} requests whose key starts with {@code methodAndPathPrefix}. */
    public synchronized Faults on(String methodAndPathPrefix, Fault fault, int times) {
        Objects.requireNonNull(methodAndPathPrefix, "methodAndPathPrefix");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        queue.add(new Entry(methodAndPathPrefix, fault, times));
        return this;
    }

    public synchronized Faults clear() {
        queue.clear();
        return this;
    }

    /** Consumes and returns the fault for this request, or null when none is queued for it. */
    synchronized Fault next(String requestKey) {
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (requestKey.startsWith(entry.prefix)) {
                if (--entry.remaining == 0) {
                    it.remove();
                }
                return entry.fault;
            }
        }
        return null;
    }

    private static final class Entry {
        final String prefix;
        final Fault fault;
        int remaining;

        Entry(String prefix, Fault fault, int remaining) {
            this.prefix = prefix;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
