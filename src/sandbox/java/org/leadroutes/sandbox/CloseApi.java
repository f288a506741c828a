package org.leadroutes.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Close endpoints the routes use, with Close's parameters, limits and error shapes. */
final class CloseApi {
    static final int MAX_LIMIT = 100;
    static final int SEARCH_DEFAULT_LIMIT = 25;
    static final int SEARCH_MAX_LIMIT = 200;
    /** One cursor walk of the search returns at most this many objects, and a cursor lives this long. */
    static final int SEARCH_WALK_MAX = 10_000;
    static final long CURSOR_TTL_NANOS = 30_000_000_000L;

    private static final Pattern NAME_QUERY = Pattern.compile("\\s*name\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+))\\s*");

    private final LeadStore store;
    private final Catalog catalog;
    private final String organizationId;
    private final IntSupplier maxSkip;
    private volatile int walkMax = SEARCH_WALK_MAX;
    private volatile long cursorTtlNanos = CURSOR_TTL_NANOS;
    private final Map<String, Cursor> cursors = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where a cursor walk stands: the search it belongs to, how far it got, when it was handed out. */
    private record Cursor(String search, int offset, long handedOutNanos) {
    }

    CloseApi(LeadStore store, Catalog catalog, String organizationId, IntSupplier maxSkip) {
        this.store = store;
        this.catalog = catalog;
        this.organizationId = organizationId;
        this.maxSkip = maxSkip;
    }

    private volatile boolean expireNextCursor;

    /** The next cursor handed out is expired when it comes back, as a page that took too long would find it. */
    void expireNextCursor() {
        expireNextCursor = true;
    }

    void searchLimits(int walkMax, long cursorTtlNanos) {
        this.walkMax = walkMax;
        this.cursorTtlNanos = cursorTtlNanos;
    }

    void register(Router router) {
        router.add("POST", "/lead/", this::createLead)
                .add("GET", "/lead/", this::listLeads)
                .add("GET", "/lead/{id}/", this::getLead)
                .add("PUT", "/lead/{id}/", this::updateLead)
                .add("POST", "/contact/", this::createContact)
                .add("GET", "/contact/", this::listContacts)
                .add("GET", "/status/lead/", this::listStatuses)
                .add("GET", "/custom_field/lead/", this::listCustomFields)
                .add("POST", "/data/search/", this::search)
                .add("GET", "/me/", this::me);
    }

    /**
     * The user the key belongs to, with its {@code organization_id}: a new one for each sandbox, so what a
     * client keeps per organisation (the import's ledgers) never outlives the sandbox's memory.
     */
    private Reply me(ApiRequest request) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", "user_" + organizationId.substring("orga_".length()));
        me.put("first_name", "Sandbox");
        me.put("last_name", "User");
        me.put("email", "sandbox@example.com");
        me.put("organization_id", organizationId);
        me.put("organizations", List.of(Map.of("id", organizationId, "name", "Sandbox CRM")));
        return Reply.json(200, me);
    }

    /**
     * Advanced Filtering: the leads matching {@code query} ({@link SearchQuery}), in {@code sort} order (or
     * creation order), {@code _limit} at a time, with {@code _fields.lead} (without it, bare ids); a
     * {@code cursor} continues a walk for {@value #CURSOR_TTL_NANOS} ns after it was handed out, over at most
     * {@value #SEARCH_WALK_MAX} objects.
     */
    @SuppressWarnings("unchecked")
    private Reply search(ApiRequest request) {
        if (!(jsonBody(request) instanceof Map<?, ?> body)) {
            throw ApiException.badRequest("the search body must be a JSON object");
        }
        Object limitValue = body.get("_limit");
        int limit = limitValue instanceof Number n ? n.intValue() : SEARCH_DEFAULT_LIMIT;
        if (limit < 1 || limit > SEARCH_MAX_LIMIT) {
            throw ApiException.badRequest("_limit must be between 1 and " + SEARCH_MAX_LIMIT);
        }
        String searchKey = new String(Json.write(List.of(String.valueOf(body.get("query")), String.valueOf(body.get("sort")))),
                java.nio.charset.StandardCharsets.UTF_8);
        int offset = 0;
        if (body.get("cursor") instanceof String token) {
            Cursor cursor = cursors.remove(token);
            if (cursor == null || System.nanoTime() - cursor.handedOutNanos() > cursorTtlNanos) {
                throw ApiException.badRequest("The cursor is invalid or has expired; start the search again.");
            }
            if (!cursor.search().equals(searchKey)) {
                throw ApiException.badRequest("The cursor belongs to another search.");
            }
            offset = cursor.offset();
        }
        java.util.function.Predicate<Map<String, Object>> test = SearchQuery.compile(body.get("query"));
        List<Map<String, Object>> matches = new ArrayList<>();
        int wanted = Math.min(offset + limit, walkMax) + 1; // one more says whether a cursor follows
        if (BY_DATE_UPDATED.contains(body.get("sort"))) {
            // by date_updated (the export's walks): the index over the query's range, a page's worth
            SearchQuery.UpdatedRange range = SearchQuery.updatedRange(body.get("query"));
            store.inUpdateOrder(range.onOrAfter(), range.before(), BY_DATE_UPDATED.get(1).equals(body.get("sort")), lead -> {
                if (test.test(lead)) {
                    matches.add(lead);
                }
                return matches.size() < wanted;
            });
        } else {
            for (LeadStore.StoredLead stored : store.slice(null, false, 0, Integer.MAX_VALUE).leads()) {
                Map<String, Object> lead = store.render(stored);
                if (test.test(lead)) {
                    matches.add(lead);
                }
            }
            if (body.get("sort") instanceof List<?> sort) {
                matches.sort(order((List<Object>) sort));
            }
        }
        Set<String> fields = new LinkedHashSet<>(List.of("id"));
        if (body.get("_fields") instanceof Map<?, ?> f && f.get("lead") instanceof List<?> leadFields) {
            leadFields.forEach(name -> fields.add(String.valueOf(name)));
        }
        int end = Math.min(Math.min(matches.size(), offset + limit), walkMax);
        List<Map<String, Object>> data = new ArrayList<>();
        for (Map<String, Object> lead : matches.subList(Math.min(offset, end), end)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("__object_type", "lead");
            item.putAll(project(lead, fields));
            data.add(item);
        }
        String next = null;
        if (end < matches.size() && end < walkMax) {
            next = Ids.next("cursor_");
            long handedOut = expireNextCursor ? System.nanoTime() - cursorTtlNanos - 1 : System.nanoTime();
            expireNextCursor = false;
            cursors.put(next, new Cursor(searchKey, end, handedOut));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", data);
        answer.put("cursor", next);
        return Reply.json(200, answer);
    }

    /** The sorts the index answers: date_updated ascending, descending. */
    private static final List<List<Map<String, Object>>> BY_DATE_UPDATED = java.util.stream.Stream.of("asc", "desc")
            .map(direction -> List.of(Map.<String, Object>of("direction", direction,
                    "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", "date_updated"))))
            .toList();

    @SuppressWarnings("unchecked")
    private static java.util.Comparator<Map<String, Object>> order(List<Object> sort) {
        java.util.Comparator<Map<String, Object>> order = (a, b) -> 0;
        for (Object entry : sort) {
            Map<String, Object> s = (Map<String, Object>) entry;
            Map<String, Object> field = (Map<String, Object>) s.get("field");
            String name = String.valueOf(field == null ? null : field.get("field_name"));
            java.util.Comparator<Map<String, Object>> byField = java.util.Comparator.comparing(
                    lead -> String.valueOf(lead.get(name)), java.util.Comparator.naturalOrder());
            order = order.thenComparing("desc".equals(s.get("direction")) ? byField.reversed() : byField);
        }
        return order.thenComparing(lead -> String.valueOf(lead.get("id")));
    }

    private Reply createLead(ApiRequest request) {
        return Reply.json(200, store.create(jsonBody(request)));
    }

    private Reply updateLead(ApiRequest request) {
        return store.update(request.pathParam(), jsonBody(request))
                .map(lead -> Reply.json(200, lead))
                .orElseGet(() -> Reply.error(404, "Not found"));
    }

    private Reply createContact(ApiRequest request) {
        return Reply.json(200, store.addContact(jsonBody(request)));
    }

    private Reply getLead(ApiRequest request) {
        return store.find(request.pathParam())
                .map(lead -> Reply.json(200, project(store.render(lead), fields(request))))
                .orElseGet(() -> Reply.error(404, "Not found"));
    }

    private Reply listLeads(ApiRequest request) {
        int limit = limit(request);
        int skip = skip(request);
        Set<String> fields = fields(request);
        LeadStore.Slice slice = store.slice(queryFilter(request.param("query")), false, skip, limit);
        List<Map<String, Object>> data = new ArrayList<>(slice.leads().size());
        slice.leads().forEach(lead -> data.add(project(store.render(lead), fields)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("has_more", skip + data.size() < slice.total());
        body.put("total_results", slice.total());
        return Reply.json(200, body);
    }

    private Reply listContacts(ApiRequest request) {
        int limit = limit(request);
        int skip = skip(request);
        Set<String> fields = fields(request);
        String leadId = request.param("lead_id");
        List<LeadStore.StoredLead> leads = leadId == null
                ? store.slice(null, false, 0, Integer.MAX_VALUE).leads()
                : store.find(leadId).map(List::of).orElse(List.of());
        List<Map<String, Object>> data = new ArrayList<>();
        int seen = 0;
        boolean hasMore = false;
        outer:
        for (LeadStore.StoredLead lead : leads) {
            for (Map<String, Object> contact : store.contacts(lead)) {
                if (seen++ < skip) {
                    continue;
                }
                if (data.size() == limit) {
                    hasMore = true;
                    break outer;
                }
                data.add(project(contact, fields));
            }
        }
        return Reply.json(200, Map.of("data", data, "has_more", hasMore));
    }

    private Reply listStatuses(ApiRequest request) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (Catalog.Status status : catalog.statuses()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", status.id());
            item.put("label", status.label());
            item.put("type", "active");
            item.put("organization_id", organizationId);
            data.add(item);
        }
        return Reply.json(200, Map.of("data", data, "has_more", false));
    }

    private Reply listCustomFields(ApiRequest request) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (Catalog.CustomField field : catalog.customFields()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", field.id());
            item.put("name", field.name());
            item.put("type", field.type());
            item.put("description", null);
            item.put("accepts_multiple_values", false);
            item.put("editable_with_roles", List.of());
            item.put("choices", List.of());
            item.put("organization_id", organizationId);
            item.put("date_created", field.dateCreated());
            item.put("date_updated", field.dateCreated());
            item.put("created_by", null);
            item.put("updated_by", null);
            data.add(item);
        }
        return Reply.json(200, Map.of("data", data, "has_more", false));
    }

    /** Close answers 415 unless the body is declared JSON, and 400 "Invalid JSON" when it does not parse. */
    static Object jsonBody(ApiRequest request) {
        String contentType = request.contentType();
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        if (!mediaType.equalsIgnoreCase(Reply.JSON)) {
            throw new ApiException(Reply.error(415, "Unsupported Content-Type \"" + mediaType
                    + "\": send application/json"));
        }
        try {
            return Json.read(request.body());
        } catch (IOException e) {
            throw new ApiException(Reply.validation(List.of("Invalid JSON"), Map.of()));
        }
    }

    private static int limit(ApiRequest request) {
        int limit = request.intParam("_limit", MAX_LIMIT);
        if (limit < 0 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("_limit must be between 0 and " + MAX_LIMIT + " (max _limit for this"
                    + " resource is " + MAX_LIMIT + ")");
        }
        return limit;
    }

    private int skip(ApiRequest request) {
        int skip = request.intParam("_skip", 0);
        int max = maxSkip.getAsInt();
        if (skip < 0) {
            throw ApiException.badRequest("_skip must not be negative");
        }
        if (skip > max) {
            throw ApiException.badRequest("The _skip parameter exceeds the maximum for this resource (max_skip = "
                    + max + "). Narrow the query, e.g. by date_created ranges, or use the export API.");
        }
        return skip;
    }

    /** The {@code _fields} set, or null for all fields. */
    private static Set<String> fields(ApiRequest request) {
        String value = request.param("_fields");
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(f -> !f.isEmpty()).forEach(fields::add);
        return fields;
    }

    /** Keeps only the requested top-level keys; {@code custom} stands for every {@code custom.cf_*} key. */
    static Map<String, Object> project(Map<String, Object> object, Set<String> fields) {
        if (fields == null) {
            return object;
        }
        boolean allCustom = fields.contains("custom");
        Map<String, Object> projected = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (fields.contains(key) || allCustom && key.startsWith(LeadValidator.CUSTOM_PREFIX)) {
                projected.put(key, value);
            }
        });
        return projected;
    }

    /** Supports the one search a client needs for lookups: {@code name:"Exact Name"}, case-insensitive. */
    private static Predicate<LeadStore.StoredLead> queryFilter(String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        Matcher matcher = NAME_QUERY.matcher(query);
        if (!matcher.matches()) {
            throw ApiException.badRequest("Unsupported query \"" + query + "\": the sandbox supports name:\"...\" only");
        }
        String name = matcher.group(1) != null ? matcher.group(1).replaceAll("\\\\(.)", "$1") : matcher.group(2);
        return lead -> name.equalsIgnoreCase(lead.name());
    }
}
