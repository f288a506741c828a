package org.leadroutes.operating;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness is DOWN while a folder a drop writes to cannot be written (tried for real, not by its permission bits) or
 * the disk is (nearly) full, with the reason in its message, and UP again once that is mended.
 */
class DataFolderReadinessTest {

    @TempDir
    Path data;

    private final AtomicLong free = new AtomicLong(Long.MAX_VALUE);

    private HealthCheck.Result check(DataFolderReadiness readiness) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            readiness.setCamelContext(context);
            context.start();
            return readiness.call();
        }
    }

    @Test
    void aWritableDataFolderWithRoomIsReadyAndItsFoldersAreMade() throws Exception {
        HealthCheck.Result result = check(new DataFolderReadiness(data, p -> free.get()));
        assertEquals(HealthCheck.State.UP, result.getState(), result.getMessage().orElse(""));
        assertTrue(result.getCheck().isReadiness() && !result.getCheck().isLiveness(), "readiness, not liveness");
        for (String folder : DataFolderReadiness.FOLDERS) {
            assertTrue(Files.isDirectory(data.resolve(folder)), folder);
            try (var left = Files.list(data.resolve(folder))) {
                assertEquals(0, left.count(), "the probe file is deleted: " + folder);
            }
        }
    }

    /** A file where the reports folder should be: nothing can be written there, whoever the process runs as. */
    @Test
    void aFileWhereTheReportsFolderShouldBeIsDownNamingIt() throws Exception {
        Files.writeString(data.resolve("reports"), "not a folder");
        DataFolderReadiness readiness = new DataFolderReadiness(data, p -> free.get());
        HealthCheck.Result result = check(readiness);
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals("the data folder's reports is not a folder: drops cannot be written there (move it away)",
                result.getMessage().orElse(""));

        Files.delete(data.resolve("reports")); // mended
        assertEquals(HealthCheck.State.UP, check(readiness).getState());
    }

    /** The state folder's parent a file: the folder cannot be made. */
    @Test
    void aStateFolderThatCannotBeMadeIsDown() throws Exception {
        Path elsewhere = Files.writeString(data.resolve("plain-file"), "x");
        DataFolderReadiness readiness = new DataFolderReadiness(elsewhere, p -> free.get());
        HealthCheck.Result result = check(readiness);
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertTrue(result.getMessage().orElse("").startsWith("the data folder's inbox is not writable ("),
                result.getMessage().orElse(""));
    }

    /** A folder without write permission, where that stops writes (not as root: there, the test above stands in). */
    @Test
    void aReportsFolderWithoutWritePermissionIsDown() throws Exception {
        Path reports = Files.createDirectories(data.resolve("reports"));
        Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            boolean stillWritable;
            try {
                Files.delete(Files.createTempFile(reports, "root-", ".tmp"));
                stillWritable = true;
            } catch (java.nio.file.AccessDeniedException e) {
                stillWritable = false;
            }
            if (stillWritable) {
                System.err.println("DataFolderReadinessTest: SKIPPED the chmod case: this runs as root, where chmod"
                        + " does not stop writes (a file where the folder should be is tested instead)");
            }
            Assumptions.assumeFalse(stillWritable, "chmod does not stop writes here (root)");
            HealthCheck.Result result = check(new DataFolderReadiness(data, p -> free.get()));
            assertEquals(HealthCheck.State.DOWN, result.getState());
            assertTrue(result.getMessage().orElse("").startsWith("the data folder's reports is not writable (AccessDeniedException)"),
                    result.getMessage().orElse(""));
        } finally {
            Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFullDiskIsDownUntilThereIsRoomAgain() throws Exception {
        DataFolderReadiness readiness = new DataFolderReadiness(data, p -> free.get());
        free.set(DataFolderReadiness.MIN_FREE_BYTES - 1);
        HealthCheck.Result full = check(readiness);
        assertEquals(HealthCheck.State.DOWN, full.getState());
        assertEquals("the data folder's disk is full: 65535 KB free (less than 64 MB): drops may not be able to write"
                + " their reports and ledgers; free some space", full.getMessage().orElse(""));

        free.set(DataFolderReadiness.MIN_FREE_BYTES);
        assertEquals(HealthCheck.State.UP, check(readiness).getState());
        free.set(-1); // the file system cannot tell: not counted as full
        assertEquals(HealthCheck.State.UP, check(readiness).getState());
    }

    @Test
    void theRealFreeSpaceOfThisDiskIsRead() throws Exception {
        long usable = Files.getFileStore(data).getUsableSpace();
        Assumptions.assumeTrue(usable >= DataFolderReadiness.MIN_FREE_BYTES, "this disk has room");
        assertEquals(HealthCheck.State.UP, check(new DataFolderReadiness(data)).getState());
    }
}
