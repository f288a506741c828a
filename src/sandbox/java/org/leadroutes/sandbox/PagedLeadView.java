package org.leadroutes.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The second CRM style, {@code GET /api/v1/leads} with page numbers: each item projects one stored Close lead
 * through its first contact. Ordered newest first, as that CRM documents (its next-call ordering key is always
 * null here), so pages shift when leads are added while a client walks them, just like the real thing.
 */
final class PagedLeadView {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 100;

    private static final List<String> STATUSES = List.of("NOT_CONTACTED", "CONTACTED", "QUALIFIED", "CONVERTED", "LOST");

    private final LeadStore store;
    private final Catalog catalog;

    PagedLeadView(LeadStore store, Catalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    void register(Router router) {
        router.add("GET", "/leads", this::list);
    }

    private Reply list(ApiRequest request) {
        int page = request.intParam("page", 1);
        int pageSize = request.intParam("pageSize", DEFAULT_PAGE_SIZE);
        if (page < 1) {
            throw ApiException.badRequest("page must be 1 or greater");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("pageSize must be between 1 and " + MAX_PAGE_SIZE);
        }
        long skip = (long) (page - 1) * pageSize;
        LeadStore.Slice slice = store.slice(filter(request), true, (int) Math.min(skip, Integer.MAX_VALUE), pageSize);
        List<Map<String, Object>> data = new ArrayList<>(slice.leads().size());
        slice.leads().forEach(lead -> data.add(item(store.render(lead))));
        int totalPages = (slice.total() + pageSize - 1) / pageSize;
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("pageSize", pageSize);
        pagination.put("total", slice.total());
        pagination.put("totalPages", totalPages);
        pagination.put("hasNextPage", page < totalPages);
        pagination.put("hasPrevPage", page > 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("pagination", pagination);
        return Reply.json(200, body);
    }

    /** Null when no filter applies, so the store can page without scanning. */
    private Predicate<LeadStore.StoredLead> filter(ApiRequest request) {
        Predicate<LeadStore.StoredLead> filter = null;
        String status = request.param("status");
        if (status != null && !status.isEmpty()) {
            if (!STATUSES.contains(status)) {
                throw ApiException.badRequest("status must be one of " + String.join(", ", STATUSES));
            }
            // Compare stored status ids so a status filter never decodes a lead.
            Set<String> statusIds = catalog.statuses().stream()
                    .filter(s -> status.equals(pagedStatus(s.label()))).map(Catalog.Status::id).collect(Collectors.toSet());
            filter = lead -> statusIds.contains(lead.statusId());
        }
        String assignedTo = request.param("assignedToId");
        if (assignedTo != null && !assignedTo.isEmpty() && !assignedTo.equals("unassigned")) {
            filter = lead -> false; // the sandbox has no org members, so every lead is unassigned
        }
        String search = request.param("search");
        if (search != null && !search.isBlank()) {
            String needle = search.trim().toLowerCase(Locale.ROOT);
            Predicate<LeadStore.StoredLead> matches = lead -> mayMatch(lead, needle) && matches(item(store.render(lead)), needle);
            filter = filter == null ? matches : filter.and(matches);
        }
        return filter;
    }

    /** The paged CRM's view of one Close lead. */
    private Map<String, Object> item(Map<String, Object> lead) {
        List<Map<String, Object>> contacts = LeadRenderer.listOfMaps(lead.get("contacts"));
        Map<String, Object> contact = contacts.isEmpty() ? Map.of() : contacts.get(0);
        List<String> phones = values(contact.get("phones"), "phone", false);
        List<String> emails = values(contact.get("emails"), "email", true);
        String contactName = (String) contact.get("name");
        String company = (String) lead.get("name");
        String description = (String) lead.get("description");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", lead.get("id"));
        item.put("name", contactName != null && !contactName.isBlank() ? contactName : company);
        item.put("phones", phones);
        item.put("emails", emails);
        item.put("primaryPhone", phones.isEmpty() ? null : phones.get(0));
        item.put("primaryEmail", emails.isEmpty() ? null : emails.get(0));
        item.put("contactId", contact.get("id"));
        item.put("company", company);
        item.put("source", catalog.customFieldByName("Lead Source")
                .map(field -> lead.get(LeadValidator.CUSTOM_PREFIX + field.id()))
                .map(Object::toString).orElse(null));
        item.put("status", pagedStatus((String) lead.get("status_label")));
        item.put("notes", description == null || description.isBlank() ? null : description);
        item.put("nextCallAt", null);
        item.put("createdAt", Timestamps.toPaged(lead.get("date_created")));
        item.put("updatedAt", Timestamps.toPaged(lead.get("date_updated")));
        item.put("assignedToId", null);
        item.put("clientId", null);
        return item;
    }

    static String pagedStatus(String closeLabel) {
        if (closeLabel == null) {
            return "CONTACTED";
        }
        switch (closeLabel.toLowerCase(Locale.ROOT)) {
            case "potential":
                return "NOT_CONTACTED";
            case "qualified":
                return "QUALIFIED";
            case "customer":
                return "CONVERTED";
            case "bad fit":
                return "LOST";
            default:
                return "CONTACTED";
        }
    }

    /**
     * Cheap pre-check on the raw bytes, which hold every searched value but the company (the record's name):
     * rendering all leads of a benchmark-sized store for each search would take seconds.
     */
    private static boolean mayMatch(LeadStore.StoredLead lead, String needle) {
        if (needle.indexOf('"') >= 0 || needle.indexOf('\\') >= 0) {
            return true; // JSON escapes these, so the bytes cannot be searched for them
        }
        return lead.name() != null && lead.name().toLowerCase(Locale.ROOT).contains(needle)
                || new String(lead.json(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains(needle);
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> item, String needle) {
        List<Object> haystack = new ArrayList<>();
        haystack.add(item.get("name"));
        haystack.add(item.get("company"));
        haystack.addAll((List<Object>) item.get("emails"));
        haystack.addAll((List<Object>) item.get("phones"));
        return haystack.stream().filter(Objects::nonNull)
                .anyMatch(value -> value.toString().toLowerCase(Locale.ROOT).contains(needle));
    }

    private static List<String> values(Object list, String key, boolean lowercase) {
        List<String> values = new ArrayList<>();
        for (Map<String, Object> entry : LeadRenderer.listOfMaps(list)) {
            String value = (String) entry.get(key);
            values.add(lowercase ? value.toLowerCase(Locale.ROOT) : value);
        }
        return values;
    }
}
