package org.leadroutes.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Close's event log, {@code GET /event/} and {@code GET /event/{id}/}: what happened to the leads, newest first,
 * for {@value #RETENTION_DAYS} days on the sandbox's clock. Only Close's filter combinations are accepted (a bare
 * {@code action} is refused), paging is by {@code _cursor} only ({@code cursor_next} toward older events,
 * {@code cursor_previous} toward newer), {@code _limit} defaults to and is capped at {@value #MAX_LIMIT}. Lead
 * {@code created}, {@code updated}, {@code deleted} (with {@code previous_data}) and {@code merged} (with
 * {@code meta.merge_source_lead_id} and {@code meta.merge_destination_lead_id}) events are recorded by
 * {@link LeadStore} as the changes are made, at the instant of the change.
 */
final class EventLog {
    static final int MAX_LIMIT = 50;
    static final int RETENTION_DAYS = 30;
    static final Duration RETENTION = Duration.ofDays(RETENTION_DAYS);

    /** The filters an event list may combine (date_updated aside), as Close lists them. */
    static final Set<Set<String>> ALLOWED = Set.of(
            Set.of(),
            Set.of("object_type", "object_id"),
            Set.of("object_type", "action"),
            Set.of("object_id", "action"),
            Set.of("lead_id", "object_type"),
            Set.of("lead_id", "object_type", "action"),
            Set.of("lead_id", "user_id", "object_type"),
            Set.of("lead_id", "user_id", "object_type", "action"),
            Set.of("lead_id", "user_id"),
            Set.of("user_id", "object_id"),
            Set.of("user_id", "object_id", "action"),
            Set.of("user_id", "object_type"),
            Set.of("user_id", "object_type", "action"),
            Set.of("lead_id"),
            Set.of("user_id"),
            Set.of("request_id"));
    private static final List<String> FILTERS = List.of("object_type", "object_id", "action", "lead_id", "user_id",
            "request_id");

    private final Supplier<String> now;
    private final String organizationId;
    private final String userId;
    /** The events by {@code date_updated} then the order they were recorded in: the key is both. */
    private final NavigableMap<String, Map<String, Object>> events = new TreeMap<>();
    private final Map<String, String> keys = new java.util.HashMap<>();
    /** The same events by action: the usual question ({@code object_type} and {@code action}) reads only its own. */
    private final Map<String, NavigableMap<String, Map<String, Object>>> byAction = new java.util.HashMap<>();
    private long sequence;

    EventLog(Supplier<String> now, String organizationId) {
        this.now = now;
        this.organizationId = organizationId;
        this.userId = "user_" + organizationId.substring("orga_".length());
    }

    void register(Router router) {
        router.add("GET", "/event/", this::list).add("GET", "/event/{id}/", this::get);
    }

    /** A lead event now: {@code data} is what the lead is after, {@code previousData} what it was before. */
    synchronized void lead(String action, String leadId, Map<String, Object> meta, Map<String, Object> data,
                           Map<String, Object> previousData, List<String> changedFields) {
        String at = now.get();
        Map<String, Object> event = new LinkedHashMap<>();
        String id = Ids.next("ev_");
        event.put("id", id);
        event.put("object_type", "lead");
        event.put("object_id", leadId);
        event.put("lead_id", leadId);
        event.put("action", action);
        event.put("date_created", at);
        event.put("date_updated", at);
        event.put("organization_id", organizationId);
        event.put("user_id", userId);
        event.put("request_id", null);
        event.put("api_key_id", null);
        event.put("oauth_client_id", null);
        event.put("meta", meta == null ? Map.of() : meta);
        event.put("data", data == null ? Map.of() : data);
        event.put("previous_data", previousData == null ? Map.of() : previousData);
        event.put("changed_fields", changedFields == null ? List.of() : changedFields);
        restore(List.of(event));
    }

    /** Every event kept, oldest first, for {@link SandboxData}. */
    synchronized List<Map<String, Object>> stored() {
        prune();
        return new ArrayList<>(events.values());
    }

    /** Events a sandbox saved, in the order they were recorded. */
    synchronized void restore(List<Map<String, Object>> saved) {
        for (Map<String, Object> event : saved) {
            String key = event.get("date_updated") + " " + String.format("%015d", sequence++);
            events.put(key, event);
            keys.put((String) event.get("id"), key);
            byAction.computeIfAbsent((String) event.get("action"), a -> new TreeMap<>()).put(key, event);
        }
        prune();
    }

    synchronized void clear() {
        events.clear();
        keys.clear();
        byAction.clear();
    }

    synchronized int size() {
        prune();
        return events.size();
    }

    /** Events older than the retention are gone, on the sandbox's clock. */
    private void prune() {
        String oldest = Timestamps.format(OffsetDateTime.parse(now.get()).toInstant().minus(RETENTION));
        NavigableMap<String, Map<String, Object>> gone = events.headMap(oldest, false);
        gone.values().forEach(event -> keys.remove((String) event.get("id")));
        gone.clear();
        byAction.values().forEach(events -> events.headMap(oldest, false).clear());
    }

    private synchronized Reply get(ApiRequest request) {
        prune();
        String key = keys.get(request.pathParam());
        return key == null ? Reply.error(404, "Not found") : Reply.json(200, events.get(key));
    }

    private synchronized Reply list(ApiRequest request) {
        if (request.param("_skip") != null) {
            throw ApiException.badRequest("_skip is not supported for events: page with _cursor (cursor_next)");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = request.param(name);
            if (value != null && !value.isEmpty()) {
                filters.put(name, value);
            }
        }
        if (!ALLOWED.contains(filters.keySet())) {
            throw ApiException.badRequest("Unsupported combination of filters: " + new TreeSet<>(filters.keySet())
                    + ". See the list of supported combinations in the event log's documentation.");
        }
        int limit = Math.min(request.intParam("_limit", MAX_LIMIT), MAX_LIMIT);
        if (limit < 1) {
            throw ApiException.badRequest("_limit must be 1 or greater");
        }
        prune();
        String gte = bound(request, "date_updated__gte");
        String gt = bound(request, "date_updated__gt");
        String lte = bound(request, "date_updated__lte");
        String lt = bound(request, "date_updated__lt");
        NavigableMap<String, Map<String, Object>> range = range(filters.containsKey("action")
                ? byAction.getOrDefault(filters.get("action"), new TreeMap<>()) : events, gte, gt, lte, lt);
        String cursor = request.param("_cursor");
        boolean newer = false;
        if (cursor != null && !cursor.isEmpty()) {
            String decoded = decode(cursor);
            newer = decoded.startsWith("p:");
            String at = decoded.substring(2);
            range = newer ? range.tailMap(at, false) : range.headMap(at, false);
        }
        List<Map.Entry<String, Map<String, Object>>> page = new ArrayList<>();
        boolean more = false;
        // newest first; a page toward newer events is the oldest `limit` of them, still listed newest first
        for (Map.Entry<String, Map<String, Object>> entry : (newer ? range : range.descendingMap()).entrySet()) {
            if (!matches(entry.getValue(), filters)) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(entry);
        }
        if (newer) {
            java.util.Collections.reverse(page);
        }
        List<Object> data = new ArrayList<>(page.size());
        page.forEach(entry -> data.add(entry.getValue()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        // the way the page was walked is known to have more; the other way back is offered whenever the page is not
        // empty (finding out whether anything matches there would read the log again)
        boolean older = newer ? !page.isEmpty() : more;
        boolean newerLeft = newer ? more : !page.isEmpty() && cursor != null && !cursor.isEmpty();
        body.put("cursor_next", older ? encode("n:" + page.get(page.size() - 1).getKey()) : null);
        body.put("cursor_previous", newerLeft ? encode("p:" + page.get(0).getKey()) : null);
        return Reply.json(200, body);
    }

    /** The events within the date_updated bounds: keys are "<date_updated> <sequence>", and a bare timestamp sorts
     * before every key of its instant, "<timestamp>~" after them. */
    private static NavigableMap<String, Map<String, Object>> range(NavigableMap<String, Map<String, Object>> range,
                                                                   String gte, String gt, String lte, String lt) {
        if (gte != null) {
            range = range.tailMap(gte, true);
        }
        if (gt != null) {
            range = range.tailMap(gt + '~', false);
        }
        if (lt != null) {
            range = range.headMap(lt, false);
        }
        if (lte != null) {
            range = range.headMap(lte + '~', false);
        }
        return range;
    }

    private static boolean matches(Map<String, Object> event, Map<String, String> filters) {
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            if (!filter.getValue().equals(event.get(filter.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A date_updated bound in the sandbox's own timestamp form (so text order is time order), or null. */
    private static String bound(ApiRequest request, String name) {
        String value = request.param(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Timestamps.format(instant(value));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO 8601 date and time, not '" + value + "'");
        }
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC); // Close reads a bare one as UTC
        }
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith("n:") || decoded.startsWith("p:")) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // not one of ours
        }
        throw ApiException.badRequest("Invalid _cursor");
    }
}
