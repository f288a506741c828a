package org.leadroutes.crm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who waits and exactly how long, in virtual time (as {@link AdaptiveRateTest}): the pacer reads a
 * {@link VirtualTicker} and waits on it, so every figure is exact and nothing depends on the machine's speed.
 */
@Timeout(10) // a safety net only: no test waits for the wall clock
class RequestPacerTest {

    private static final long MS = 1_000_000L;
    private static final String POST_LEAD = "POST /lead/";
    private static final String GET_LEAD = "GET /lead/";

    /**
     * A clock that moves only when told. Auto-advancing (the default), a wait moves it on by the time waited at
     * once, for one caller at a time; manual, waiting callers stay blocked until {@link #advance} passes their
     * deadline, for callers on several threads.
     */
    static final class VirtualTicker implements RequestPacer.Ticker {
        private final boolean manual;
        private long now;
        private final List<Long> deadlines = new ArrayList<>();

        VirtualTicker(boolean manual) {
            this.manual = manual;
        }

        @Override
        public synchronized long nanoTime() {
            return now;
        }

        @Override
        public synchronized void sleep(long nanos) throws InterruptedException {
            long until = now + nanos;
            if (!manual) {
                now = until;
                return;
            }
            deadlines.add(until);
            try {
                while (now < until) {
                    wait();
                }
            } finally {
                deadlines.remove(Long.valueOf(until));
            }
        }

        synchronized void advance(long nanos) {
            now += nanos;
            notifyAll();
        }

        /** When the callers blocked now will wake, in virtual time. */
        synchronized List<Long> sleepingUntil() {
            return List.copyOf(deadlines);
        }
    }

    private final VirtualTicker clock = new VirtualTicker(false);

    private static RateLimitSignal signal(int remaining, double resetSeconds) {
        return new RateLimitSignal(OptionalInt.of(remaining), OptionalDouble.of(resetSeconds));
    }

    private static RateLimitSignal resetOnly(double resetSeconds) {
        return new RateLimitSignal(OptionalInt.empty(), OptionalDouble.of(resetSeconds));
    }

    /** A call of the group that went out just now. */
    private RequestPacer.Ticket ticket(String group) {
        return new RequestPacer.Ticket(group, clock.nanoTime());
    }

    /** Virtual nanoseconds one acquire waited for. */
    private long timedAcquire(RequestPacer pacer, String group) throws InterruptedException {
        long start = clock.nanoTime();
        pacer.acquire(group);
        return clock.nanoTime() - start;
    }

    @Test
    void withoutCeilingOrSignalsAcquiresDoNotBlock() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, clock);
        for (int i = 0; i < 50; i++) {
            pacer.acquire(POST_LEAD);
            pacer.release(ticket(POST_LEAD), 200, RateLimitSignal.NONE);
        }
        assertEquals(0, clock.nanoTime(), "50 unpaced calls do not wait");
    }

    @Test
    void pauseHoldsBackItsGroupOnly() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, clock);
        pacer.release(ticket(POST_LEAD), 429, resetOnly(0.2));

        assertEquals(0, timedAcquire(pacer, GET_LEAD), "another group does not wait");
        assertEquals(200 * MS, timedAcquire(pacer, POST_LEAD), "the paused group waits for the 200 ms reset");
    }

    @Test
    void pauseWithoutResetHoldsBackForASecondAndAWaitingCallerCanBeCancelled() throws Exception {
        VirtualTicker manual = new VirtualTicker(true);
        RequestPacer pacer = new RequestPacer(0, manual);
        pacer.release(new RequestPacer.Ticket(POST_LEAD, 0), 429, RateLimitSignal.NONE);
        Thread[] caller = new Thread[1];
        CompletableFuture<Void> acquired = CompletableFuture.runAsync(() -> {
            caller[0] = Thread.currentThread();
            try {
                pacer.acquire(POST_LEAD);
            } catch (InterruptedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> new Thread(r, "paced-caller").start());

        await().atMost(Duration.ofSeconds(5)).until(() -> manual.sleepingUntil().equals(List.of(1_000 * MS)));
        manual.advance(300 * MS);
        assertEquals(List.of(1_000 * MS), manual.sleepingUntil(), "300 ms into a 1 s default pause the caller still waits");
        assertFalse(acquired.isDone());

        caller[0].interrupt(); // a waiting caller can be cancelled
        ExecutionException failed = assertThrows(ExecutionException.class, () -> acquired.get(5, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, failed.getCause());
    }

    @Test
    void ceilingSpacesAcquires() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(20, clock); // 50 ms apart
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pacer.acquire(POST_LEAD);
            at.add(clock.nanoTime());
        }
        assertEquals(List.of(0L, 50 * MS, 100 * MS, 150 * MS, 200 * MS), at, "5 calls at 20/s, 50 ms apart");
    }

    @Test
    void ceilingAppliesPerGroup() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(5, clock); // 200 ms apart
        pacer.acquire(POST_LEAD);
        assertEquals(0, timedAcquire(pacer, GET_LEAD), "the first call of another group does not wait");
        assertEquals(200 * MS, timedAcquire(pacer, POST_LEAD), "the second call of the group waits its interval");
    }

    @Test
    void spentWindowHoldsBackUntilReset() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, clock);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(0, 0.2));

        assertEquals(200 * MS, timedAcquire(pacer, POST_LEAD), "waits for the 200 ms reset");

        pacer.release(ticket(POST_LEAD), 200, RateLimitSignal.NONE);
        assertEquals(0, timedAcquire(pacer, POST_LEAD), "after the reset the window is open again");
    }

    @Test
    void remainingCallsLeftDoNotHoldBack() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, clock);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(5, 0.5));
        assertEquals(0, timedAcquire(pacer, POST_LEAD), "5 calls left, none in flight: no wait");
    }

    @Test
    void callsInFlightCountAgainstTheRemainingWindow() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, clock);
        pacer.acquire(POST_LEAD);
        pacer.acquire(POST_LEAD);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(2, 0.2)); // 2 left, 2 still in flight: the window is spoken for

        assertEquals(200 * MS, timedAcquire(pacer, POST_LEAD), "the next call waits for the reset");
    }

    @Test
    void oneCallLeftWithNoneInFlightGoesOut() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, clock);
        pacer.acquire(POST_LEAD);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(2, 0.5));
        pacer.release(ticket(POST_LEAD), 200, signal(1, 0.5)); // 1 left, nothing in flight
        assertEquals(0, timedAcquire(pacer, POST_LEAD), "one call left goes out");
    }

    @Test
    void staleAnswerOfTheSameWindowDoesNotReopenIt() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, clock);
        pacer.acquire(POST_LEAD);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(0, 0.15));
        pacer.release(ticket(POST_LEAD), 200, signal(3, 0.15)); // an earlier answer arriving late
        assertEquals(150 * MS, timedAcquire(pacer, POST_LEAD), "an out-of-order answer does not reopen the spent window");
    }

    @Test
    void pauseHoldsBackEveryConcurrentCaller() throws Exception {
        VirtualTicker manual = new VirtualTicker(true);
        RequestPacer pacer = new RequestPacer(0, manual);
        pacer.release(new RequestPacer.Ticket(POST_LEAD, 0), 429, resetOnly(0.2));
        List<CompletableFuture<Long>> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    pacer.acquire(POST_LEAD);
                    return manual.nanoTime();
                } catch (InterruptedException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> new Thread(r, "paced-caller").start()));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> manual.sleepingUntil().size() == 3);
        assertEquals(List.of(200 * MS, 200 * MS, 200 * MS), manual.sleepingUntil(), "every caller waits for the reset");
        manual.advance(199 * MS);
        assertEquals(3, manual.sleepingUntil().size(), "a millisecond before the reset, all still wait");
        manual.advance(MS);
        for (CompletableFuture<Long> caller : callers) {
            assertEquals(200 * MS, caller.get(5, TimeUnit.SECONDS), "every caller goes out at the reset");
        }
    }

    @Test
    void a429AfterTrafficPacesTheGroupAtWhatItAdmittedAndSpreadsCallersOut() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, clock);
        for (int i = 0; i < 20; i++) {
            pacer.release(pacer.acquire(POST_LEAD), 200, RateLimitSignal.NONE);
        }
        assertTrue(Double.isInfinite(pacer.learnedRate(POST_LEAD)), "nothing learned before a 429");
        pacer.release(pacer.acquire(POST_LEAD), 429, resetOnly(0.01));

        assertEquals(14.0, pacer.learnedRate(POST_LEAD), 1e-9, "0.7 of the 20 admitted in the last second");
        long first = timedAcquire(pacer, POST_LEAD);
        long second = timedAcquire(pacer, POST_LEAD);
        long interval = (long) Math.ceil(1_000 * MS / 14.0);
        assertEquals(interval, first, 1, "the first caller waits one interval at 14/s (longer than the 10 ms reset)");
        assertEquals(interval, second, 1, "and the next one another: one after another at 14/s");
        assertTrue(Double.isInfinite(pacer.learnedRate(GET_LEAD)), "another group learned nothing");
    }
}
