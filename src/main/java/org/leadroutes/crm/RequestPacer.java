package org.leadroutes.crm;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Client-side pacing per endpoint group (Close limits {@code POST /lead/} and {@code GET /lead/}
 * separately). A call takes a slot before it goes out and gives it back with whatever the answer
 * said of the window ({@code remaining}, {@code reset}). Slots are spaced to an optional ceiling
 * of our own; when the window the CRM announced is spent by the answers and the calls still in
 * flight, or the CRM answered 429, every caller of the group waits for the announced reset. Sharing
 * that between concurrent callers is what keeps a steady run nearly free of 429s.
 */
public class RequestPacer {

    private static final long SAME_WINDOW_NANOS = 50_000_000L;

    private final long minIntervalNanos;
    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /** @param maxRequestsPerSecond ceiling per endpoint group; 0 or less means none of our own */
    public RequestPacer(double maxRequestsPerSecond) {
        this.minIntervalNanos = maxRequestsPerSecond > 0 ? (long) (1_000_000_000L / maxRequestsPerSecond) : 0;
    }

    /** Blocks until a call to the group may go out. Every acquire is followed by one {@link #release}. */
    public void acquire(String group) throws InterruptedException {
        Lane lane = lane(group);
        long wait;
        while ((wait = lane.tryTake(System.nanoTime(), minIntervalNanos)) > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }

    /** The call is over; learns from its answer what is left of the group's window. */
    public void release(String group, RateLimitSignal signal) {
        Duration reset = signal.resetAfter();
        lane(group).release(System.nanoTime(), signal.remaining().isPresent() ? signal.remaining().getAsInt() : -1,
                reset != null ? reset.toNanos() : -1);
    }

    /** The group answered 429: hold every caller back until the reset, or a second if none was said. */
    public void pause(String group, RateLimitSignal signal) {
        Duration reset = signal.resetAfter();
        lane(group).pause(System.nanoTime(), reset != null ? reset.toNanos() : 1_000_000_000L);
    }

    private Lane lane(String group) {
        return lanes.computeIfAbsent(group, g -> new Lane());
    }

    private static final class Lane {
        private long nextSlot = System.nanoTime();
        private long windowEnd = System.nanoTime();
        private int remaining = Integer.MAX_VALUE; // unknown until an answer says
        private int inFlight;

        synchronized long tryTake(long now, long interval) {
            if (now - windowEnd >= 0) {
                remaining = Integer.MAX_VALUE;
            }
            long wait = remaining - inFlight <= 0 ? windowEnd - now : 0;
            wait = Math.max(wait, nextSlot - now);
            if (wait > 0) {
                return wait;
            }
            nextSlot = now + interval;
            inFlight++;
            return 0;
        }

        synchronized void release(long now, int left, long resetNanos) {
            inFlight = Math.max(0, inFlight - 1);
            if (left < 0 || resetNanos < 0) {
                return;
            }
            long end = now + resetNanos;
            if (end - windowEnd > SAME_WINDOW_NANOS || remaining == Integer.MAX_VALUE) {
                remaining = left; // a new window
            } else {
                remaining = Math.min(remaining, left); // answers of one window may arrive out of order
            }
            windowEnd = Math.max(windowEnd, end);
        }

        synchronized void pause(long now, long resetNanos) {
            remaining = 0;
            windowEnd = Math.max(windowEnd, now + resetNanos);
        }
    }
}
