package org.leadroutes.importing.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The durable record of what one drop's content created, in {@code state/<sha256>.ledger}: one
 * appended line per event, written before and after each create. It is only ever appended to, so a
 * {@code kill -9} loses at most the line being written, and re-reading it tells exactly which groups
 * were created, which were being sent when the process died, and which had an unknown outcome.
 * Holds in memory only what an earlier run recorded, so a first run of a big file costs nothing here.
 * Record lines: {@code sending|created|uncertain|not_created TAB group-key TAB detail}, the detail
 * being the lead id of a create, the time (epoch millis) of a send, and of an uncertain create the time it was sent
 * (epoch millis; empty in lines written before it was recorded, or when unknown).
 */
public final class DropLedger implements AutoCloseable {

    /** What the ledger knows of a group. */
    public enum State {
        SENDING, CREATED, UNCERTAIN, NOT_CREATED,
        /**
         * Created by a try that read the file before it changed ({@link #carryOver}): the group may hold rows that try
         * did not read, so it is not settled; the CRM's lead (the detail) is matched and merged into.
         */
        CARRIED
    }

    /** An earlier run's last word on a group: the state and its detail (lead id, or send time). */
    public record Entry(State state, String detail) {
    }

    private final Path file;
    private final boolean readOnly;
    private final Map<String, Entry> earlier;
    private OutputStream out;

    private DropLedger(Path file, boolean readOnly, Map<String, Entry> earlier) {
        this.file = file;
        this.readOnly = readOnly;
        this.earlier = earlier;
    }

    /** Opens the ledger of a content hash; read-only for dry runs, which must not record anything. */
    public static DropLedger open(Path stateDir, String sha256, boolean readOnly) throws IOException {
        Path file = stateDir.resolve(sha256 + ".ledger");
        Map<String, Entry> earlier = new HashMap<>();
        if (Files.exists(file)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.split("\t", -1);
                    if (parts.length == 3) { // a torn last line has fewer parts: ignore it
                        earlier.put(parts[1], new Entry(State.valueOf(parts[0].toUpperCase()),
                                parts[2].isEmpty() ? null : parts[2]));
                    }
                }
            }
        }
        return new DropLedger(file, readOnly, earlier);
    }

    /**
     * The file a try read changed under it (the flow's {@code DropChangedException}): its next try reads other content, with
     * another ledger. What the ledger of the content read ({@code fromSha256}) recorded is appended to the ledger
     * of the content now ({@code toSha256}) for the groups that one has no word on yet, so the next try looks up those
     * it left uncertain or in flight, as a resumed drop does. A lead it created is carried as {@link State#CARRIED}, not
     * {@code created}: the file may have grown rows of that company (a contacts export sorted by company), so the next
     * try merges them into that lead instead of skipping them.
     */
    public static void carryOver(Path stateDir, String fromSha256, String toSha256) {
        if (fromSha256.equals(toSha256)) {
            return;
        }
        Path from = stateDir.resolve(fromSha256 + ".ledger");
        Path to = stateDir.resolve(toSha256 + ".ledger");
        try {
            if (!Files.exists(from)) {
                return;
            }
            java.util.Set<String> known = new java.util.HashSet<>();
            if (Files.exists(to)) {
                for (String line : Files.readAllLines(to, StandardCharsets.UTF_8)) {
                    String[] parts = line.split("\t", -1);
                    if (parts.length == 3) {
                        known.add(parts[1]);
                    }
                }
            }
            StringBuilder carried = new StringBuilder();
            for (String line : Files.readAllLines(from, StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t", -1);
                if (parts.length == 3 && !known.contains(parts[1])) { // a torn last line is left behind
                    boolean created = State.CREATED.name().equalsIgnoreCase(parts[0]);
                    carried.append(created ? State.CARRIED.name().toLowerCase() + "\t" + parts[1] + "\t" + parts[2] : line)
                            .append('\n');
                }
            }
            if (!carried.isEmpty()) {
                Files.writeString(to, carried, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot carry " + from + " over to " + to, e);
        }
    }

    /** What an earlier run recorded for the group, or null. */
    public Entry earlier(String groupKey) {
        return earlier.get(groupKey);
    }

    public boolean hasHistory() {
        return !earlier.isEmpty();
    }

    public void sending(String groupKey) {
        append(State.SENDING, groupKey, Long.toString(System.currentTimeMillis()));
    }

    public void created(String groupKey, String leadId) {
        append(State.CREATED, groupKey, leadId);
    }

    public void uncertain(String groupKey) {
        uncertain(groupKey, null);
    }

    /** A create with no certain outcome, sent at {@code sentAt}: a resumed drop looks it up from that time on. */
    public void uncertain(String groupKey, java.time.Instant sentAt) {
        append(State.UNCERTAIN, groupKey, sentAt == null ? "" : Long.toString(sentAt.toEpochMilli()));
    }

    /** The CRM refused it or never took it (400, retries exhausted): a later drop may send it again. */
    public void notCreated(String groupKey) {
        append(State.NOT_CREATED, groupKey, "");
    }

    private synchronized void append(State state, String groupKey, String leadId) {
        if (readOnly) {
            return;
        }
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            // one write per line: once write() returns the line is in the OS, which outlives a killed process
            out.write((state.name().toLowerCase() + "\t" + groupKey + "\t" + leadId + "\n").getBytes(StandardCharsets.UTF_8));
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
