package org.leadroutes.importing;

import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

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

    Drop(DropName name, DropFile file) {
        this.name = name;
        this.file = file;
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
     * Whether the look-up of the leads whose create was uncertain goes on (the flow's loop at the end of the drop):
     * not in a drop that failed, nor once every such lead is found or the wait is over.
     */
    public boolean reconciling() {
        return !stopping && opened() && session().outcomes().uncertainCreates().searching();
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
     * blank lines included, so a record's index is its line in a spreadsheet less one.
     */
    Iterator<List<String>> records() throws IOException {
        records = CSVParser.parse(new InputStreamReader(file.open(), file.charset()), file.csvFormat());
        return records.stream().map(CSVRecord::toList).iterator(); // lazy: one record parsed per next()
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
