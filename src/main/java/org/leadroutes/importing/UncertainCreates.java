package org.leadroutes.importing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.matching.LeadMatcher;
import org.leadroutes.matching.MergePlan;

/**
 * The leads of a drop whose {@code POST /lead/} had no certain outcome (a 502, a timeout after sending): never
 * sent again, and at the end of the drop looked up by name through Advanced Filtering ({@code POST /data/search/},
 * {@value #CHUNK} names a search, as the matching looks a batch up). The search index lags a write, so the first
 * look waits {@code pause}; the leads not found are looked for again after each further pause until
 * {@code maxWait} has passed since the first. A lead found (its name, created after it was sent, less a margin for
 * clock skew, and only one such lead) was created; one not found stays uncertain. A search not finding a lead is
 * never a reason to send it again.
 */
final class UncertainCreates {

    static final int CHUNK = 25;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final List<String> FIELDS = List.of("id", "name", "date_created", "contacts");

    /** One uncertain create: the lead, why it is uncertain, when it was sent, and the lead found for it. */
    static final class Pending {
        final PendingLead lead;
        final String reason;
        final Instant sentAt;
        final Map<String, Object> payload;
        final Map<Long, List<org.leadroutes.mapping.DroppedValue>> refused;
        String foundId;
        List<String> contactIds = List.of();
        int found;

        Pending(PendingLead lead, Map<String, Object> payload, String reason, Instant sentAt,
                Map<Long, List<org.leadroutes.mapping.DroppedValue>> refused) {
            this.refused = refused;
            this.lead = lead;
            this.payload = payload;
            this.reason = reason;
            this.sentAt = sentAt;
        }

        String name() {
            return String.valueOf(payload.get("name"));
        }

        boolean resolved() {
            return found == 1;
        }
    }

    private final Duration pause;
    private final Duration maxWait;
    private final Clock clock;
    private final List<Pending> pending = new ArrayList<>();
    private List<List<Pending>> pass = List.of();
    private List<Pending> chunk;
    private String cursor;
    private Instant deadline;
    private String failure;
    private int passes;

    UncertainCreates(Duration pause, Duration maxWait, Clock clock) {
        this.pause = pause;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * A create whose outcome is unknown, kept for the look-up.
     *
     * @param payload what was sent last (without any field the CRM refused)
     */
    synchronized void add(PendingLead lead, Map<String, Object> payload, String reason, Instant sentAt,
                          Map<Long, List<org.leadroutes.mapping.DroppedValue>> refused) {
        pending.add(new Pending(lead, payload, reason, sentAt, refused));
    }

    /** The leads written out: nothing left to look up. */
    synchronized void clear() {
        pending.clear();
        pass = List.of();
        chunk = null;
    }

    /** Whether a search is to be made: a pass under way, or leads not found and time left for another pass. */
    synchronized boolean searching() {
        if (failure != null || unresolved().isEmpty()) {
            return false;
        }
        if (chunk != null || !pass.isEmpty()) {
            return true;
        }
        return passes == 0 || !clock.instant().plus(pause).isAfter(deadline);
    }

    /**
     * How long the flow waits before the next search (its {@code delay:} step): a pass begins with a pause for the
     * CRM's search index to catch up; a search within a pass follows at once. The bounded wait starts with the
     * first pause.
     */
    synchronized Duration pauseBeforeNextSearch() {
        if (chunk != null || !pass.isEmpty()) {
            return Duration.ZERO;
        }
        if (deadline == null) {
            deadline = clock.instant().plus(maxWait);
        }
        return pause;
    }

    /** The body of the next search, after {@link #pauseBeforeNextSearch()}'s pause. */
    synchronized Map<String, Object> nextSearch() {
        if (chunk == null) {
            if (pass.isEmpty()) {
                if (deadline == null) {
                    deadline = clock.instant().plus(maxWait);
                }
                passes++;
                pass = chunks(unresolved());
            }
            chunk = pass.get(0);
            pass = pass.subList(1, pass.size());
            chunk.forEach(p -> p.found = 0);
            cursor = null;
        }
        Map<String, Object> search = new LinkedHashMap<>(LeadMatcher.byNames(
                chunk.stream().map(Pending::name).distinct().toList(), FIELDS, LeadMatcher.SEARCH_LIMIT));
        if (cursor != null) {
            search.put("cursor", cursor);
        }
        return search;
    }

    /** A page of the search's answer: each lead that is one of the chunk's, by name and creation time. */
    @SuppressWarnings("unchecked")
    synchronized void answered(Map<String, Object> answer) {
        Map<String, List<Pending>> byName = new HashMap<>();
        chunk.forEach(p -> byName.computeIfAbsent(p.name().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(p));
        for (Map<String, Object> candidate : (List<Map<String, Object>>) answer.getOrDefault("data", List.of())) {
            List<Pending> named = byName.get(String.valueOf(candidate.get("name")).toLowerCase(Locale.ROOT));
            Object created = candidate.get("date_created");
            if (named == null || created == null) {
                continue;
            }
            Instant at = OffsetDateTime.parse(created.toString()).toInstant();
            for (Pending p : named) {
                if (!at.isBefore(p.sentAt.minus(CLOCK_SKEW))) {
                    // two of the drop's leads of one name, or two such leads in the CRM: which is which cannot be told
                    p.found += named.size() == 1 ? 1 : 2;
                    p.foundId = String.valueOf(candidate.get("id"));
                    p.contactIds = MergePlan.of(p.payload, candidate).existingIds();
                }
            }
        }
        cursor = answer.get("cursor") instanceof String next && !next.isBlank() ? next : null;
        if (cursor == null) {
            chunk = null;
        }
    }

    /** The look-up failed: the leads not found stay uncertain. */
    synchronized void failed(String why) {
        failure = why;
    }

    /** The leads found: created, with their id and contacts' ids. */
    synchronized List<Pending> found() {
        return pending.stream().filter(Pending::resolved).toList();
    }

    /** The leads not found (or found more than once): still uncertain. */
    synchronized List<Pending> unresolved() {
        return pending.stream().filter(p -> !p.resolved()).toList();
    }

    /** For the results file: what the look-up came to, for a lead still uncertain. */
    synchronized String lookedUp() {
        if (failure != null) {
            return "looking it up at the end of the drop failed (" + failure + ")";
        }
        if (passes == 0) {
            return "it was not looked up";
        }
        return "it was not found in the CRM by name at the end of the drop (looked up " + passes
                + (passes == 1 ? " time" : " times") + ")";
    }

    private static List<List<Pending>> chunks(List<Pending> leads) {
        List<List<Pending>> chunks = new ArrayList<>();
        for (int i = 0; i < leads.size(); i += CHUNK) {
            chunks.add(new ArrayList<>(leads.subList(i, Math.min(leads.size(), i + CHUNK))));
        }
        return chunks;
    }
}
