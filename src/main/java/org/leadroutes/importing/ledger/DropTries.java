package org.leadroutes.importing.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.leadroutes.importing.inbox.DropName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tries of a drop's content, {@code state/<sha256>.tries}: each try is recorded as started before any work (no
 * CRM call yet) and as ended when it ends, done, failed or waiting. A try the process never ended was stopped under it:
 * {@code kill -9}, or out of memory with {@code -XX:+ExitOnOutOfMemoryError}, the supervisor then starting it again.
 * One such try is resumed as ever (from the ledger); when each of the last {@code leads.import.max-killed-tries} tries
 * of the content was stopped so, the next one is not started: the file would stop the importer again, for ever, and
 * every file behind it with it. It is set aside to {@code .failed/} instead ({@link DropStoppedTriesException}).
 * <p>
 * Keyed by the content's hash, as the ledger is: the same content under another name counts the same tries. Kept in
 * {@code state/} itself, not with the ledger under the CRM's organisation, because the count is read before the
 * drop's first CRM call ({@code GET /me/}). Appended to only, one write per line, as the ledger: a kill loses at most
 * the line being written. Lines: {@code started TAB id TAB epoch millis TAB process}, {@code named TAB id TAB epoch
 * millis TAB archived name} (URL-encoded: a name may hold a tab or a line break), {@code ended TAB id TAB epoch millis
 * TAB outcome}, and {@code set_aside TAB TAB epoch millis TAB} once the file was set aside: a later drop of the same
 * content (with more memory, say) starts counting anew.
 * <p>
 * The names are for the try that ends the drop: a try killed as it ended (its results and rejects moved to
 * {@code reports/}, its report not yet written) left those two files under its own name, which no report names. The
 * try that ends the drop next removes them ({@link Try#namesOfStoppedTries()}, {@link
 * ImportReports#removeLeftByStoppedTries}): the files its own report names are the whole drop's.
 */
public final class DropTries {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * One try, started: ended by {@link #ended}.
     *
     * @param namesOfStoppedTries the archived names of the tries of this content that started before it and never
     *                            ended (killed), but its own
     */
    public record Try(String sha256, String id, Instant started, List<String> namesOfStoppedTries) {
    }

    private final Path stateDir;
    private final int limit;
    private final Clock clock;
    private final String process;
    /** The tries this process started and has not ended yet. */
    private final java.util.Map<String, Try> open = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param limit how many tries in a row may stop unended before the file is set aside ({@code
     *              leads.import.max-killed-tries})
     */
    public DropTries(Path stateDir, int limit, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("leads.import.max-killed-tries must be at least 1");
        }
        this.stateDir = stateDir;
        this.limit = limit;
        this.clock = clock;
        this.process = ManagementFactory.getRuntimeMXBean().getName(); // pid@host: which process's log to read
    }

    /**
     * A try of the content {@code sha256} begins: recorded before any work. @return the try, for {@link #ended}
     *
     * @throws DropStoppedTriesException when the last {@code limit} tries were all stopped unended: this one is not
     *                                   started (nothing recorded)
     * @throws DataFolderWriteException  when the record cannot be written (the drop waits, as for its ledger)
     */
    public Try start(DropName name, String sha256) {
        String file = name.file();
        Record earlier = read(sha256);
        List<Instant> stopped = earlier.stoppedStarts();
        if (stopped.size() >= limit) {
            throw new DropStoppedTriesException(setAsideReason(file, sha256, stopped), sha256, stopped);
        }
        Try started = new Try(sha256, UUID.randomUUID().toString(), clock.instant(), earlier.stoppedNames().stream()
                .filter(n -> !n.equals(name.archived())).toList());
        try {
            append(sha256, "started\t" + started.id() + "\t" + started.started().toEpochMilli() + "\t" + process
                    + "\nnamed\t" + started.id() + "\t" + started.started().toEpochMilli() + "\t"
                    + URLEncoder.encode(name.archived(), StandardCharsets.UTF_8)); // two lines, one write
        } catch (IOException e) {
            throw DataFolderWriteException.of("cannot record the try of " + file + " in " + stateDir, e);
        }
        open.put(started.id(), started);
        if (!stopped.isEmpty()) {
            LOG.warn("{}: the importer stopped during its last {} (started {}) without ending it: killed, or out of"
                    + " memory (see the log of then); resuming from its ledger, try {} of {} before it is set aside",
                    DropName.shown(file), stopped.size() == 1 ? "try" : stopped.size() + " tries", shown(stopped),
                    stopped.size() + 1, limit);
        }
        return started;
    }

    /** The try ended ({@code done}, or how it failed or waits): it does not count as stopped. */
    public void ended(Try done, String outcome) {
        if (open.remove(done.id()) == null) {
            return; // ended already (the process stopping ended it first)
        }
        try {
            append(done.sha256(), "ended\t" + done.id() + "\t" + clock.millis() + "\t" + outcome.replaceAll("\\s", " "));
        } catch (IOException e) { // the drop's outcome stands; this try may count as stopped once, no more
            LOG.warn("cannot record the end of a try in {}: {}", stateDir, e.toString());
        }
    }

    /**
     * The process is stopping (a stop asked for: SIGTERM, Ctrl-C, a host stopping Camel): the tries still open are
     * ended now, as stopped by the process, not killed under it. Its drop may yet end within the stop's timeout (its
     * ending then writes nothing more); if the supervisor kills the process before, the try does not count against
     * the file. A kill or an OutOfMemoryError with {@code -XX:+ExitOnOutOfMemoryError} runs no stop: its try stays open.
     */
    public void processStopping() {
        for (Try running : List.copyOf(open.values())) {
            ended(running, "the process stopping");
        }
    }

    /** The file of the content {@code sha256} was set aside to {@code .failed/}: a later drop of it counts anew. */
    public void setAside(String sha256) {
        try {
            append(sha256, "set_aside\t\t" + clock.millis() + "\t");
        } catch (IOException e) {
            LOG.warn("cannot record in {} that a file was set aside: {}", stateDir, e.toString());
        }
    }

    /**
     * The last tries of the content, since it was last set aside, that started and never ended, oldest first: those
     * after the last try that ended (a try that ended breaks the run).
     */
    List<Instant> stoppedTries(String sha256) {
        return read(sha256).stoppedStarts();
    }

    /**
     * What the record says of the tries since the content was last set aside: when each of the last tries that
     * never ended started (those after the last try that ended), and the names of every try that never ended.
     */
    private record Record(List<Instant> stoppedStarts, List<String> stoppedNames) {
    }

    private Record read(String sha256) {
        Path file = record(sha256);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Record(List.of(), List.of());
        } catch (IOException e) {
            throw DataFolderWriteException.of("cannot read the tries of this content in " + file, e);
        }
        List<String> ids = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        Set<String> ended = new HashSet<>();
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split("\t", -1);
            if (parts.length != 4) { // a torn last line: the kill came as it was written
                continue;
            }
            switch (parts[0]) {
                case "started" -> {
                    Instant at = millis(parts[2]);
                    if (at != null) {
                        ids.add(parts[1]);
                        starts.add(at);
                    }
                }
                case "named" -> {
                    try {
                        names.put(parts[1], URLDecoder.decode(parts[3], StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException torn) {
                        // not a name this version wrote: passed over
                    }
                }
                case "ended" -> ended.add(parts[1]);
                case "set_aside" -> {
                    ids.clear();
                    starts.clear();
                    ended.clear();
                    names.clear();
                }
                default -> { // a kind of line this version does not know: passed over
                }
            }
        }
        int from = ids.size();
        while (from > 0 && !ended.contains(ids.get(from - 1))) {
            from--;
        }
        List<String> stoppedNames = names.entrySet().stream().filter(n -> !ended.contains(n.getKey()))
                .map(java.util.Map.Entry::getValue).distinct().toList();
        return new Record(List.copyOf(starts.subList(from, starts.size())), stoppedNames);
    }

    /** The report's words for a file set aside: what happened, that nothing is lost, what to do. */
    private String setAsideReason(String file, String sha256, List<Instant> stopped) {
        return "the importer stopped during " + (stopped.size() == 1 ? "its last try" : "each of its last "
                + stopped.size() + " tries") + " of this file (started " + shown(stopped) + ") and never ended "
                + (stopped.size() == 1 ? "it" : "them") + ": the process was killed or ran out of memory (see the log"
                + " of those times: 'Terminating due to java.lang.OutOfMemoryError'), so it is not tried again and goes"
                + " to .failed/ instead of stopping the importer at every start. Nothing is lost: what those tries"
                + " created is in the CRM and in the drop's ledger (state/<crm>/<organisation>/" + sha256 + ".ledger),"
                + " and dropping the file again skips it. Before dropping it again, give the importer more memory"
                + " (JAVA_OPTS=-Xmx256m bin/crm-lead-routes; the embedded sandbox CRM shares the importer's heap: a big"
                + " try-out drop wants that, or the sandbox in its own JVM, java -jar crm-lead-routes.jar --sandbox-only),"
                + " or split the file into smaller ones";
    }

    private static String shown(List<Instant> tries) {
        return tries.stream().map(t -> SHOWN.format(t.atZone(ZoneId.systemDefault()))).collect(Collectors.joining(", "));
    }

    private static Instant millis(String text) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Path record(String sha256) {
        return stateDir.resolve(sha256 + ".tries");
    }

    private void append(String sha256, String line) throws IOException {
        Files.createDirectories(stateDir);
        Path file = record(sha256);
        boolean torn = false; // a line a kill cut short: this one starts on a line of its own
        if (Files.exists(file)) {
            try (SeekableByteChannel in = Files.newByteChannel(file)) {
                if (in.size() > 0) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    in.position(in.size() - 1).read(last);
                    torn = last.get(0) != '\n';
                }
            }
        }
        // one write per line: once write() returns the line is in the OS, which outlives a killed process
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(((torn ? "\n" : "") + line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
