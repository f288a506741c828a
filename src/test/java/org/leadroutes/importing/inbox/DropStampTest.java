package org.leadroutes.importing.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Only a regular file is read; a link or a pipe is refused without being opened. */
class DropStampTest {

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsStampedAndAChangeIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("a.csv"), "Company\nAcme\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
        DropStamp stamp = DropStamp.of(file);
        assertEquals(13, stamp.size());
        assertNull(stamp.changeSince(file));
        Files.writeString(file, "Beta\n", java.nio.file.StandardOpenOption.APPEND);
        assertTrue(stamp.changeSince(file).startsWith("it grew from 13 to 18 bytes"), stamp.changeSince(file));
        Files.writeString(file, "Company\nAcmf\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_001_000L));
        assertTrue(stamp.changeSince(file).startsWith("it was rewritten"), stamp.changeSince(file));
        Files.delete(file);
        assertTrue(stamp.changeSince(file).startsWith("it is gone"), stamp.changeSince(file));
    }

    @Test
    void aLinkIsRefusedWhateverItPointsTo() throws Exception {
        Path outside = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("x.csv"), "Company\nX\n");
        for (Path target : new Path[] {outside, Path.of("/etc/passwd"), dir.resolve("nothing-there"), dir}) {
            Path link = Files.createSymbolicLink(dir.resolve("link-" + target.getFileName() + ".csv"), target);
            DropStamp.NotAFileException e = assertThrows(DropStamp.NotAFileException.class, () -> DropStamp.of(link));
            assertTrue(e.getMessage().startsWith("a symbolic link, not a file"), e.getMessage());
        }
    }

    @Test
    void aPipeIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("pipe.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is available");
        // opening it would block this thread: the test would never end
        DropStamp.NotAFileException e = assertThrows(DropStamp.NotAFileException.class, () -> DropStamp.of(fifo));
        assertTrue(e.getMessage().startsWith("a named pipe (FIFO), not a file: it was not opened"), e.getMessage());
        assertTrue(assertThrows(DropStamp.NotAFileException.class, () -> DropStamp.of(Path.of("/dev/null")))
                .getMessage().startsWith("a character device"));
    }
}
