package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Expands a stored lead into the shape of Close's {@code GET /lead/{id}/}: derived fields (labels, display
 * names, ids of the owner) are computed here rather than stored, which keeps each stored lead small.
 */
final class LeadRenderer {
    private static final List<String> ADDRESS_KEYS =
            List.of("label", "address_1", "address_2", "city", "state", "zipcode", "country");

    private final Catalog catalog;
    private final String organizationId;
    private final Supplier<String> apiBaseUrl;

    LeadRenderer(Catalog catalog, String organizationId, Supplier<String> apiBaseUrl) {
        this.catalog = catalog;
        this.organizationId = organizationId;
        this.apiBaseUrl = apiBaseUrl;
    }

    Map<String, Object> lead(Map<String, Object> stored) {
        String id = (String) stored.get("id");
        String name = (String) stored.get("name");
        String statusId = (String) stored.get("status_id");
        List<Map<String, Object>> contacts = new ArrayList<>();
        List<String> contactIds = new ArrayList<>();
        for (Map<String, Object> contact : listOfMaps(stored.get("contacts"))) {
            contacts.add(contact(contact, id));
            contactIds.add((String) contact.get("id"));
        }
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("id", id);
        lead.put("name", name);
        lead.put("display_name", displayName(name, contacts));
        lead.put("description", stored.getOrDefault("description", ""));
        lead.put("url", stored.get("url"));
        lead.put("status_id", statusId);
        lead.put("status_label", catalog.statusById(statusId).map(Catalog.Status::label).orElse(null));
        lead.put("organization_id", organizationId);
        // Points at this sandbox's API rather than app.close.com, so the link resolves for a newcomer.
        lead.put("html_url", apiBaseUrl.get() + "/lead/" + id + "/");
        lead.put("created_by", null);
        lead.put("updated_by", null);
        lead.put("date_created", stored.get("date_created"));
        lead.put("date_updated", stored.get("date_updated"));
        lead.put("addresses", addresses(stored.get("addresses")));
        lead.put("contacts", contacts);
        lead.put("contact_ids", contactIds);
        lead.put("opportunities", List.of());
        lead.put("tasks", List.of());
        stored.forEach((key, value) -> {
            if (key.startsWith(LeadValidator.CUSTOM_PREFIX)) {
                lead.put(key, value);
            }
        });
        return lead;
    }

    Map<String, Object> contact(Map<String, Object> stored, String leadId) {
        String name = (String) stored.get("name");
        List<Map<String, Object>> emails = new ArrayList<>();
        for (Map<String, Object> email : listOfMaps(stored.get("emails"))) {
            Map<String, Object> rendered = new LinkedHashMap<>(email);
            rendered.put("is_unsubscribed", false);
            emails.add(rendered);
        }
        List<Map<String, Object>> phones = new ArrayList<>();
        for (Map<String, Object> phone : listOfMaps(stored.get("phones"))) {
            Map<String, Object> rendered = new LinkedHashMap<>(phone);
            rendered.put("phone_formatted", phone.get("phone"));
            phones.add(rendered);
        }
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("id", stored.get("id"));
        contact.put("lead_id", leadId);
        contact.put("organization_id", organizationId);
        contact.put("name", name);
        contact.put("title", stored.get("title"));
        contact.put("display_name", name != null && !name.isBlank() ? name : firstEmail(emails));
        contact.put("created_by", null);
        contact.put("updated_by", null);
        contact.put("date_created", stored.get("date_created"));
        contact.put("date_updated", stored.get("date_updated"));
        contact.put("emails", emails);
        contact.put("phones", phones);
        contact.put("urls", listOfMaps(stored.get("urls")));
        return contact;
    }

    private static List<Map<String, Object>> addresses(Object stored) {
        List<Map<String, Object>> addresses = new ArrayList<>();
        for (Map<String, Object> address : listOfMaps(stored)) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            ADDRESS_KEYS.forEach(key -> rendered.put(key, address.get(key)));
            addresses.add(rendered);
        }
        return addresses;
    }

    private static String displayName(String name, List<Map<String, Object>> contacts) {
        if (name != null && !name.isBlank()) {
            return name;
        }
        return contacts.isEmpty() ? "" : (String) contacts.get(0).get("display_name");
    }

    private static String firstEmail(List<Map<String, Object>> emails) {
        return emails.isEmpty() ? "" : (String) emails.get(0).get("email");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> listOfMaps(Object value) {
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }
}
