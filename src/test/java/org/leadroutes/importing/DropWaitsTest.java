package org.leadroutes.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a drop waits for the CRM: a pause that doubles up to the longest, cut short when the CRM is back. */
class DropWaitsTest {

    @TempDir
    Path inbox;

    /** A clock the test moves. */
    static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-05T02:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
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
    }

    private final Moving clock = new Moving();
    private final DropWaits waits = new DropWaits(clock, Duration.ofSeconds(15), Duration.ofMinutes(5));

    private GenericFile<Object> seen(Path file) throws Exception {
        GenericFile<Object> f = new GenericFile<>();
        f.setAbsoluteFilePath(file.toAbsolutePath().toString());
        f.setFileLength(Files.size(file));
        f.setLastModified(Files.getLastModifiedTime(file).toMillis());
        return f;
    }

    @Test
    void thePauseDoublesUpToTheLongest() {
        assertEquals(Duration.ofSeconds(15), waits.pause(1));
        assertEquals(Duration.ofSeconds(30), waits.pause(2));
        assertEquals(Duration.ofSeconds(240), waits.pause(5));
        assertEquals(Duration.ofMinutes(5), waits.pause(6));
        assertEquals(Duration.ofMinutes(5), waits.pause(60));
    }

    @Test
    void aWaitingDropIsTakenAgainWhenItsTimeHasCome() throws Exception {
        Path file = Files.writeString(inbox.resolve("leads.csv"), "company\nAcme\n");
        assertTrue(waits.accept(seen(file)), "a new drop is taken at once");

        DropWaits.Waiting first = waits.waitFor(file, clock.now, "cannot reach the CRM");
        assertEquals(clock.now.plusSeconds(15), first.nextTry());
        assertFalse(waits.accept(seen(file)));
        clock.now = clock.now.plusSeconds(15);
        assertTrue(waits.accept(seen(file)));

        Instant started = first.firstTried();
        DropWaits.Waiting second = waits.waitFor(file, clock.now, "cannot reach the CRM");
        assertEquals(2, second.attempts());
        assertEquals(started, second.firstTried(), "its reports keep the first try's name");
        assertEquals(clock.now.plusSeconds(30), second.nextTry());

        waits.forget(file);
        assertTrue(waits.of(file).isEmpty());
    }

    @Test
    void theCrmBackCutsTheWaitShort() throws Exception {
        Path file = Files.writeString(inbox.resolve("leads.csv"), "company\nAcme\n");
        waits.waitFor(file, clock.now, "cannot reach the CRM");
        clock.now = clock.now.plusSeconds(1);
        assertFalse(waits.accept(seen(file)));

        waits.crmAnswered(); // readiness found the CRM answering again
        assertTrue(waits.accept(seen(file)));
    }

    @Test
    void aFileReplacedWhileItWaitsIsANewDrop() throws Exception {
        Path file = Files.writeString(inbox.resolve("leads.csv"), "company\nAcme\n");
        waits.waitFor(file, clock.now, "cannot reach the CRM");
        Files.writeString(file, "company\nAcme\nGlobex\n");

        assertTrue(waits.accept(seen(file)));
        assertTrue(waits.of(file).isEmpty());
    }
}
