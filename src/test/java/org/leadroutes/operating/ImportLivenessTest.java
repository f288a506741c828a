package org.leadroutes.operating;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.leadroutes.importing.ImportWatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Liveness turns DOWN when no thread works on a drop that has not ended, when a drop has not moved past the bound, or
 * ran out of memory; a drop that moves is alive, and so is a slow one whose threads wait (a 429, a retry, the CRM).
 */
class ImportLivenessTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-05T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void aDropThatDoesNotMovePastTheBoundIsDownAndAliveAgainWhenItEnds() {
        TestClock clock = new TestClock();
        ImportWatch watch = new ImportWatch(clock);
        ImportLiveness liveness = new ImportLiveness(watch, Duration.ofMinutes(30), Duration.ofMinutes(2));
        assertNull(liveness.problem(), "idle, no drop: alive");

        watch.started("big.csv");
        clock.advance(Duration.ofMinutes(20));
        watch.progressed();
        clock.advance(Duration.ofMinutes(29));
        assertNull(liveness.problem(), "a drop that moves, however long it takes, is alive");

        clock.advance(Duration.ofMinutes(2));
        assertEquals("the importer is stuck on big.csv: nothing of it has moved for 1860 s (leads.health.import-stuck-after"
                + " is 1800 s)", liveness.problem());

        watch.ended();
        assertNull(liveness.problem());
        clock.advance(Duration.ofHours(5));
        assertNull(liveness.problem(), "no drop for hours is not stuck");
    }

    @Test
    void aDropNoThreadWorksOnIsDownWithinTheShortBound() {
        TestClock clock = new TestClock();
        ImportWatch watch = new ImportWatch(clock);
        java.util.concurrent.atomic.AtomicBoolean atWork = new java.util.concurrent.atomic.AtomicBoolean(true);
        watch.working(atWork::get);
        ImportLiveness liveness = new ImportLiveness(watch, Duration.ofMinutes(30), Duration.ofMinutes(2));

        watch.started("million.csv");
        atWork.set(false);
        clock.advance(Duration.ofMinutes(10));
        assertNull(liveness.check(), "before its batches the drop's own thread reads and stages it: only the long bound");

        watch.batching();
        clock.advance(Duration.ofMinutes(1));
        watch.progressed();
        clock.advance(Duration.ofSeconds(119));
        assertNull(liveness.check(), "moved within the bound: alive");

        clock.advance(Duration.ofSeconds(2));
        assertEquals("no thread works on million.csv, which has not ended: nothing of it has moved for 121 s and no"
                + " look-up, send, CRM call or wait of the import is under way, so its work was lost"
                + " (leads.health.import-abandoned-after is 120 s)", liveness.check());

        watch.progressed();
        assertNull(liveness.check(), "moving again: alive");
        watch.ended();
        clock.advance(Duration.ofHours(1));
        assertNull(liveness.check(), "no drop: alive");
    }

    @Test
    void aSlowDropWhoseThreadsWaitIsAliveUntilTheStuckBound() {
        TestClock clock = new TestClock();
        ImportWatch watch = new ImportWatch(clock);
        watch.working(() -> true); // a sender waits for the pacer after 429s, or sleeps before a retry
        ImportLiveness liveness = new ImportLiveness(watch, Duration.ofMinutes(30), Duration.ofMinutes(2));
        watch.started("slow.csv");
        watch.batching();
        clock.advance(Duration.ofMinutes(29));
        assertNull(liveness.check(), "a long 429 or outage wait is not a lost drop");
        clock.advance(Duration.ofMinutes(2));
        assertEquals("the importer is stuck on slow.csv: nothing of it has moved for 1860 s"
                + " (leads.health.import-stuck-after is 1800 s)", liveness.check());
    }

    @Test
    void aPoolIsAtWorkWhileATaskRunsOrWaitsInItsQueue() throws Exception {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1,
                java.util.concurrent.TimeUnit.MINUTES, new java.util.concurrent.LinkedBlockingQueue<>());
        try {
            assertFalse(ImportWatch.anyAtWork(pool), "idle");
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
            pool.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            running.await();
            assertTrue(ImportWatch.anyAtWork(pool), "a task running (a CRM call, a pacer wait)");
            java.util.concurrent.Future<?> queued = pool.submit(() -> { });
            assertTrue(ImportWatch.anyAtWork(pool), "and one queued");
            release.countDown();
            queued.get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !ImportWatch.anyAtWork(pool));
            java.util.concurrent.ForkJoinPool other = new java.util.concurrent.ForkJoinPool(1);
            assertTrue(ImportWatch.anyAtWork(pool, other), "a pool it cannot see into counts as at work: never DOWN by guess");
            other.shutdown();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void outOfMemoryIsDownForGood() {
        ImportWatch watch = new ImportWatch(new TestClock());
        ImportLiveness liveness = new ImportLiveness(watch, Duration.ofMinutes(30), Duration.ofMinutes(2));
        watch.started("huge.csv");
        watch.fatal("out of memory while importing huge.csv");
        watch.ended();
        assertEquals("the importer ran out of memory (out of memory while importing huge.csv)", liveness.problem());
    }
}
