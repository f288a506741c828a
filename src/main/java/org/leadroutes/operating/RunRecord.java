package org.leadroutes.operating;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.leadroutes.exporting.ExportReport;
import org.leadroutes.importing.ledger.ImportReport;

/**
 * What this process has done since it started: drops done and failed with their rows and leads, exports
 * published and failed, the last successful export. Fed by {@link RunEvents} from the drops' and exports'
 * reports; read for a one-shot run's exit code and for the metrics. Bound as {@value #BEAN}.
 */
public class RunRecord {

    public static final String BEAN = "runRecord";

    /** The exit codes of a one-shot run. */
    public static final int ALL_DONE = 0;
    public static final int FAILED = 1;
    public static final int INVALID_CONFIGURATION = 2;
    public static final int DONE_WITH_REJECTS = 3;

    private final AtomicLong dropsDone = new AtomicLong();
    private final AtomicLong dropsFailed = new AtomicLong();
    private final AtomicLong dropsWaiting = new AtomicLong();
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong leadsCreated = new AtomicLong();
    private final AtomicLong leadsMatched = new AtomicLong();
    private final AtomicLong rowsRejected = new AtomicLong();
    private final AtomicLong rowsUncertain = new AtomicLong();
    private final AtomicLong exportsPublished = new AtomicLong();
    private final AtomicLong exportsFailed = new AtomicLong();
    private final AtomicLong leadsExported = new AtomicLong();
    private final AtomicReference<Instant> lastExport = new AtomicReference<>();
    /** The first few failed drops with their reasons, for a one-shot run's last line. */
    private final java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final int FAILURES_KEPT = 5;
    /** The files a dry run has previewed: they stay in the inbox. */
    private final java.util.Set<String> previewed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Hears each drop and export as it ends (the metrics time them). */
    public interface Listener {
        void dropEnded(long durationMillis, boolean failed);

        void exportEnded(ExportReport report);
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    void dropDone(ImportReport report) {
        listeners.forEach(l -> l.dropEnded(report.durationMillis(), false));
        if (report.dryRun()) {
            previewed.add(report.file());
        }
        dropsDone.incrementAndGet();
        rowsRead.addAndGet(report.rows());
        leadsCreated.addAndGet(report.leadsCreated());
        leadsMatched.addAndGet(report.leadsMatched());
        rowsRejected.addAndGet(report.rejected());
        rowsUncertain.addAndGet(report.uncertain());
    }

    /**
     * @param file   the drop's file name
     * @param reason what its report's {@code error} says (the line and column of a broken file)
     */
    void dropFailed(long durationMillis, String file, String reason) {
        if (failures.size() < FAILURES_KEPT) {
            failures.add(file + ": " + reason);
        }
        dropsFailed.incrementAndGet();
        listeners.forEach(l -> l.dropEnded(durationMillis, true));
    }

    /** A try of a drop met a CRM outage: the drop waits in the inbox for its next try (not a failed drop). */
    void dropWaiting() {
        dropsWaiting.incrementAndGet();
    }

    void export(ExportReport report) {
        listeners.forEach(l -> l.exportEnded(report));
        if ("published".equals(report.status())) {
            exportsPublished.incrementAndGet();
            leadsExported.addAndGet(report.leads());
            lastExport.set(Instant.parse(report.finishedAt()));
        } else if ("failed".equals(report.status())) {
            exportsFailed.incrementAndGet();
        } // "skipped": another replica published this firing
    }

    /** An export run ended by an exception, with no report of its own: failed. */
    void exportFailed() {
        exportsFailed.incrementAndGet();
    }

    /**
     * A one-shot run's exit code: {@value #FAILED} when a drop or the export failed or a drop is left waiting
     * for the CRM, else
     * {@value #DONE_WITH_REJECTS} when rows were rejected or are uncertain, else {@value #ALL_DONE}.
     */
    public int exitCode() {
        if (dropsFailed.get() > 0 || dropsWaiting.get() > 0 || exportsFailed.get() > 0) {
            return FAILED;
        }
        return rowsRejected.get() > 0 || rowsUncertain.get() > 0 ? DONE_WITH_REJECTS : ALL_DONE;
    }

    /** One line for the end of a one-shot run. */
    public String summary() {
        return dropsDone.get() + " drops done, " + dropsFailed.get() + " failed, " + dropsWaiting.get()
                + " waiting for the CRM (" + rowsRead.get() + " rows, "
                + leadsCreated.get() + " leads created, " + leadsMatched.get() + " matched, " + rowsRejected.get()
                + " rows rejected, " + rowsUncertain.get() + " uncertain); " + exportsPublished.get()
                + " exports published, " + exportsFailed.get() + " failed"
                + (failures.isEmpty() ? "" : "; failed drops: " + String.join("; ", failures)
                        + (dropsFailed.get() > failures.size() ? "; …" : ""))
                + (previewed.isEmpty() ? "" : "; a dry run: nothing sent, " + previewed.size()
                        + " files previewed and left in the inbox");
    }

    /** Whether a dry run has previewed a file of this name (left in the inbox for the real run). */
    public boolean previewed(String file) {
        return previewed.contains(file);
    }

    public long dropsDone() {
        return dropsDone.get();
    }

    public long dropsFailed() {
        return dropsFailed.get();
    }

    /** Tries of drops that met a CRM outage and went back to waiting. */
    public long dropsWaiting() {
        return dropsWaiting.get();
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    public long leadsCreated() {
        return leadsCreated.get();
    }

    public long leadsMatched() {
        return leadsMatched.get();
    }

    public long rowsRejected() {
        return rowsRejected.get();
    }

    public long rowsUncertain() {
        return rowsUncertain.get();
    }

    public long exportsPublished() {
        return exportsPublished.get();
    }

    public long exportsFailed() {
        return exportsFailed.get();
    }

    public long leadsExported() {
        return leadsExported.get();
    }

    /** When the last export of this process was published; null before one was. */
    public Instant lastExport() {
        return lastExport.get();
    }
}
