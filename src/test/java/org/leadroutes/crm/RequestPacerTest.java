package org.leadroutes.crm;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour checks with generous tolerances: they prove who waits and roughly how long, not precise timing. */
@Timeout(10)
class RequestPacerTest {

    private static final String POST_LEAD = "POST /lead/";
    private static final String GET_LEAD = "GET /lead/";

    private static RateLimitSignal signal(int remaining, double resetSeconds) {
        return new RateLimitSignal(OptionalInt.of(remaining), OptionalDouble.of(resetSeconds));
    }

    private static RateLimitSignal resetOnly(double resetSeconds) {
        return new RateLimitSignal(OptionalInt.empty(), OptionalDouble.of(resetSeconds));
    }

    /** A call of the group that went out just now. */
    private static RequestPacer.Ticket ticket(String group) {
        return new RequestPacer.Ticket(group, System.nanoTime());
    }

    /** Milliseconds one acquire blocked for. */
    private static long timedAcquire(RequestPacer pacer, String group) throws InterruptedException {
        long start = System.nanoTime();
        pacer.acquire(group);
        return (System.nanoTime() - start) / 1_000_000L;
    }

    @Test
    void withoutCeilingOrSignalsAcquiresDoNotBlock() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            pacer.acquire(POST_LEAD);
            pacer.release(ticket(POST_LEAD), 200, RateLimitSignal.NONE);
        }
        assertTrue((System.nanoTime() - start) / 1_000_000L < 200, "50 unpaced calls should not wait");
    }

    @Test
    void pauseHoldsBackItsGroupOnly() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        pacer.release(ticket(POST_LEAD), 429, resetOnly(0.2));

        long other = timedAcquire(pacer, GET_LEAD);
        long paused = timedAcquire(pacer, POST_LEAD);

        assertTrue(other < 100, "another group must not wait, waited " + other + " ms");
        assertTrue(paused >= 150 && paused < 1_000, "paused group should wait about 200 ms, waited " + paused + " ms");
    }

    @Test
    void pauseWithoutResetHoldsBackForAboutASecond() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        pacer.release(ticket(POST_LEAD), 429, RateLimitSignal.NONE);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                pacer.acquire(POST_LEAD);
                outcome.set(new AssertionError("acquire returned during the pause"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        caller.start();
        caller.join(300);
        assertTrue(caller.isAlive(), "caller should still be held back 300 ms into a 1 s default pause");
        caller.interrupt(); // a waiting caller can be cancelled
        caller.join(1_000);
        assertFalse(caller.isAlive());
        assertInstanceOf(InterruptedException.class, outcome.get());
    }

    @Test
    void ceilingSpacesAcquires() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(20); // 50 ms apart
        long[] at = new long[5];
        long start = System.nanoTime();
        for (int i = 0; i < at.length; i++) {
            pacer.acquire(POST_LEAD);
            at[i] = System.nanoTime();
        }
        long total = (at[4] - start) / 1_000_000L;
        assertTrue(total >= 180 && total < 800, "5 calls at 20/s should take about 200 ms, took " + total + " ms");
        for (int i = 1; i < at.length; i++) {
            long gap = (at[i] - at[i - 1]) / 1_000_000L;
            assertTrue(gap >= 40, "gap " + i + " was " + gap + " ms, expected about 50");
        }
    }

    @Test
    void ceilingAppliesPerGroup() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(5); // 200 ms apart
        pacer.acquire(POST_LEAD);
        long other = timedAcquire(pacer, GET_LEAD);
        assertTrue(other < 100, "first call of another group should not wait, waited " + other + " ms");
    }

    @Test
    void spentWindowHoldsBackUntilReset() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(0, 0.2));

        long waited = timedAcquire(pacer, POST_LEAD);
        assertTrue(waited >= 150 && waited < 800, "should wait for the 200 ms reset, waited " + waited + " ms");

        pacer.release(ticket(POST_LEAD), 200, RateLimitSignal.NONE);
        long next = timedAcquire(pacer, POST_LEAD);
        assertTrue(next < 100, "after the reset the window is open again, waited " + next + " ms");
    }

    @Test
    void remainingCallsLeftDoNotHoldBack() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(5, 0.5));
        long waited = timedAcquire(pacer, POST_LEAD);
        assertTrue(waited < 100, "5 calls left, none in flight: no wait, waited " + waited + " ms");
    }

    @Test
    void callsInFlightCountAgainstTheRemainingWindow() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        pacer.acquire(POST_LEAD);
        pacer.acquire(POST_LEAD);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(2, 0.2)); // 2 left, 2 still in flight: the window is spoken for

        long waited = timedAcquire(pacer, POST_LEAD);
        assertTrue(waited >= 150 && waited < 900, "third call should wait for the reset, waited " + waited + " ms");
    }

    @Test
    void oneCallLeftWithNoneInFlightGoesOut() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        pacer.acquire(POST_LEAD);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(2, 0.5));
        pacer.release(ticket(POST_LEAD), 200, signal(1, 0.5)); // 1 left, nothing in flight
        long waited = timedAcquire(pacer, POST_LEAD);
        assertTrue(waited < 100, "one call left should go out, waited " + waited + " ms");
    }

    @Test
    void staleAnswerOfTheSameWindowDoesNotReopenIt() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        pacer.acquire(POST_LEAD);
        pacer.acquire(POST_LEAD);
        pacer.release(ticket(POST_LEAD), 200, signal(0, 0.15));
        pacer.release(ticket(POST_LEAD), 200, signal(3, 0.15)); // an earlier answer arriving late
        long waited = timedAcquire(pacer, POST_LEAD);
        assertTrue(waited >= 100, "out-of-order answer must not reopen the spent window, waited " + waited + " ms");
    }

    @Test
    void pauseHoldsBackEveryConcurrentCaller() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        pacer.release(ticket(POST_LEAD), 429, resetOnly(0.2));
        long[] waited = new long[3];
        Thread[] callers = new Thread[waited.length];
        long start = System.nanoTime();
        for (int i = 0; i < callers.length; i++) {
            int n = i;
            callers[i] = new Thread(() -> {
                try {
                    pacer.acquire(POST_LEAD);
                    waited[n] = (System.nanoTime() - start) / 1_000_000L;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            callers[i].start();
        }
        for (Thread t : callers) {
            t.join(2_000);
            assertFalse(t.isAlive());
        }
        for (long w : waited) {
            assertTrue(w >= 150 && w < 1_000, "every caller should wait about 200 ms, one waited " + w + " ms");
        }
    }

    @Test
    void a429AfterTrafficPacesTheGroupAtWhatItAdmittedAndSpreadsCallersOut() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);
        for (int i = 0; i < 20; i++) {
            pacer.release(pacer.acquire(POST_LEAD), 200, RateLimitSignal.NONE);
        }
        assertTrue(Double.isInfinite(pacer.learnedRate(POST_LEAD)), "nothing learned before a 429");
        pacer.release(pacer.acquire(POST_LEAD), 429, resetOnly(0.01));

        double rate = pacer.learnedRate(POST_LEAD);
        assertTrue(rate > 10 && rate < 15, "0.7 of the 20 admitted in the last second: " + rate);
        pacer.acquire(POST_LEAD);
        long second = timedAcquire(pacer, POST_LEAD);
        assertTrue(second >= 50, "callers go one after another at about 14/s, the second waited " + second + " ms");
        assertTrue(Double.isInfinite(pacer.learnedRate(GET_LEAD)), "another group learned nothing");
    }
}
