package org.leadroutes.operating;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.leadroutes.importing.ImportWatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Liveness turns DOWN when a drop has not moved past the bound, or ran out of memory; a drop that moves is alive. */
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
        ImportLiveness liveness = new ImportLiveness(watch, Duration.ofMinutes(30));
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
    void outOfMemoryIsDownForGood() {
        ImportWatch watch = new ImportWatch(new TestClock());
        ImportLiveness liveness = new ImportLiveness(watch, Duration.ofMinutes(30));
        watch.started("huge.csv");
        watch.fatal("out of memory while importing huge.csv");
        watch.ended();
        assertEquals("the importer ran out of memory (out of memory while importing huge.csv)", liveness.problem());
    }
}
