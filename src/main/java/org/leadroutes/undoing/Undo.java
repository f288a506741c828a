package org.leadroutes.undoing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.leadroutes.importing.ledger.DropWrites;

/**
 * One undo of one drop: the flow's variable {@value UndoFlow#UNDO}. Made from the drop's record of its writes
 * ({@link DropWrites}): what to take back, in this order: the contacts it added to leads the CRM already had, the
 * fields it filled there, then the leads it created. Its own ledger ({@link UndoLedger}) says what an earlier run
 * of the same undo settled.
 */
public final class Undo implements AutoCloseable {

    private final String drop;
    private final boolean dryRun;
    private final Instant started;
    private final UndoLedger ledger;
    private final List<UndoTarget> targets;
    private final List<UndoTarget> settledBefore = new ArrayList<>();
    private final Map<String, TreeSet<Long>> leadLines;
    private final Map<String, TreeSet<Long>> contactLines;
    private volatile String waitingFor;

    private Undo(String drop, boolean dryRun, Instant started, UndoLedger ledger, List<UndoTarget> targets,
                 Map<String, TreeSet<Long>> leadLines, Map<String, TreeSet<Long>> contactLines) {
        this.drop = drop;
        this.dryRun = dryRun;
        this.started = started;
        this.ledger = ledger;
        this.targets = targets;
        this.leadLines = leadLines;
        this.contactLines = contactLines;
    }

    /**
     * The undo of the drop archived as {@code drop}, from its record in {@code ledgerDir}.
     *
     * @param results the drop's results file (its rows' lines for the undo's results), when it has one
     */
    static Undo open(String drop, Path ledgerDir, Path results, boolean dryRun, Instant started) throws IOException {
        List<DropWrites.Write> writes = DropWrites.read(DropWrites.path(ledgerDir, drop));
        Map<String, List<String>> laterWriters = laterWriters(ledgerDir, drop);
        Map<String, Instant> lastWrite = new HashMap<>();
        Map<String, DropWrites.Write> created = new LinkedHashMap<>();
        for (DropWrites.Write w : writes) {
            lastWrite.merge(w.leadId(), w.at(), (a, b) -> a.isAfter(b) ? a : b);
            if (w.kind() == DropWrites.Kind.CREATED) {
                created.put(w.leadId(), w);
            }
        }
        // the contacts a lead the drop created holds by the drop's hand: those it was created with, and those a later
        // row of the same drop (or the try it resumed) added to it; any other contact means someone else's work
        Map<String, List<String>> ownContacts = new HashMap<>();
        created.forEach((lead, w) -> ownContacts.put(lead, new ArrayList<>(w.contacts())));
        for (DropWrites.Write w : writes) {
            if (w.kind() == DropWrites.Kind.CONTACT_ADDED && ownContacts.containsKey(w.leadId())) {
                ownContacts.get(w.leadId()).addAll(w.contacts());
            }
        }
        List<UndoTarget> contacts = new ArrayList<>();
        List<UndoTarget> fields = new ArrayList<>();
        for (DropWrites.Write w : writes) {
            if (created.containsKey(w.leadId())) {
                continue; // a lead the drop created goes whole, with whatever the drop added to it
            }
            if (w.kind() == DropWrites.Kind.CONTACT_ADDED) {
                for (String contact : w.contacts()) {
                    contacts.add(new UndoTarget(UndoTarget.Kind.CONTACT, w.leadId(), contact, List.of(), Map.of(),
                            Map.of(), w.at(), List.of()));
                }
            } else if (w.kind() == DropWrites.Kind.FIELDS_FILLED) {
                fields.add(new UndoTarget(UndoTarget.Kind.FIELDS, w.leadId(), null, List.of(), w.written(), w.before(),
                        w.at(), List.of()));
            }
        }
        List<UndoTarget> targets = new ArrayList<>(contacts);
        targets.addAll(fields);
        for (DropWrites.Write w : created.values()) {
            targets.add(new UndoTarget(UndoTarget.Kind.LEAD, w.leadId(), null, List.copyOf(ownContacts.get(w.leadId())), Map.of(), Map.of(),
                    lastWrite.get(w.leadId()), laterWriters.getOrDefault(w.leadId(), List.of())));
        }
        Map<String, TreeSet<Long>> leadLines = new HashMap<>();
        Map<String, TreeSet<Long>> contactLines = new HashMap<>();
        if (results != null && Files.exists(results)) {
            try (Reader r = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
                for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                    long line = Long.parseLong(row.get("line"));
                    if (!row.get("lead_id").isEmpty()) {
                        leadLines.computeIfAbsent(row.get("lead_id"), k -> new TreeSet<>()).add(line);
                    }
                    if (!row.get("contact_id").isEmpty()) {
                        contactLines.computeIfAbsent(row.get("contact_id"), k -> new TreeSet<>()).add(line);
                    }
                }
            }
        }
        Undo undo = new Undo(drop, dryRun, started, UndoLedger.open(ledgerDir, drop, dryRun), targets, leadLines,
                contactLines);
        // contacts, fields, leads; each by the first line of the drop that made it (writes finish in any order)
        targets.sort(java.util.Comparator.comparing(UndoTarget::kind)
                .thenComparingLong(undo::firstLine).thenComparing(UndoTarget::key));
        return undo;
    }

    /**
     * The leads other drops of this organisation wrote to (merged into) and whose writes are still there (not taken
     * back by an undo of theirs): each with those drops' names.
     */
    private static Map<String, List<String>> laterWriters(Path ledgerDir, String drop) throws IOException {
        Map<String, List<String>> writers = new HashMap<>();
        try (var records = Files.newDirectoryStream(ledgerDir, "*" + DropWrites.SUFFIX)) {
            for (Path record : records) {
                String other = record.getFileName().toString();
                other = other.substring(0, other.length() - DropWrites.SUFFIX.length());
                if (other.equals(drop)) {
                    continue;
                }
                UndoLedger undone = UndoLedger.open(ledgerDir, other, true); // that drop's own undo, if any
                for (DropWrites.Write w : DropWrites.read(record)) {
                    if (w.kind() != DropWrites.Kind.CREATED && !undone.tookBack(w)) {
                        List<String> names = writers.computeIfAbsent(w.leadId(), k -> new ArrayList<>());
                        if (!names.contains(other)) {
                            names.add(other);
                        }
                    }
                }
            }
        }
        return writers;
    }

    public String drop() {
        return drop;
    }

    public boolean dryRun() {
        return dryRun;
    }

    Instant started() {
        return started;
    }

    UndoLedger ledger() {
        return ledger;
    }

    /** The targets this run looks at: those an earlier run settled are passed over (counted as they ended). */
    List<UndoTarget> targets() {
        List<UndoTarget> open = new ArrayList<>();
        for (UndoTarget t : targets) {
            UndoLedger.Entry earlier = ledger.earlier(t);
            if (earlier != null && earlier.outcome() != null) {
                t.ended(earlier.outcome(), earlier.detail() + " (an earlier run)");
                settledBefore.add(t);
            } else {
                if (earlier != null) {
                    t.markResumed();
                }
                open.add(t);
            }
        }
        return open;
    }

    List<UndoTarget> all() {
        return targets;
    }

    int settledBefore() {
        return settledBefore.size();
    }

    /** Whether an earlier run of this undo settled the target (this run passed it over). */
    boolean settledBefore(UndoTarget target) {
        return settledBefore.contains(target);
    }

    /** The CRM does not take calls: the targets not yet taken back wait for the next run. */
    void waitFor(String reason) {
        waitingFor = reason;
    }

    /** Whether the undo stopped for the CRM (an outage, refused credentials). */
    public boolean stopping() {
        return waitingFor != null;
    }

    String waitingFor() {
        return waitingFor;
    }

    /** The drop's rows that made the target, by their line in the drop's file: {@code 2 3 7}. */
    String lines(UndoTarget t) {
        TreeSet<Long> lines = t.kind() == UndoTarget.Kind.CONTACT ? contactLines.get(t.contactId()) : leadLines.get(t.leadId());
        return lines == null ? "" : String.join(", ", lines.stream().map(String::valueOf).toList());
    }

    long firstLine(UndoTarget t) {
        TreeSet<Long> lines = t.kind() == UndoTarget.Kind.CONTACT ? contactLines.get(t.contactId()) : leadLines.get(t.leadId());
        return lines == null ? Long.MAX_VALUE : lines.first();
    }

    @Override
    public void close() throws IOException {
        ledger.close();
    }
}
