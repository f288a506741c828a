package org.leadroutes.crm;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side pacing per endpoint group (Close limits {@code POST /lead/} and {@code GET /lead/}
 * separately). A call takes a slot before it goes out and gives it back with its answer. Three things
 * hold a group's callers back, the strictest wins:
 * <ol>
 *   <li>what the CRM announced: when the window it announced ({@code remaining}, {@code reset}) is spent
 *       by the answers and the calls still in flight, or after a 429, every caller waits for the reset
 *       (a second when a 429 said nothing);</li>
 *   <li>what the CRM did: after 429s the group is paced at the rate it was found to admit
 *       ({@link AdaptiveRate}), one call after another, climbing back while calls succeed;</li>
 *   <li>an optional ceiling of our own.</li>
 * </ol>
 */
public class RequestPacer {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPacer.class);
    private static final long SAME_WINDOW_NANOS = 50_000_000L;
    private static final long PAUSE_WITHOUT_RESET_NANOS = 1_000_000_000L;

    private final long minIntervalNanos;
    private final Ticker ticker;
    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * Where the pacer reads the time and waits: {@link System#nanoTime()} and {@link Thread#sleep} in use,
     * a virtual clock in tests (times are passed in, as {@link AdaptiveRate} takes them).
     */
    interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
            }
        };

        long nanoTime();

        /** Waits about {@code nanos}; a waiting caller can be interrupted. */
        void sleep(long nanos) throws InterruptedException;
    }

    /** @param maxRequestsPerSecond ceiling per endpoint group; 0 or less means none of our own */
    public RequestPacer(double maxRequestsPerSecond) {
        this(maxRequestsPerSecond, Ticker.SYSTEM);
    }

    RequestPacer(double maxRequestsPerSecond, Ticker ticker) {
        this.minIntervalNanos = maxRequestsPerSecond > 0 ? (long) (1_000_000_000L / maxRequestsPerSecond) : 0;
        this.ticker = ticker;
    }

    /** A slot taken: which group, and when the call went out (the pacer's {@link Ticker} time). */
    public record Ticket(String group, long sentNanos) {
    }

    /** Blocks until a call to the group may go out. Every acquire is followed by one {@link #release}. */
    public Ticket acquire(String group) throws InterruptedException {
        Lane lane = lane(group);
        long wait;
        while ((wait = lane.tryTake(ticker.nanoTime(), minIntervalNanos)) > 0) {
            ticker.sleep(wait);
        }
        return new Ticket(group, ticker.nanoTime());
    }

    /**
     * The call is over; learns from its answer what is left of the group's window and what rate it admits.
     *
     * @param status the HTTP status, 0 when no answer came
     */
    public void release(Ticket ticket, int status, RateLimitSignal signal) {
        Duration reset = signal.resetAfter();
        Lane lane = lane(ticket.group());
        int lesson = lane.release(ticker.nanoTime(), ticket.sentNanos(), status,
                signal.remaining().isPresent() ? signal.remaining().getAsInt() : -1, reset != null ? reset.toNanos() : -1);
        if (lesson == 1) {
            LOG.info("{}: the CRM rate-limits this group beyond what it announces; pacing it at {} requests/s,"
                    + " adapting as it answers", ticket.group(), String.format("%.1f", lane.learnedRate()));
        } else if (lesson > 1) {
            LOG.debug("{}: rate limited again; pacing at {} requests/s", ticket.group(), String.format("%.1f", lane.learnedRate()));
        }
    }

    /** The rate a group is paced at after 429s, requests per second; infinite while it has met none. */
    public double learnedRate(String group) {
        return lane(group).learnedRate();
    }

    private Lane lane(String group) {
        return lanes.computeIfAbsent(group, g -> new Lane(ticker.nanoTime()));
    }

    private static final class Lane {
        private final AdaptiveRate adaptive = new AdaptiveRate();
        private long nextSlot;
        private long windowEnd;
        private int remaining = Integer.MAX_VALUE; // unknown until an answer says
        private int inFlight;
        private int lessons;

        Lane(long now) {
            nextSlot = now;
            windowEnd = now;
        }

        synchronized long tryTake(long now, long interval) {
            if (now - windowEnd >= 0) {
                remaining = Integer.MAX_VALUE;
            }
            long wait = remaining - inFlight <= 0 ? windowEnd - now : 0;
            wait = Math.max(wait, nextSlot - now);
            wait = Math.max(wait, adaptive.waitNanos(now));
            if (wait > 0) {
                return wait;
            }
            nextSlot = now + interval;
            adaptive.take(now);
            inFlight++;
            return 0;
        }

        /** @return the number of the lesson this answer taught (the rate was cut), or 0 when it cut nothing */
        synchronized int release(long now, long sentAt, int status, int left, long resetNanos) {
            inFlight = Math.max(0, inFlight - 1);
            if (status == 429) {
                remaining = 0;
                windowEnd = Math.max(windowEnd, now + (resetNanos >= 0 ? resetNanos : PAUSE_WITHOUT_RESET_NANOS));
                return adaptive.refused(now, sentAt) ? ++lessons : 0;
            }
            if (status >= 200 && status < 300) {
                adaptive.admitted(now);
            }
            if (left < 0 || resetNanos < 0) {
                return 0;
            }
            long end = now + resetNanos;
            if (end - windowEnd > SAME_WINDOW_NANOS || remaining == Integer.MAX_VALUE) {
                remaining = left; // a new window
            } else {
                remaining = Math.min(remaining, left); // answers of one window may arrive out of order
            }
            windowEnd = Math.max(windowEnd, end);
            return 0;
        }

        synchronized double learnedRate() {
            return adaptive.rate();
        }
    }
}
