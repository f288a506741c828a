package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Packs a lead (the form {@link LeadValidator} produces) into a {@link LeadStore.StoredLead} and back, exactly.
 * Benchmarks keep hundreds of thousands of leads, so the bytes leave out what is already known elsewhere:
 * id, name and status live in the record (the status id as the catalog's shared string), timestamps equal
 * to the lead's creation time are dropped, and custom fields are keyed by their catalog position instead
 * of their 46-character id (fields are never removed, so positions are stable).
 */
final class LeadCodec {
    private static final String CREATED = "date_created";
    private static final String UPDATED = "date_updated";
    private static final String CUSTOM = "custom";

    private final Catalog catalog;

    LeadCodec(Catalog catalog) {
        this.catalog = catalog;
    }

    LeadStore.StoredLead encode(Map<String, Object> lead) {
        Object created = lead.get(CREATED);
        List<Catalog.CustomField> fields = catalog.customFields();
        Map<String, Object> packed = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        lead.forEach((key, value) -> {
            switch (key) {
                case "id", "name", "status_id" -> { } // kept in the record
                case UPDATED -> putUnlessEqual(packed, key, value, created);
                case "contacts" -> packed.put(key, mapContacts(value, contact -> dropDates(contact, created)));
                default -> {
                    if (key.startsWith(LeadValidator.CUSTOM_PREFIX)) {
                        custom.put(Integer.toString(position(fields, key)), value);
                    } else {
                        packed.put(key, value);
                    }
                }
            }
        });
        if (!custom.isEmpty()) {
            packed.put(CUSTOM, custom);
        }
        return new LeadStore.StoredLead((String) lead.get("id"), (String) lead.get("name"),
                catalog.statusById((String) lead.get("status_id")).map(Catalog.Status::id).orElse(null),
                lead.get("date_updated") == null ? "" : lead.get("date_updated").toString(), Json.write(packed));
    }

    Map<String, Object> decode(LeadStore.StoredLead stored) {
        Map<String, Object> packed = Json.readMap(stored.json());
        Object created = packed.get(CREATED);
        List<Catalog.CustomField> fields = catalog.customFields();
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("id", stored.id());
        if (stored.name() != null) {
            lead.put("name", stored.name());
        }
        lead.put("status_id", stored.statusId());
        packed.forEach((key, value) -> {
            switch (key) {
                case CUSTOM -> ((Map<?, ?>) value).forEach((position, customValue) -> lead.put(
                        LeadValidator.CUSTOM_PREFIX + fields.get(Integer.parseInt((String) position)).id(), customValue));
                case "contacts" -> lead.put(key, mapContacts(value, contact -> restoreDates(contact, created)));
                default -> lead.put(key, value);
            }
        });
        lead.putIfAbsent(UPDATED, created);
        return lead;
    }

    private static List<Map<String, Object>> mapContacts(Object contacts,
                                                         UnaryOperator<Map<String, Object>> change) {
        List<Map<String, Object>> mapped = new ArrayList<>();
        LeadRenderer.listOfMaps(contacts).forEach(contact -> mapped.add(change.apply(contact)));
        return mapped;
    }

    private static Map<String, Object> dropDates(Map<String, Object> contact, Object leadCreated) {
        Map<String, Object> packed = new LinkedHashMap<>();
        contact.forEach((key, value) -> {
            if (key.equals(CREATED) || key.equals(UPDATED)) {
                putUnlessEqual(packed, key, value, leadCreated);
            } else {
                packed.put(key, value);
            }
        });
        return packed;
    }

    private static Map<String, Object> restoreDates(Map<String, Object> packed, Object leadCreated) {
        Map<String, Object> contact = new LinkedHashMap<>(packed);
        contact.putIfAbsent(CREATED, leadCreated);
        contact.putIfAbsent(UPDATED, leadCreated);
        return contact;
    }

    private static void putUnlessEqual(Map<String, Object> target, String key, Object value, Object usual) {
        if (!value.equals(usual)) {
            target.put(key, value);
        }
    }

    private static int position(List<Catalog.CustomField> fields, String customKey) {
        String id = customKey.substring(LeadValidator.CUSTOM_PREFIX.length());
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException("custom field not in catalog: " + id); // the validator checked it
    }
}
