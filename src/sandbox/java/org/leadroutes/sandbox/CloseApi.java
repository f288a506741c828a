package org.leadroutes.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Close endpoints the routes use for leads, contacts, statuses, custom fields and the user, with Close's
 * parameters, limits and error shapes. The search is {@link AdvancedFiltering}, the bulk export {@link BulkExports}.
 */
final class CloseApi {
    static final int MAX_LIMIT = 100;

    private static final Pattern NAME_QUERY = Pattern.compile("\\s*name\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+))\\s*");

    private final LeadStore store;
    private final Catalog catalog;
    private final String organizationId;
    private volatile int maxSkip = 250_000;

    CloseApi(LeadStore store, Catalog catalog, String organizationId) {
        this.store = store;
        this.catalog = catalog;
        this.organizationId = organizationId;
    }

    /** Largest {@code _skip} GET /lead/ accepts before answering 400 "... max_skip = N ...". */
    void maxSkip(int maxSkip) {
        if (maxSkip < 0) {
            throw new IllegalArgumentException("maxSkip must not be negative");
        }
        this.maxSkip = maxSkip;
    }

    void register(Router router) {
        router.add("POST", "/lead/", this::createLead)
                .add("GET", "/lead/", this::listLeads)
                .add("GET", "/lead/{id}/", this::getLead)
                .add("PUT", "/lead/{id}/", this::updateLead)
                .add("DELETE", "/lead/{id}/", this::deleteLead)
                .add("POST", "/lead/merge/", this::mergeLeads)
                .add("POST", "/contact/", this::createContact)
                .add("GET", "/contact/{id}/", this::getContact)
                .add("DELETE", "/contact/{id}/", this::deleteContact)
                .add("GET", "/contact/", this::listContacts)
                .add("GET", "/status/lead/", this::listStatuses)
                .add("GET", "/custom_field/lead/", this::listCustomFields)
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


    private Reply createLead(ApiRequest request) {
        return Reply.json(200, store.create(jsonBody(request)));
    }

    private Reply updateLead(ApiRequest request) {
        return store.update(request.pathParam(), jsonBody(request))
                .map(lead -> Reply.json(200, lead))
                .orElseGet(() -> Reply.error(404, "Not found"));
    }

    /** Close answers {@code {}}; a second DELETE of the same id answers 404. */
    private Reply deleteLead(ApiRequest request) {
        return store.delete(request.pathParam())
                .map(gone -> Reply.json(200, Map.of()))
                .orElseGet(() -> Reply.error(404, "Not found"));
    }

    /**
     * {@code {"source": "lead_…", "destination": "lead_…"}}: the source's contacts move to the destination and the
     * source is gone; answers {@code {}}, or 400 with field errors when either lead does not exist.
     */
    private Reply mergeLeads(ApiRequest request) {
        if (!(jsonBody(request) instanceof Map<?, ?> body)) {
            throw ApiException.badRequest("the merge body must be a JSON object with source and destination");
        }
        store.merge(body.get("source") instanceof String s ? s : null,
                body.get("destination") instanceof String d ? d : null);
        return Reply.json(200, Map.of());
    }

    private Reply getContact(ApiRequest request) {
        return store.contact(request.pathParam())
                .map(contact -> Reply.json(200, project(contact, fields(request))))
                .orElseGet(() -> Reply.error(404, "Not found"));
    }

    private Reply deleteContact(ApiRequest request) {
        return store.deleteContact(request.pathParam())
                ? Reply.json(200, Map.of())
                : Reply.error(404, "Not found");
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
            item.put("choices", field.choices());
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
        int max = maxSkip;
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
