package org.leadroutes.importing.inbox;

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
public class DropWaitsTest {

    @TempDir
    Path inbox;

    /** A clock the test moves (DropTriesTest's too). */
    public static final class Moving extends Clock {
        public Instant now = Instant.parse("2026-12-05T02:00:00Z");

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

    /** A drop of {@code leads.csv} done (as the flow's finish records it), its file then moved to .done/ (the consumer). */
    private Path doneAndArchived(DropWaits watching, Instant started) throws Exception {
        Path file = Files.writeString(inbox.resolve("leads.csv"), "company\nAcme\n");
        Path archive = Files.createDirectories(inbox.resolve(".done")).resolve("leads.20261205-020000.000.csv");
        watching.done(file, DropStamp.of(file), inbox.resolve("leads.report.json"), archive, started, "sha-read");
        Files.move(file, archive);
        return archive;
    }

    @Test
    void aDoneFileWrittenToInDoneWithinTheWatchIsBroughtBackWithItsStampAndLedger() throws Exception {
        DropWaits watching = new DropWaits(clock, Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(60));
        Instant started = clock.now.minusSeconds(1);
        Path archive = doneAndArchived(watching, started);
        clock.now = clock.now.plusSeconds(10);
        assertEquals(java.util.List.of(), watching.bringBackGrown(), "unchanged: left in .done/");
        assertEquals(1, watching.watched());

        Files.writeString(archive, "Globex\n", java.nio.file.StandardOpenOption.APPEND); // the writer held it open
        Path inboxFile = inbox.resolve("leads.csv");
        assertEquals(java.util.List.of(inboxFile), watching.bringBackGrown());
        assertFalse(Files.exists(archive));
        assertEquals("company\nAcme\nGlobex\n", Files.readString(inboxFile), "the whole file, back in the inbox");
        assertEquals(0, watching.watched());
        assertEquals(java.util.Optional.of(started), watching.firstTried(inboxFile), "its report keeps the drop's stamp");
        assertEquals(java.util.Optional.of("sha-read"), watching.changedFrom(inboxFile),
                "its next try carries over the ledger of what the done drop read");
        assertTrue(watching.broughtBack(inboxFile).orElseThrow().startsWith("brought back from .done/: rows were written"
                + " to it after its drop was done (it grew from 13 to 20 bytes"), watching.broughtBack(inboxFile).get());
        assertTrue(watching.accept(seen(inboxFile)), "taken by the consumer as any drop");
        assertEquals(null, watching.doneBefore(inboxFile, DropStamp.of(inboxFile)), "not refused as imported already");
    }

    @Test
    void anArchiveTheMoveCopiedWithANewTimeIsNoWriteButALaterWriteIs() throws Exception {
        DropWaits watching = new DropWaits(clock, Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(60));
        Path archive = doneAndArchived(watching, clock.now);
        // the consumer's move fell back to a copy (another file system): same bytes, a new modification time
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(archive).toMillis() + 7_000));
        assertEquals(java.util.List.of(), watching.bringBackGrown(), "a copy is no write: left in .done/");
        assertEquals(java.util.List.of(), watching.bringBackGrown(), "nor at the next poll");

        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(archive).toMillis() + 3_000)); // rewritten in place since that first look
        assertEquals(1, watching.bringBackGrown().size(), "changed after the first look: brought back");
    }

    @Test
    void anArchiveWrittenToButFirstLookedAtAfterItsWatchStaysInDone() throws Exception {
        DropWaits watching = new DropWaits(clock, Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(60));
        Path archive = doneAndArchived(watching, clock.now);
        Files.writeString(archive, "Globex\n", java.nio.file.StandardOpenOption.APPEND);
        clock.now = clock.now.plusSeconds(61); // the next poll came late (a long drop before it)

        assertEquals(java.util.List.of(), watching.bringBackGrown(), "past its watch: left in .done/, as the docs say");
        assertTrue(Files.exists(archive));
    }

    @Test
    void aDoneFileIsWatchedOnlyForItsTime() throws Exception {
        DropWaits watching = new DropWaits(clock, Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(60));
        Path archive = doneAndArchived(watching, clock.now);
        clock.now = clock.now.plusSeconds(61);
        assertEquals(java.util.List.of(), watching.bringBackGrown());
        assertEquals(0, watching.watched(), "forgotten once watched long enough");

        Files.writeString(archive, "Globex\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(java.util.List.of(), watching.bringBackGrown(), "written to too late: left in .done/");
        assertTrue(Files.exists(archive));
    }

    @Test
    void aDoneFileWhoseNameIsTakenAgainComesBackUnderItsArchivedName() throws Exception {
        DropWaits watching = new DropWaits(clock, Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(60));
        Path archive = doneAndArchived(watching, clock.now);
        Path newer = Files.writeString(inbox.resolve("leads.csv"), "company\nInitech\n"); // another drop of that name
        Files.writeString(archive, "Globex\n", java.nio.file.StandardOpenOption.APPEND);

        Path back = inbox.resolve("leads.20261205-020000.000.csv");
        assertEquals(java.util.List.of(back), watching.bringBackGrown());
        assertEquals("company\nInitech\n", Files.readString(newer), "the newer drop is left as it is");
        assertEquals("company\nAcme\nGlobex\n", Files.readString(back));
        assertEquals(java.util.Optional.of("sha-read"), watching.changedFrom(back));
    }

    @Test
    void doneFilesAreNotWatchedWithoutAWatchTime() throws Exception {
        Path archive = doneAndArchived(waits, clock.now); // the undo inbox's waits: no watch
        Files.writeString(archive, "Globex\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(java.util.List.of(), waits.bringBackGrown());
        assertEquals(0, waits.watched());
    }
}
