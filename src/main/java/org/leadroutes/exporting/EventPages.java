package org.leadroutes.exporting;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Close's event log read for one run ({@code GET /event/}): the lead {@code deleted} events, then the lead
 * {@code merged} events, each from {@code from} (the last successful run's start less the overlap) to before
 * {@code to} (this run's start), newest first by {@code _cursor}, {@value #LIMIT} at a time (Close's cap). What
 * they say goes to the run's {@link Deletions}. A pass ends when the log has no older page, or hands out an event
 * older than {@code from} (a log that does not bound a cursor's walk by the date filter is not read to its end).
 */
final class EventPages {

    static final String PATH = "/event/";
    static final int LIMIT = 50;
    /** The lead actions read, one pass each: Close allows {@code object_type} with one {@code action}. */
    static final List<String> ACTIONS = List.of("deleted", "merged");

    private final Instant from;
    private final Instant to;
    private int action;
    private String cursor;
    private int pages;
    private long events;
    private long startNanos;
    private long endNanos;

    EventPages(Instant from, Instant to) {
        this.from = from;
        this.to = to;
    }

    /** Whether another page is to be read. */
    boolean hasMore() {
        return action < ACTIONS.size();
    }

    /** The next page's query; the date bounds are sent with a cursor too. */
    String query() {
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
        String query = "object_type=lead&action=" + ACTIONS.get(action) + "&date_updated__gte=" + from
                + "&date_updated__lt=" + to + "&_limit=" + LIMIT;
        return cursor == null ? query : query + "&_cursor=" + LeadPages.encode(cursor);
    }

    /** One page of events into {@code deletions}; steps to the next page or the next action. */
    void read(Map<String, Object> answer, Deletions deletions) {
        pages++;
        boolean older = false;
        for (Map<String, Object> event : LeadPages.data(answer)) {
            Instant at = instant(event.get("date_updated"));
            if (at != null && at.isBefore(from)) {
                older = true;
                break;
            }
            if (at != null && !at.isBefore(to)) {
                continue; // later than this run's start: the next run's
            }
            events++;
            Object meta = event.get("meta");
            if ("merged".equals(event.get("action")) && meta instanceof Map<?, ?> m
                    && m.get("merge_source_lead_id") instanceof String source) {
                deletions.mergedAway(source, m.get("merge_destination_lead_id") instanceof String d ? d : null);
            } else if ("deleted".equals(event.get("action")) && event.get("object_id") instanceof String id) {
                deletions.deleted(id);
            }
        }
        Object next = answer == null ? null : answer.get("cursor_next");
        if (older || !(next instanceof String s) || s.isEmpty()) {
            action++;
            cursor = null;
            endNanos = System.nanoTime();
        } else {
            cursor = s;
        }
    }

    int pages() {
        return pages;
    }

    long events() {
        return events;
    }

    Instant from() {
        return from;
    }

    Instant to() {
        return to;
    }

    /** From the first call to the last answer read. */
    long millis() {
        return (endNanos - startNanos) / 1_000_000;
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (DateTimeParseException e) {
            return null; // cannot tell: taken
        }
    }
}
