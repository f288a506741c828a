package org.leadroutes.importing.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drops waiting for the CRM (the flow's bean {@code ImportFlow.WAITS}, the inbox consumer's {@code filter}). A drop that
 * met a CRM outage ({@link org.leadroutes.crm.CrmOutageException}: unreachable, 5xx or rate limits past the retries,
 * credentials refused) stays in the inbox, rolled back by the file consumer, and this filter holds it back until
 * its next try: a pause that doubles from {@code leads.import.outage-retry-ms} up to
 * {@code leads.import.outage-retry-max-ms}, or sooner, at the first poll after the CRM's readiness check finds it
 * answering again ({@link #crmAnswered()}). The file then resumes from its ledger. A file changed in the
 * meantime (size or modification time) is a new drop and is taken at once.
 * <p>
 * It also watches the drops that were done, for {@code leads.import.done-watch-ms} after each ({@link #bringBackGrown},
 * at each poll of the inbox: {@link InboxPolls}): a writer that still held the file open when the consumer moved it to
 * {@code .done/} writes its later rows there. Should the archived file grow or change, it is brought back into the
 * inbox and imported again, its earlier rows matched to the leads they created (its ledger carried over).
 */
public final class DropWaits implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * One waiting drop.
     *
     * @param firstTried when its first try started: its archived name and reports keep that stamp
     * @param attempts   tries so far that met an outage
     * @param lastTried  when the last of them ended
     * @param nextTry    when it is taken again, unless the CRM is back sooner
     * @param reason     the outage, one line
     */
    public record Waiting(Instant firstTried, int attempts, Instant lastTried, Instant nextTry, String reason,
                          long size, long modified) {
    }

    private final Clock clock;
    private final Duration first;
    private final Duration max;
    private final Map<Path, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<Path, Changed> changed = new ConcurrentHashMap<>();
    private final Map<Path, Done> done = new ConcurrentHashMap<>();
    private final Duration doneWatch;
    private final Map<Path, Archived> archived = new ConcurrentHashMap<>();
    private volatile Instant crmAnsweredAt;

    /** Drops that wait for the CRM; done drops are not watched. */
    public DropWaits(Clock clock, Duration first, Duration max) {
        this(clock, first, max, Duration.ZERO);
    }

    /**
     * @param doneWatch how long a done drop's archived file is watched for rows written after it was done
     *                  ({@code leads.import.done-watch-ms}); zero: not watched
     */
    public DropWaits(Clock clock, Duration first, Duration max, Duration doneWatch) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("leads.import.outage-retry-ms must be positive and at most"
                    + " leads.import.outage-retry-max-ms");
        }
        if (doneWatch.isNegative()) {
            throw new IllegalArgumentException("leads.import.done-watch-ms must not be negative");
        }
        this.clock = clock;
        this.first = first;
        this.max = max;
        this.doneWatch = doneWatch;
    }

    /** The inbox consumer's filter: a waiting drop is taken when its time has come, or the CRM is back. */
    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return true;
        }
        Path path = key(Path.of(file.getAbsoluteFilePath()));
        Waiting w = waiting.get(path);
        if (w == null) {
            return true;
        }
        if (w.size() != file.getFileLength() || w.modified() != file.getLastModified()) {
            waiting.remove(path); // replaced by another file of the same name: a new drop
            return true;
        }
        Instant answered = crmAnsweredAt;
        return !clock.instant().isBefore(w.nextTry()) || (answered != null && answered.isAfter(w.lastTried()));
    }

    /**
     * The drop of {@code file} met an outage: it waits, and is taken again after a pause that doubles with each
     * such try. @return how it waits
     */
    public Waiting waitFor(Path file, Instant started, String reason) {
        Path path = key(file);
        long size;
        long modified;
        try {
            size = Files.size(path);
            modified = Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            size = -1;
            modified = -1;
        }
        Instant now = clock.instant();
        Waiting before = waiting.get(path);
        int attempts = before == null ? 1 : before.attempts() + 1;
        Waiting w = new Waiting(before == null ? started : before.firstTried(), attempts, now,
                now.plus(pause(attempts)), reason, size, modified);
        waiting.put(path, w);
        return w;
    }

    /** The pause after the n-th try that met an outage: the first pause, doubled each time, at most the longest. */
    Duration pause(int attempts) {
        Duration pause = first;
        for (int i = 1; i < attempts && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }

    /** The drop of {@code file} ended (done, or a bad file): it waits no more. */
    public void forget(Path file) {
        waiting.remove(key(file));
        changed.remove(key(file));
    }

    /**
     * A try of the file that it was written to while it ran (the flow's {@code DropChangedException}): it stays in the inbox;
     * its next try keeps this try's stamp (the same report, updated) and its ledger carries over what this try
     * created, recorded under {@code sha256}, the content this try read.
     */
    public void changed(Path file, Instant started, String sha256) {
        changed(file, started, sha256, null);
    }

    private void changed(Path file, Instant started, String sha256, String broughtBack) {
        changed.merge(key(file), new Changed(started, sha256, broughtBack), (before, now) -> new Changed(
                before.firstTried(), now.sha256(), before.broughtBack() != null ? before.broughtBack() : now.broughtBack()));
    }

    /**
     * Why {@code file} is in the inbox again, when it was brought back from {@code .done/} ({@link #bringBackGrown}):
     * a warning for its report.
     */
    public Optional<String> broughtBack(Path file) {
        return Optional.ofNullable(changed.get(key(file))).map(Changed::broughtBack);
    }

    /**
     * The content an earlier try of {@code file} read before the file changed under it, if one did. A changed file
     * that left the inbox (deleted, moved away) is forgotten, so a later file of that name is a drop of its own.
     */
    public Optional<String> changedFrom(Path file) {
        changed.keySet().removeIf(p -> !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        return Optional.ofNullable(changed.get(key(file))).map(Changed::sha256);
    }

    /** When the first try of a drop of {@code file} that is still to end started: waiting for the CRM, or changed. */
    public Optional<Instant> firstTried(Path file) {
        Path path = key(file);
        Waiting w = waiting.get(path);
        if (w != null) {
            return Optional.of(w.firstTried());
        }
        return Optional.ofNullable(changed.get(path)).map(Changed::firstTried);
    }

    /**
     * The drop of {@code file} is done: should the file still be in the inbox as it was (the consumer could not move
     * it to {@code .done/}), it is not imported again ({@link #doneBefore}). Files moved away are forgotten here. Its
     * archive is watched for {@code leads.import.done-watch-ms} ({@link #bringBackGrown}).
     *
     * @param started when the drop's first try started: its names' stamp, kept should it be brought back
     * @param sha256  the content the drop read: its ledger, carried over should it be brought back
     */
    public void done(Path file, DropStamp stamp, Path report, Path archive, Instant started, String sha256) {
        done.keySet().removeIf(p -> !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        if (stamp != null) {
            done.put(key(file), new Done(stamp, report.toString(), archive));
            if (!doneWatch.isZero() && started != null && sha256 != null) {
                archived.put(key(archive), new Archived(key(file), stamp, sha256, started,
                        clock.instant().plus(doneWatch), null));
            }
        }
    }

    /**
     * At each poll of the inbox ({@link InboxPolls}): the archive of each drop done in the last {@code
     * leads.import.done-watch-ms} that grew or changed since the drop read it (size or modification time: a writer
     * that still held the file open) is brought back into the inbox, under its name or, when a file of that name is
     * there again, under its archived name. Its next try keeps the drop's stamp (its report is the same file,
     * updated) and its ledger: the leads the earlier rows created are matched and merged into, not created again,
     * and the later rows are imported. Archives watched long enough, or moved away, are forgotten.
     *
     * @return the files brought back into the inbox
     */
    public List<Path> bringBackGrown() {
        Instant now = clock.instant();
        List<Path> back = new ArrayList<>();
        for (Map.Entry<Path, Archived> entry : archived.entrySet()) {
            Path archive = entry.getKey();
            Archived a = entry.getValue();
            if (now.isAfter(a.until())) { // watched long enough: what is written there now stays there
                archived.remove(archive, a);
                continue;
            }
            DropStamp current = stampOf(archive);
            if (current == null) {
                continue; // not moved there yet, or moved away: forgotten when its watch ends
            }
            String change;
            if (current.size() > a.stamp().size()) {
                change = a.stamp().changeSince(archive); // it grew past what the drop read
            } else if (a.seen() == null) {
                // the first look at the archive: a move that had to copy the file (another file system) gives it a
                // new modification time, which is no write; later changes are measured from here
                archived.replace(archive, a, a.seen(current));
                continue;
            } else {
                change = a.seen().changeSince(archive);
            }
            if (change == null) {
                continue;
            }
            String name = DropName.shown(a.inbox().getFileName().toString());
            try {
                Path target = bringBack(archive, a.inbox());
                archived.remove(archive, a);
                done.remove(a.inbox());
                String why = "rows were written to it after its drop was done (" + change + "): a writer still held"
                        + " it open when it was moved to .done/ as " + DropName.shown(archive.getFileName().toString());
                changed(target, a.started(), a.sha256(), "brought back from .done/: " + why + "; imported again,"
                        + " its earlier rows matched to the leads they created. Write files elsewhere and move them into"
                        + " the inbox when complete");
                LOG.warn("{}: {}. It is brought back into the inbox as {} and imported again once it has been still"
                        + " for leads.import.read-lock-min-age-ms: its earlier rows are matched to the leads they"
                        + " created, its later rows imported. Write files elsewhere and move them into the inbox when"
                        + " complete", name, why, DropName.shown(target.getFileName().toString()));
                back.add(target);
            } catch (IOException e) {
                LOG.error("{}: rows were written to its archive {} after its drop was done ({}), but it cannot be"
                        + " brought back into the inbox ({}): tried again at the next poll; or move it into the inbox"
                        + " yourself", name, DropName.shown(archive.toString()), change, e.toString());
            }
        }
        return back;
    }

    /** The archive moved back into the inbox: as {@code inbox}, or as its archived name when that is taken again. */
    private static Path bringBack(Path archive, Path inbox) throws IOException {
        try {
            return Files.move(archive, inbox, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.FileAlreadyExistsException taken) { // a new file of that name was dropped since
            return Files.move(archive, inbox.resolveSibling(archive.getFileName()), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** How many done drops' archives are watched now. */
    int watched() {
        return archived.size();
    }

    /**
     * The report of a done drop of this very file (same size and time) still in the inbox because its archive is
     * missing (the consumer could not move it), or null: a file moved to {@code .done/} and dropped again is a new drop.
     */
    public String doneBefore(Path file, DropStamp stamp) {
        Done d = done.get(key(file));
        return d != null && d.stamp().equals(stamp) && !Files.exists(d.archive(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                ? d.report() : null;
    }

    private record Changed(Instant firstTried, String sha256, String broughtBack) {
    }

    /** A done drop's archive, watched until {@code until}: the drop's file, what it read, its stamp. */
    /**
     * A done drop's archive, watched.
     *
     * @param stamp what the drop read (size, modification time)
     * @param seen  the archive at the first look after the consumer moved it there; null before
     */
    private record Archived(Path inbox, DropStamp stamp, String sha256, Instant started, Instant until, DropStamp seen) {
        Archived seen(DropStamp first) {
            return new Archived(inbox, stamp, sha256, started, until, first);
        }
    }

    /** The file's size and modification time now; null when it is not there (or not readable). */
    private static DropStamp stampOf(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file,
                    java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? new DropStamp(a.size(), a.lastModifiedTime().toMillis()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private record Done(DropStamp stamp, String report, Path archive) {
    }

    /** How the drop of {@code file} waits, if it does. */
    public Optional<Waiting> of(Path file) {
        return Optional.ofNullable(waiting.get(key(file)));
    }

    /** The drops waiting now. */
    public int count() {
        return waiting.size();
    }

    /** The CRM's readiness check found it answering again: waiting drops are taken at the next poll. */
    public void crmAnswered() {
        crmAnsweredAt = clock.instant();
    }

    /** A time of day for messages ("retrying at 02:05:00"), in the zone the drops' names use. */
    public static String timeOfDay(Instant at) {
        return TIME.format(at.atZone(ZoneId.systemDefault()));
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
