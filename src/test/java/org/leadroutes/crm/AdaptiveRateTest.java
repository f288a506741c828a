package org.leadroutes.crm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control law alone, in virtual time: no sleeping, every figure exact and repeatable. */
class AdaptiveRateTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    /** A silent token bucket, as a limiter that says nothing until it refuses. */
    static final class Bucket {
        final double rate;
        final double capacity;
        double tokens;
        long last;

        Bucket(double rate, double capacity, long now) {
            this.rate = rate;
            this.capacity = capacity;
            this.tokens = capacity;
            this.last = now;
        }

        boolean admit(long now) {
            tokens = Math.min(capacity, tokens + (now - last) / (double) SECOND * rate);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** Result of a simulated run: calls admitted and refused. */
    record Run(int admitted, int refused, double seconds) {
        double admittedPerSecond() {
            return admitted / seconds;
        }

        double refusedShare() {
            return refused / (double) (admitted + refused);
        }
    }

    /**
     * One sender that would go at 1,000 calls/s, answers after {@code latencyMs}, against the given
     * limiters (all must admit). A 429 holds the sender back for the limiter's next token, as the
     * answer's reset would.
     */
    static Run simulate(double seconds, long latencyMs, Bucket... limiters) {
        AdaptiveRate adaptive = new AdaptiveRate();
        long now = 0;
        long end = (long) (seconds * SECOND);
        int admitted = 0;
        int refused = 0;
        while (now < end) {
            long wait = adaptive.waitNanos(now);
            if (wait > 0) {
                now += wait;
                continue;
            }
            adaptive.take(now);
            long sent = now;
            boolean ok = true;
            for (Bucket limiter : limiters) {
                ok &= limiter.admit(sent);
            }
            now += latencyMs * MS;
            if (ok) {
                admitted++;
                adaptive.admitted(now);
            } else {
                refused++;
                adaptive.refused(now, sent);
                now += 25 * MS; // the announced reset: time to the limiter's next token
            }
            now += MS; // the sender's own pace
        }
        return new Run(admitted, refused, seconds);
    }

    @Test
    void nothingIsPacedBeforeTheFirst429() {
        AdaptiveRate adaptive = new AdaptiveRate();
        for (long t = 0; t < 100; t++) {
            assertEquals(0, adaptive.waitNanos(t * MS));
            adaptive.take(t * MS);
            adaptive.admitted(t * MS);
        }
        assertFalse(adaptive.learning());
        assertEquals(Double.POSITIVE_INFINITY, adaptive.rate());
    }

    @Test
    void a429WithTooLittleHistoryTeachesNothing() {
        AdaptiveRate adaptive = new AdaptiveRate();
        adaptive.admitted(10 * MS);
        assertFalse(adaptive.refused(20 * MS, 15 * MS), "one success is no rate to go by: the reset pause alone applies");
        assertFalse(adaptive.learning());
        assertFalse(adaptive.refused(2_500 * MS, 2_400 * MS), "nor a lone 429 seconds later");
        assertTrue(adaptive.refused(2_600 * MS, 2_550 * MS), "but a second one soon after starts pacing");
        assertEquals(AdaptiveRate.MIN_RATE, adaptive.rate(), "from the slowest pace, with nothing better to go by");
    }

    @Test
    void the429sOfCallsSentBeforeACutCutOnlyOnce() {
        AdaptiveRate adaptive = new AdaptiveRate();
        for (int i = 0; i < 40; i++) {
            adaptive.admitted(i * MS);
        }
        assertTrue(adaptive.refused(50 * MS, 45 * MS));
        double rate = adaptive.rate();
        assertEquals(40 * AdaptiveRate.BETA, rate, 0.01, "cut to 0.7 of the 40 admitted in the last second");
        for (int i = 0; i < 15; i++) { // the rest of the concurrent callers' answers to the same burst
            assertFalse(adaptive.refused(51 * MS + i, 46 * MS));
        }
        assertEquals(rate, adaptive.rate(), "no further cuts from echoes");
        assertTrue(adaptive.refused(200 * MS, 100 * MS), "a call sent at the new rate and refused cuts again");
        assertTrue(adaptive.rate() < rate);
    }

    @Test
    void callsAreSpacedAtTheLearnedRate() {
        AdaptiveRate adaptive = new AdaptiveRate();
        for (int i = 0; i < 20; i++) {
            adaptive.admitted(i * MS);
        }
        adaptive.refused(30 * MS, 29 * MS); // 20/s admitted: paced at 14/s, about 71 ms apart
        long now = 30 * MS;
        long first = adaptive.waitNanos(now);
        assertTrue(first > 60 * MS && first < 80 * MS, "first wait " + first / MS + " ms");
        now += first;
        adaptive.take(now);
        long second = adaptive.waitNanos(now);
        assertTrue(second > 60 * MS && second < 80 * MS, "no burst after the wait: " + second / MS + " ms");
    }

    @Test
    void theRateClimbsBackWhileCallsSucceedButNotFarAboveWhatIsSent() {
        AdaptiveRate adaptive = new AdaptiveRate();
        for (int i = 0; i < 40; i++) {
            adaptive.admitted(i * MS);
        }
        adaptive.refused(40 * MS, 39 * MS);
        double cut = adaptive.rate();
        long t = 40 * MS;
        for (int i = 0; i < 200; i++) { // 4 s of calls at 50/s, all admitted
            t += 20 * MS;
            adaptive.admitted(t);
        }
        assertTrue(adaptive.rate() > 40, "back past the last limit after 4 s: " + adaptive.rate());
        t += 30 * SECOND; // a quiet half minute
        adaptive.admitted(t);
        assertTrue(adaptive.rate() <= 100, "an idle group does not grow a rate it never used: " + adaptive.rate());
        assertTrue(cut < 40);
    }

    @Test
    void aDeepCutIsClimbedOutOfWithinSeconds() {
        AdaptiveRate adaptive = new AdaptiveRate();
        adaptive.refused(0, 0);
        adaptive.refused(10 * MS, 5 * MS); // refused twice with nothing admitted: the slowest pace
        assertEquals(AdaptiveRate.MIN_RATE, adaptive.rate());
        long now = 10 * MS;
        int sent = 0;
        while (now < 8 * SECOND) { // the CRM admits everything again
            long wait = adaptive.waitNanos(now);
            now += Math.max(wait, MS);
            if (wait == 0) {
                adaptive.take(now);
                adaptive.admitted(now);
                sent++;
            }
        }
        assertTrue(adaptive.rate() >= 30, "after 8 s the pace is back above 30/s: " + adaptive.rate() + " (" + sent + " sent)");
    }

    @Test
    void aSilentTokenBucketIsUsedNearlyFullyWithFew429s() {
        Run run = simulate(60, 1, new Bucket(40, 40, 0));
        assertTrue(run.admittedPerSecond() >= 0.85 * 40, "admitted " + run.admittedPerSecond() + "/s of 40");
        assertTrue(run.refusedShare() < 0.05, "429s " + run.refused() + " of " + (run.admitted() + run.refused()));
    }

    @Test
    void aHiddenLimitUnderAnotherIsFound() {
        Run run = simulate(60, 1, new Bucket(80, 80, 0), new Bucket(30, 30, 0));
        assertTrue(run.admittedPerSecond() >= 0.85 * 30, "admitted " + run.admittedPerSecond() + "/s of 30");
        assertTrue(run.refusedShare() < 0.05, "429s " + run.refused() + " of " + (run.admitted() + run.refused()));
    }

    @Test
    void aSlowLimitIsFoundToo() {
        Run run = simulate(120, 1, new Bucket(10, 10, 0));
        assertTrue(run.admittedPerSecond() >= 0.85 * 10, "admitted " + run.admittedPerSecond() + "/s of 10");
        assertTrue(run.refusedShare() < 0.05, "429s " + run.refused() + " of " + (run.admitted() + run.refused()));
    }
}
