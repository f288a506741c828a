package org.leadroutes.matching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What merging a group into the lead it matched changes, and nothing more: the contacts the lead lacks
 * (a contact is the same when it shares an email, else when it has the same name and a phone in common,
 * or the same name and neither has anything else) and a non-destructive patch of the lead's empty
 * fields (url, description, status, custom fields) plus the addresses it lacks. Nothing non-empty is
 * overwritten, unless {@code overwrite} (on-match {@code update}): then the file's non-empty values
 * replace the lead's where they differ.
 *
 * @param contacts   the {@code POST /contact/} payloads, each with {@code lead_id}
 * @param patch      the {@code PUT /lead/{id}/} payload; empty when nothing is to be filled
 * @param existingIds for each contact of the group's payload, the id of the same person on the lead, or
 *                   null for one that is added (the next of {@code contacts})
 */
public record MergePlan(String leadId, List<Map<String, Object>> contacts, Map<String, Object> patch,
                        List<String> existingIds) {

    public static MergePlan of(Map<String, Object> payload, Map<String, Object> lead) {
        return of(payload, lead, false);
    }

    public static MergePlan of(Map<String, Object> payload, Map<String, Object> lead, boolean overwrite) {
        String leadId = String.valueOf(lead.get("id"));
        List<Map<String, Object>> existing = LeadFacts.list(lead.get("contacts"));
        List<Map<String, Object>> toAdd = new ArrayList<>();
        List<String> existingIds = new ArrayList<>();
        for (Map<String, Object> contact : LeadFacts.list(payload.get("contacts"))) {
            Map<String, Object> same = existing.stream().filter(e -> samePerson(e, contact)).findFirst().orElse(null);
            existingIds.add(same == null ? null : String.valueOf(same.get("id")));
            if (same == null) {
                Map<String, Object> withLead = new LinkedHashMap<>(contact);
                withLead.put("lead_id", leadId);
                toAdd.add(withLead);
            }
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : payload.entrySet()) {
            String key = field.getKey();
            boolean fillable = key.equals("url") || key.equals("description") || key.equals("status_id")
                    || key.startsWith("custom.");
            boolean wanted = LeadFacts.empty(lead.get(key))
                    || overwrite && !String.valueOf(field.getValue()).equals(String.valueOf(lead.get(key)));
            if (fillable && wanted && !LeadFacts.empty(field.getValue())) {
                patch.put(key, field.getValue());
            }
        }
        List<Map<String, Object>> addresses = new ArrayList<>(LeadFacts.list(lead.get("addresses")));
        boolean newAddress = false;
        for (Map<String, Object> address : LeadFacts.list(payload.get("addresses"))) {
            if (addresses.stream().noneMatch(a -> sameAddress(a, address))) {
                addresses.add(address);
                newAddress = true;
            }
        }
        if (newAddress) {
            patch.put("addresses", addresses); // Close replaces the list: the lead's own stay in it
        }
        return new MergePlan(leadId, toAdd, patch, java.util.Collections.unmodifiableList(existingIds));
    }

    public boolean changesNothing() {
        return contacts.isEmpty() && patch.isEmpty();
    }

    private static boolean samePerson(Map<String, Object> existing, Map<String, Object> incoming) {
        Set<String> emails = LeadFacts.contactEmails(incoming);
        if (LeadFacts.contactEmails(existing).stream().anyMatch(emails::contains)) {
            return true;
        }
        if (!LeadFacts.name(existing).equals(LeadFacts.name(incoming)) || LeadFacts.name(incoming).isEmpty()) {
            return false;
        }
        Set<String> phones = LeadFacts.contactPhones(incoming);
        if (LeadFacts.contactPhones(existing).stream().anyMatch(phones::contains)) {
            return true;
        }
        // same name, and one of the two has nothing else to tell them apart
        return emails.isEmpty() && phones.isEmpty()
                || LeadFacts.contactEmails(existing).isEmpty() && LeadFacts.contactPhones(existing).isEmpty();
    }

    private static boolean sameAddress(Map<String, Object> a, Map<String, Object> b) {
        for (String key : List.of("address_1", "address_2", "city", "state", "zipcode", "country")) {
            String x = a.get(key) == null ? "" : a.get(key).toString().trim().toLowerCase(java.util.Locale.ROOT);
            String y = b.get(key) == null ? "" : b.get(key).toString().trim().toLowerCase(java.util.Locale.ROOT);
            if (!x.equals(y)) {
                return false;
            }
        }
        return true;
    }
}
