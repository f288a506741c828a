package org.leadroutes.undoing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable record of an undo, in {@code <ledger dir>/<archived name>.undo.ledger}, beside the drop's record of
 * its writes: one appended line per event, {@code undoing} before each {@code DELETE} or {@code PUT} and the outcome
 * after it ({@code deleted}, {@code emptied}, {@code already-gone}, {@code kept}). Only ever appended to, one write
 * per line: a killed undo resumed passes over what is settled, and looks again at what it was taking back when it
 * stopped (gone: it was deleted then). Lines: {@code state TAB key TAB detail}.
 */
final class UndoLedger implements AutoCloseable {

    static final String SUFFIX = ".undo.ledger";
    private static final String UNDOING = "undoing";

    /** What an earlier run recorded last for a key: an outcome, or {@code null} for "undoing". */
    record Entry(UndoTarget.Outcome outcome, String detail) {
    }

    private final Path file;
    private final boolean readOnly;
    private final Map<String, Entry> earlier;
    private OutputStream out;

    private UndoLedger(Path file, boolean readOnly, Map<String, Entry> earlier) {
        this.file = file;
        this.readOnly = readOnly;
        this.earlier = earlier;
    }

    static UndoLedger open(Path ledgerDir, String archived, boolean readOnly) throws IOException {
        Path file = ledgerDir.resolve(archived + SUFFIX);
        Map<String, Entry> earlier = new HashMap<>();
        if (Files.exists(file)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.split("\t", -1);
                    if (parts.length == 3) { // a torn last line has fewer parts: ignore it
                        earlier.put(parts[1], new Entry(parts[0].equals(UNDOING) ? null : outcome(parts[0]), parts[2]));
                    }
                }
            }
        }
        return new UndoLedger(file, readOnly, earlier);
    }

    private static UndoTarget.Outcome outcome(String words) {
        for (UndoTarget.Outcome o : UndoTarget.Outcome.values()) {
            if (o.words.equals(words)) {
                return o;
            }
        }
        throw new IllegalStateException("unknown line in an undo ledger: " + words);
    }

    /** What an earlier run recorded for the target, or null. */
    Entry earlier(UndoTarget target) {
        return earlier.get(target.key());
    }

    /** Whether this undo took back (or found gone) a merge's write of its drop: a contact added, fields filled. */
    boolean tookBack(org.leadroutes.importing.ledger.DropWrites.Write write) {
        List<String> keys = write.kind() == org.leadroutes.importing.ledger.DropWrites.Kind.CONTACT_ADDED
                ? write.contacts().stream().map(c -> UndoTarget.key(UndoTarget.Kind.CONTACT, write.leadId(), c, write.at())).toList()
                : List.of(UndoTarget.key(UndoTarget.Kind.FIELDS, write.leadId(), null, write.at()));
        return !keys.isEmpty() && keys.stream().map(earlier::get)
                .allMatch(e -> e != null && e.outcome() != null && e.outcome().settles());
    }

    boolean hasHistory() {
        return !earlier.isEmpty();
    }

    /** Before the call that takes it back: a stop after this makes the next run look again. */
    void undoing(UndoTarget target) {
        append(UNDOING, target.key(), "");
    }

    /** Its outcome, once known; only those that settle it are recorded. */
    void ended(UndoTarget target) {
        if (target.outcome().settles()) {
            append(target.outcome().words, target.key(), target.detail() == null ? "" : target.detail().replace('\t', ' ')
                    .replace('\n', ' '));
        }
    }

    private synchronized void append(String state, String key, String detail) {
        if (readOnly) {
            return;
        }
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write((state + "\t" + key + "\t" + detail + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
