package org.leadroutes.operating;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness includes the data folder: a drop needs its {@code inbox/} (moved out of when done), {@code reports/}
 * (report, rejects and results) and {@code state/} (the ledger of creates) writable, and room on the disk to write
 * them. Each call tries it for real (a file created and deleted in each folder: a permission bit says nothing for
 * root, a read-only mount or a file where the folder should be), and asks the disk's free space through a probe
 * (a test injects one). Not liveness: a full disk or a wrong mount does not mend by a restart. Each change is logged
 * once.
 */
public class DataFolderReadiness extends AbstractHealthCheck {

    public static final String BEAN = "dataFolderReadiness";
    /** The folders of the data folder a drop writes to. */
    public static final List<String> FOLDERS = List.of("inbox", "reports", "state");
    /** Below this many free bytes the disk counts as full: a drop's report and results would not fit. */
    public static final long MIN_FREE_BYTES = 64L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.operating");

    private final Path dataDir;
    private final ToLongFunction<Path> freeBytes;
    private volatile String problem;

    /** The data folder, its free space as the file system tells it. */
    public DataFolderReadiness(Path dataDir) {
        this(dataDir, DataFolderReadiness::usableSpace);
    }

    /** @param freeBytes the free bytes of the disk that holds a folder (-1: unknown, not counted as full) */
    public DataFolderReadiness(Path dataDir, ToLongFunction<Path> freeBytes) {
        super("leads", "data-folder");
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.freeBytes = freeBytes;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("data.dir", dataDir.toString());
        String now = problem();
        if (now == null) {
            builder.up();
        } else {
            builder.down().message(now);
        }
    }

    /** What keeps drops from being written, in a line a person reads, or null when nothing does. */
    public String problem() {
        String now = null;
        for (String name : FOLDERS) {
            now = unwritable(dataDir.resolve(name), name);
            if (now != null) {
                break;
            }
        }
        if (now == null) {
            long free = freeBytes.applyAsLong(dataDir);
            if (free >= 0 && free < MIN_FREE_BYTES) {
                now = "the data folder's disk is full: " + free / 1024 + " KB free (less than "
                        + MIN_FREE_BYTES / (1024 * 1024) + " MB): drops may not be able to write their reports and ledgers; free some space";
            }
        }
        String before = problem;
        if (now != null && !now.equals(before)) {
            LOG.error("{} (data folder {}; readiness DOWN)", now, dataDir);
        } else if (now == null && before != null) {
            LOG.info("the data folder {} is writable again, with room: ready", dataDir);
        }
        problem = now;
        return now;
    }

    /**
     * Why a folder cannot be written to, or null: made when missing (as a drop would), then a file tried in it. The
     * message names it by its name in the data folder, without a slash: Camel's health endpoint escapes a message's
     * slashes twice; the {@code data.dir} detail and the log have the whole path.
     */
    private static String unwritable(Path folder, String name) {
        if (Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder)) {
            return "the data folder's " + name + " is not a folder: drops cannot be written there (move it away)";
        }
        Path probe = null;
        try {
            Files.createDirectories(folder);
            probe = Files.createTempFile(folder, ".ready-", ".tmp");
            return null;
        } catch (IOException | SecurityException e) {
            return "the data folder's " + name + " is not writable (" + e.getClass().getSimpleName()
                    + "): drops cannot be written there; check its owner, permissions and mount";
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    // left behind: a dot-file the inbox ignores
                }
            }
        }
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
