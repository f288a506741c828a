package org.leadroutes.importing;

import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.leadroutes.importing.inbox.BrokenFileException;
import org.leadroutes.importing.inbox.CsvGuard;
import org.leadroutes.importing.inbox.DropFile;
import org.leadroutes.importing.inbox.DropName;
import org.leadroutes.importing.inbox.DropStamp;
import org.leadroutes.importing.ledger.DropTries;
import org.leadroutes.mapping.SpreadsheetCells;

/**
 * One drop while the import flow runs: the typed state the flow's variable {@value ImportFlow#DROP} holds.
 * From the file's inspection it knows the file ({@link DropFile}: kind, charset, delimiter, header row) and
 * the names it is archived and reported under; once the CRM's organisation and vocabulary are in, it is
 * opened ({@link DropSession}: mapping, ledger, work files, counts).
 */
public final class Drop {

    private final DropName name;
    private final DropFile file;
    private DropSession session;
    private CSVParser records;
    private final java.util.concurrent.atomic.AtomicInteger leadsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;
    private volatile org.leadroutes.crm.CrmOutageException outage;
    private volatile String handedOver;

    private final DropStamp stamp;
    private DropTries.Try attempt;

    Drop(DropName name, DropFile file) {
        this(name, file, null);
    }

    /** @param stamp the dropped file's size and modification time when the drop started (null: not known) */
    Drop(DropName name, DropFile file, DropStamp stamp) {
        this.name = name;
        this.file = file;
        this.stamp = stamp;
    }

    /** This try of the drop was recorded as started ({@link DropTries#start}): to be recorded as ended. */
    synchronized void tryStarted(DropTries.Try started) {
        attempt = started;
    }

    /** The try recorded as started and not yet as ended, or null. */
    synchronized DropTries.Try currentTry() {
        return attempt;
    }

    /** The try recorded as started and not yet as ended, or null; from now on null (a try ends once). */
    synchronized DropTries.Try endTry() {
        DropTries.Try ending = attempt;
        attempt = null;
        return ending;
    }

    /** The dropped file's size and modification time when the drop started, or null. */
    DropStamp stamp() {
        return stamp;
    }

    /** How the dropped file at {@code path} changed since the drop started, or null when it did not (or is not known). */
    String changeSince(java.nio.file.Path path) {
        return stamp == null ? null : stamp.changeSince(path);
    }

    public DropName name() {
        return name;
    }

    public DropFile file() {
        return file;
    }

    /** Whether nothing is sent: the leads are written to the payloads file instead ({@code leads.import.dry-run}). */
    public boolean dryRun() {
        return session().dryRun();
    }

    /** Whether the drop failed: leads not yet started are left alone (nothing recorded, a later drop sends them). */
    public boolean stopping() {
        return stopping;
    }

    /**
     * A call of the drop met a CRM outage: no lead or batch starts any more, and the drop ends waiting for the CRM
     * ({@link ImportSteps#finish} raises the first outage met).
     */
    void crmOutage(org.leadroutes.crm.CrmOutageException e) {
        synchronized (this) {
            if (outage == null) {
                outage = e;
            }
        }
        stopping = true;
    }

    /**
     * This process may no longer import ({@link ImportPermit}): no lead or batch starts any more, and the drop is
     * left in the inbox for the replica that imports now ({@link ImportSteps#finish} raises it).
     */
    void handOver(String why) {
        synchronized (this) {
            if (handedOver == null) {
                handedOver = why;
            }
        }
        stopping = true;
    }

    /** Why the drop was handed over to another replica, or null. */
    String handedOver() {
        return handedOver;
    }

    /** The first CRM outage the drop met, or null. */
    org.leadroutes.crm.CrmOutageException outage() {
        return outage;
    }

    /**
     * Whether the look-up of the leads whose create was uncertain goes on (the flow's loop at the end of the drop):
     * not in a drop that failed or is waiting for the CRM, nor once every such lead is found or the wait is over.
     */
    public boolean reconciling() {
        return !stopping && opened() && session().outcomes().uncertainCreates().searching();
    }

    /**
     * The look-up's wait before its next search, in milliseconds (the flow's {@code delay:} step): the first search
     * of a pass gives the CRM's search index {@code leads.import.uncertain-pause} to catch up; the others none.
     */
    public long reconcilePauseMillis() {
        return session().outcomes().uncertainCreates().pauseBeforeNextSearch().toMillis();
    }

    /** A lead's way begins (counted until it ends, whatever the way ends with). */
    void leadStarted() {
        leadsInFlight.incrementAndGet();
    }

    void leadEnded() {
        synchronized (leadsInFlight) {
            leadsInFlight.decrementAndGet();
            leadsInFlight.notifyAll();
        }
    }

    /**
     * The drop failed: no lead starts any more, and the leads on their way (on other senders, or in the batch
     * looked up ahead) end first, so their outcomes reach the ledger and the results before the drop closes.
     */
    void stopAndAwaitLeads(java.time.Duration atMost) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (leadsInFlight) {
            while (leadsInFlight.get() > 0 && deadline - System.nanoTime() > 0) {
                leadsInFlight.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
    }

    DropSession session() {
        if (session == null) {
            throw new IllegalStateException(name.file() + ": the drop is not open yet");
        }
        return session;
    }

    boolean opened() {
        return session != null;
    }

    void open(DropSession session) {
        this.session = session;
    }

    /** Where the drop's outcomes are written: ledger, results, rejects. */
    DropOutcomes outcomes() {
        return session().outcomes();
    }

    /**
     * The file's records as lists of cells, read as they are asked for: the header and any line above it first,
     * blank lines included, so a record's index is its line in a spreadsheet less one. The text goes through a
     * {@link CsvGuard} first: a cell or row past the bounds, a quote never closed, a NUL character fail the drop
     * with a {@link BrokenFileException} naming the line and column, before the reader holds more than the bound.
     */
    Iterator<List<String>> records(long maxCellBytes, long maxRowBytes) throws IOException {
        records = CSVParser.parse(new CsvGuard(new InputStreamReader(file.open(), file.charset()), file.delimiter(),
                file.headers(), maxCellBytes, maxRowBytes), file.csvFormat());
        Iterator<CSVRecord> parsed = records.iterator(); // lazy: one record parsed per next()
        return new Iterator<>() {
            private long line; // of the last record read
            private boolean failed;

            @Override
            public boolean hasNext() {
                if (failed) { // said once, and the drop failed with it (the split looks again as it releases its parts)
                    return false;
                }
                try {
                    return parsed.hasNext();
                } catch (BrokenFileException e) {
                    failed = true;
                    throw e;
                } catch (java.io.UncheckedIOException | IllegalStateException e) { // what the guard does not know
                    failed = true;
                    throw new BrokenFileException(BrokenFileException.Problem.UNREADABLE, line + 1, 0, null,
                            "line " + (line + 1) + ": the CSV reader stopped: " + e.getMessage() + ". " + CsvGuard.REFUSED_WHOLE);
                }
            }

            @Override
            public List<String> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                line++;
                List<String> cells = parsed.next().toList();
                cells.replaceAll(SpreadsheetCells::unescape); // what an export or report of ours escaped, as it was
                return cells;
            }
        };
    }

    /** Closes what the drop has open; its report is written by {@link DropSession#finish}. */
    void closeRecords() {
        if (records != null) {
            try {
                records.close();
            } catch (IOException e) {
                // the file is read to its end or the drop failed: nothing to keep
            }
        }
    }
}
