package org.leadroutes.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmOutageException;
import org.leadroutes.importing.inbox.BadDropException;
import org.leadroutes.importing.inbox.DropFile;
import org.leadroutes.importing.inbox.DropName;
import org.leadroutes.importing.inbox.DropWaits;
import org.leadroutes.importing.ledger.DataFolderWriteException;
import org.leadroutes.importing.ledger.ImportReport;
import org.leadroutes.importing.ledger.ImportReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a drop that did not end as done comes to ({@link ImportSteps#failed}, the flow's doCatch): whether it waits
 * or failed, its report, where its file goes, and in what words the failure is told to the user.
 */
public final class DropFailures {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");

    /** How long a failed drop waits for the leads still on their way before it closes. */
    private static final java.time.Duration LEADS_ON_THEIR_WAY = java.time.Duration.ofMinutes(2);

    private final ImportSettings settings;
    private final DropWaits waits;
    private final ImportWatch watch;

    DropFailures(ImportSettings settings, DropWaits waits, ImportWatch watch) {
        this.settings = settings;
        this.waits = waits;
        this.watch = watch;
    }

    /**
     * Decided by the failure's type:
     * <ul>
     *   <li>a CRM outage ({@link CrmOutageException}: unreachable, 5xx or rate limits past the retries, credentials
     *       refused): the drop waits. Its leads on their way end first (each recorded in the ledger), the report
     *       says {@code waiting} and when the next try is, and the failure is raised again as a {@link
     *       DropWaitingException}: the file consumer, which has no {@code moveFailed}, leaves the file in the
     *       inbox, and {@link DropWaits} holds it back until its next try;</li>
     *   <li>the report, results or ledger could not be written to the data folder ({@link DataFolderWriteException}:
     *       a full disk, a reports folder made unwritable after the leads were sent): the drop waits the same way,
     *       with no report (the folder that holds it is what failed); its next try skips the leads its ledger holds
     *       and writes the report;</li>
     *   <li>anything else (the file is bad, or something unforeseen): the report says why, the file is moved to
     *       {@code .failed/} under its archived name, and the failure is raised again.</li>
     * </ul>
     * Either way the ledger keeps what was created, for the next try.
     */
    void handle(Exchange exchange, DropName name, Path path) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable cause = userFacing(e);
        Drop drop = exchange.getVariable(ImportFlow.DROP, Drop.class);
        if (drop != null) {
            drop.closeRecords();
            drop.stopAndAwaitLeads(LEADS_ON_THEIR_WAY);
        }
        if (cause instanceof DropHandedOverException handedOver) {
            String message = "stopped: " + handedOver.why()
                    + "; the leads on their way ended, the file stays in the inbox and the replica that imports now"
                    + " resumes it from its ledger";
            LOG.warn("{}: {}", name.shown(), message);
            report(drop, name, "waiting", message); // the replica that finishes it writes the last report
            throw handedOver;
        }
        if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
            // the process stops mid-drop (its pools refuse the next batch): not the file's fault, it is not failed
            String message = "stopped with the process: the leads on their way ended, the file stays in the inbox and"
                    + " the next start resumes it from its ledger";
            LOG.warn("{}: {}", name.shown(), message);
            report(drop, name, "waiting", message);
            throw e;
        }
        if (cause instanceof DropChangedException changed && path != null) {
            String message = "the file changed while it was imported: " + changed.getMessage() + "; it is not done:"
                    + " the rows read before were imported (counted here), and the file stays in the inbox and is"
                    + " imported again once it has been still for leads.import.read-lock-min-age-ms (what this try"
                    + " created is skipped then). Write files elsewhere and move them into the inbox when complete";
            LOG.warn("{}: {}", name.shown(), message);
            waits.changed(path, Instant.ofEpochMilli(exchange.getClock().getCreated()), drop.file().sha256());
            report(drop, name, "waiting", message);
            throw changed;
        }
        if (cause instanceof CrmOutageException outage && path != null) {
            DropWaits.Waiting waiting = waits.waitFor(path, Instant.ofEpochMilli(exchange.getClock().getCreated()),
                    outage.getMessage());
            String message = "waiting for the CRM: " + outage.getMessage() + "; retrying at "
                    + DropWaits.timeOfDay(waiting.nextTry()) + ": " + outage.advice();
            LOG.warn("{}: {}", name.shown(), message);
            LOG.debug("{}: the outage in full", name.shown(), e);
            report(drop, name, "waiting", message);
            throw new DropWaitingException(name.file() + ": " + message, waiting, outage);
        }
        DataFolderWriteException unwritable = ExceptionUtils.throwableOfType(e, DataFolderWriteException.class);
        if (unwritable != null && path != null) {
            DropWaits.Waiting waiting = waits.waitFor(path, Instant.ofEpochMilli(exchange.getClock().getCreated()),
                    unwritable.getMessage());
            String message = "waiting for the data folder: " + unwritable.getMessage() + "; what the drop did is in"
                    + " its ledger (state/): it stays in the inbox and is tried again at "
                    + DropWaits.timeOfDay(waiting.nextTry()) + ", skipping the leads it created, and its report is"
                    + " written then. Free disk space or make the reports and state folders writable";
            LOG.error("{}: {}", name.shown(), message); // no report now: the folder that holds it is what failed
            throw new DropWaitingException(name.file() + ": " + message, waiting, unwritable);
        }
        String error = reason(e);
        if (outOfMemory(e)) {
            watch.fatal("out of memory while importing " + name.shown());
            LOG.error("{}: out of memory while importing it: this process must be restarted (liveness is DOWN from now"
                    + " on); run it with -XX:+ExitOnOutOfMemoryError so it exits at once", name.shown());
        }
        if (cause instanceof BadDropException || cause instanceof CrmException) {
            LOG.error("{}: the drop failed and goes to .failed/: {}", name.shown(), error);
        } else {
            LOG.error("{}: the drop failed and goes to .failed/: {}", name.shown(), error, e);
        }
        try {
            report(drop, name, "failed", error);
        } catch (IOException | RuntimeException reportFailed) {
            LOG.error("{}: the report of the failed drop could not be written: {}", name.shown(),
                    reportFailed.toString());
            e.addSuppressed(reportFailed);
        } finally {
            if (path != null) { // even when the report failed: a bad file left in the inbox would be imported again
                waits.forget(path);
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) { // moved here rather than by the consumer,
                    try {                                               // which leaves a waiting drop alone; a
                        Path failed = Files.createDirectories(path.toAbsolutePath().getParent().resolve(".failed"));
                        Files.move(path, failed.resolve(name.archived()), StandardCopyOption.REPLACE_EXISTING,
                                LinkOption.NOFOLLOW_LINKS);             // link moves as a link, not followed
                    } catch (IOException notMoved) { // held back with a growing pause, not tried at every poll
                        DropWaits.Waiting waiting = waits.waitFor(path,
                                Instant.ofEpochMilli(exchange.getClock().getCreated()), "cannot be moved to .failed/");
                        LOG.error("{}: it cannot be moved to .failed/ ({}): it stays in the inbox and is tried again"
                                + " at {}, with a longer pause each time", name.shown(), notMoved,
                                DropWaits.timeOfDay(waiting.nextTry()));
                        e.addSuppressed(notMoved);
                    }
                }
            }
        }
        throw e;
    }

    private void report(Drop drop, DropName name, String status, String error) throws IOException {
        if (drop != null && drop.opened()) {
            drop.session().finish(status, error);
            if (!"waiting".equals(status)) { // its results and rejects are the whole drop's: a killed try's go
                ImportReports.removeLeftByStoppedTries(settings.reportsDir(), drop.currentTry());
            }
        } else {
            Files.deleteIfExists(settings.stateDir().resolve(name.archived() + ".csv")); // a workbook's sheet
            DropFile file = drop == null ? null : drop.file();
            ImportReports.write(settings.reportsDir(), name, ImportReport.endedBeforeOpening(name, status, error,
                    settings.dryRun(), file == null ? null : file.sha256(), file == null ? List.of() : file.warnings(),
                    Instant.now()));
        }
    }

    /** What a failed drop's report says about the failure: the message of the failure a user can act on. */
    public static String reason(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable cause = userFacing(failure);
        if (cause instanceof BadDropException || cause instanceof CrmException) {
            return cause.getMessage();
        }
        if (outOfMemory(failure)) {
            return "out of memory while importing this file: the importer must be restarted; if the file fails again,"
                    + " lower leads.import.max-cell-bytes and leads.import.max-row-bytes or give the process more memory";
        }
        // not the file's fault that we know of: named, so whoever runs the importer can tell it from a bad file
        return "an unexpected failure (" + cause.getClass().getSimpleName()
                + (cause.getMessage() != null ? ": " + cause.getMessage() : "") + "); the importer goes on with the"
                + " next file: drop this one again, and if it fails again tell whoever runs the importer (the log"
                + " has the details)";
    }

    private static boolean outOfMemory(Throwable failure) {
        return ExceptionUtils.getThrowableList(failure).stream().anyMatch(t -> t instanceof OutOfMemoryError);
    }

    /** The failure a user can act on, under the wrappers of splitters and bean calls: ours, or the root cause. */
    static Throwable userFacing(Throwable e) {
        for (Throwable t : ExceptionUtils.getThrowableList(e)) {
            if (t instanceof BadDropException || t instanceof CrmException) {
                return t;
            }
        }
        return ExceptionUtils.getRootCause(e);
    }
}
