package org.leadroutes.exporting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leads an incremental run says are gone: deleted, or merged into another lead (and which). Where they come
 * from is decided when the run opens:
 * <ul>
 * <li>Close, last successful run within the event log's reach: the log's {@code deleted} and {@code merged} events
 *     from that run's start less the overlap to this run's start ({@link EventPages}); the leads are read by
 *     change.</li>
 * <li>Close, last successful run beyond the log's reach ({@value #EVENT_LOG_DAYS} days, less an hour's margin): every
 *     lead is read, and the ids the last run left ({@link KnownIds}) that this run did not read are gone (merges
 *     show as deletions then). Said in the log and the report.</li>
 * <li>The paged CRM (no event log): every page is read anyway, so the same comparison of ids, each run.</li>
 * </ul>
 * A lead read by this run is never reported gone. The ids the table holds after this run are kept for the next
 * ({@link #knownAfter()}).
 */
final class Deletions {

    static final int EVENT_LOG_DAYS = 30;
    /** How far back a run trusts Close's event log to reach: its 30 days, less a margin for clocks and late events. */
    static final Duration EVENT_LOG_REACH = Duration.ofDays(EVENT_LOG_DAYS).minusHours(1);

    /** Ids the table holds after the last successful run; null when none were kept. */
    private final Set<String> known;
    /** Whether the run reads every lead: an id it knew and did not read is gone. */
    private final boolean fullPass;
    /** The event log read, or null. */
    private final EventPages events;
    /** Leads read changed since then; null: every lead. */
    private final Instant readSince;
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> present = new HashSet<>();
    /** From the event log: id to the lead it was merged into, or to null when deleted. */
    private final Map<String, String> logged = new LinkedHashMap<>();
    private Map<String, String> gone;
    private boolean complete;

    private Deletions(Set<String> known, boolean fullPass, EventPages events, Instant readSince) {
        this.known = known;
        this.fullPass = fullPass;
        this.events = events;
        this.readSince = readSince;
    }

    /**
     * How an incremental run finds what is gone.
     *
     * @param close   whether the CRM is Close (an event log), else the paged CRM
     * @param since   the last successful run's start; null for a first run (everything, nothing gone)
     * @param known   the ids that run left ({@link KnownIds}); null when none were kept
     * @param overlap how much earlier than {@code since} the event log is read (events land late)
     * @param start   this run's start: the event log is read up to it
     */
    static Deletions plan(boolean close, Instant since, Set<String> known, Duration overlap, Instant start) {
        if (since == null) {
            return new Deletions(null, true, null, null); // the first run: every lead, nothing to compare with
        }
        if (!close) {
            Deletions paged = new Deletions(known, true, null, since);
            if (known == null) {
                paged.warnings.add("no list of the lead ids exported before (kept from this version on): leads deleted"
                        + " before this run cannot be told; from the next run on they can");
            }
            return paged;
        }
        Instant from = since.minus(overlap);
        if (!from.isBefore(start.minus(EVENT_LOG_REACH))) {
            if (known != null) {
                return new Deletions(known, false, new EventPages(from, start), since);
            }
            Deletions all = new Deletions(null, true, new EventPages(from, start), null);
            all.warnings.add("no list of the lead ids exported before (kept from this version on): this run exports"
                    + " every lead, and the leads deleted or merged since " + from + " from Close's event log");
            return all;
        }
        Deletions all = new Deletions(known, true, null, null);
        all.warnings.add("the last successful run started at " + since + ", longer ago than Close's event log reaches ("
                + EVENT_LOG_DAYS + " days): this run exports every lead, and "
                + (known == null ? "cannot tell which leads were deleted since (no list of the ids exported before):"
                        + " replace the table with this file's leads"
                        : "the leads gone are those the last run left that this one did not read (merged leads show as"
                        + " deleted)"));
        return all;
    }

    /** Leads to read: those changed since then, or every lead (null). */
    Instant readSince() {
        return readSince;
    }

    /** Close's event log to read, or null. */
    EventPages events() {
        return events;
    }

    /** A lead this run read (whether or not it was changed since the last run). */
    void read(String id) {
        present.add(id);
    }

    void deleted(String id) {
        logged.putIfAbsent(id, null);
    }

    void mergedAway(String source, String destination) {
        logged.put(source, destination);
    }

    /**
     * The leads gone, id to the lead each was merged into (null: deleted), once every lead is in.
     *
     * @param complete whether the pass saw every lead the CRM held (pages did not shift under it); when not, no lead is
     *                 found gone by its absence this time, the next run looks again
     */
    Map<String, String> gone(boolean complete) {
        if (gone != null) {
            return gone;
        }
        this.complete = complete;
        gone = new LinkedHashMap<>();
        logged.forEach((id, into) -> {
            if ((known == null || known.contains(id)) && !present.contains(id)) {
                gone.put(id, into); // a lead the table never had, or one read again, is left alone
            }
        });
        if (fullPass && known != null) {
            if (complete) {
                known.stream().filter(id -> !present.contains(id)).sorted().forEach(id -> gone.putIfAbsent(id, null));
            } else {
                warnings.add("the CRM's total changed while its pages were read: leads missing from this pass are not"
                        + " taken for deleted this time; the next run looks again");
            }
        }
        return gone;
    }

    /** The ids the table holds once this run's file is applied: what the next run compares with. */
    Set<String> knownAfter() {
        Set<String> after = new HashSet<>(present);
        if (known != null && !(fullPass && complete)) {
            after.addAll(known); // read by change only, or a pass that could not tell: what it did not see stays
        }
        after.removeAll(gone.keySet());
        return after;
    }

    List<String> warnings() {
        return warnings;
    }
}
