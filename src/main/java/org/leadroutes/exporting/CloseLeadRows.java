package org.leadroutes.exporting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Close leads ({@code GET /lead/}) as rows: lead name as company, the status label, the first address,
 * {@code custom.cf_<id>} values under the custom field's name (resolved with
 * {@code GET /custom_field/lead/}), and each contact's emails and phones by phone type.
 */
final class CloseLeadRows implements LeadRows {

    private static final String CUSTOM_PREFIX = "custom.";

    private final Map<String, String> fieldNames; // cf_ id -> name, only the fields that get a column

    /** @param fieldNames custom field id to name, in the order the columns should have */
    CloseLeadRows(Map<String, String> fieldNames) {
        this.fieldNames = new LinkedHashMap<>(fieldNames);
    }

    @Override
    public List<String> customColumns() {
        return List.copyOf(fieldNames.values());
    }

    @Override
    public List<ContactRow> rows(Map<String, Object> lead) {
        String id = LeadRows.text(lead.get("id"));
        String company = LeadRows.text(lead.get("name"));
        if (company == null) {
            company = LeadRows.text(lead.get("display_name"));
        }
        String url = LeadRows.text(lead.get("url"));
        String status = LeadRows.text(lead.get("status_label"));
        String description = LeadRows.text(lead.get("description"));
        List<Map<String, Object>> addresses = LeadRows.maps(lead.get("addresses"));
        ContactRow.Address address = addresses.isEmpty() ? ContactRow.Address.NONE : address(addresses.get(0));
        Map<String, String> custom = custom(lead);

        List<Map<String, Object>> contacts = LeadRows.maps(lead.get("contacts"));
        List<ContactRow> rows = new ArrayList<>(Math.max(1, contacts.size()));
        if (contacts.isEmpty()) {
            rows.add(new ContactRow(id, company, url, status, description, null, null, List.of(), List.of(),
                    List.of(), List.of(), address, custom));
        }
        for (Map<String, Object> contact : contacts) {
            List<String> emails = new ArrayList<>();
            LeadRows.maps(contact.get("emails")).forEach(e -> add(emails, e.get("email")));
            List<String> phones = new ArrayList<>();
            List<String> mobiles = new ArrayList<>();
            List<String> faxes = new ArrayList<>();
            for (Map<String, Object> phone : LeadRows.maps(contact.get("phones"))) {
                String type = String.valueOf(phone.get("type")).toLowerCase(Locale.ROOT);
                add(type.equals("mobile") ? mobiles : type.equals("fax") ? faxes : phones, phone.get("phone"));
            }
            rows.add(new ContactRow(id, company, url, status, description, LeadRows.text(contact.get("name")),
                    LeadRows.text(contact.get("title")), emails, phones, mobiles, faxes, address, custom));
        }
        return rows;
    }

    private Map<String, String> custom(Map<String, Object> lead) {
        Map<String, String> custom = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : lead.entrySet()) {
            if (entry.getKey().startsWith(CUSTOM_PREFIX)) {
                String name = fieldNames.get(entry.getKey().substring(CUSTOM_PREFIX.length()));
                String value = LeadRows.text(entry.getValue());
                if (name != null && value != null) {
                    custom.put(name, value);
                }
            }
        }
        // Close also answers the deprecated "custom" dict, keyed by field name
        if (lead.get("custom") instanceof Map<?, ?> byName) {
            byName.forEach((name, value) -> {
                String text = LeadRows.text(value);
                if (text != null && fieldNames.containsValue(String.valueOf(name))) {
                    custom.putIfAbsent(String.valueOf(name), text);
                }
            });
        }
        return custom;
    }

    private static ContactRow.Address address(Map<String, Object> a) {
        return new ContactRow.Address(LeadRows.text(a.get("address_1")), LeadRows.text(a.get("address_2")),
                LeadRows.text(a.get("city")), LeadRows.text(a.get("state")), LeadRows.text(a.get("zipcode")),
                LeadRows.text(a.get("country")));
    }

    private static void add(List<String> into, Object value) {
        String text = LeadRows.text(value);
        if (text != null && !into.contains(text)) {
            into.add(text);
        }
    }
}
