package org.leadroutes.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@code POST /lead/} payload for one group of rows: the first non-empty value of each
 * lead field wins, distinct addresses are kept, and rows that describe the same person become one
 * contact: the same name and an email or phone in common, or the same name where one of the two
 * rows has neither (nothing tells them apart).
 */
public final class LeadAssembler {

    private LeadAssembler() {
    }

    /**
     * A lead ready to send: its payload and the rows it came from; {@code rowContacts} gives, for each
     * row, the index of the payload contact it became (-1 for a row without a contact).
     */
    public record PendingLead(String groupKey, Map<String, Object> payload, List<MappedRow> rows, int contacts,
                              List<Integer> rowContacts) {
    }

    public static PendingLead assemble(String groupKey, List<MappedRow> rows) {
        Map<String, Object> lead = new LinkedHashMap<>();
        List<Map<String, Object>> addresses = new ArrayList<>();
        List<MappedRow.Contact> contacts = new ArrayList<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        List<Integer> rowContacts = new ArrayList<>(rows.size());
        for (MappedRow row : rows) {
            lead.putIfAbsent("name", row.leadName());
            putIfPresent(lead, "url", row.url());
            putIfPresent(lead, "description", row.description());
            putIfPresent(lead, "status_id", row.statusId());
            if (row.address() != null) {
                Map<String, Object> address = address(row.address());
                if (!addresses.contains(address)) {
                    addresses.add(address);
                }
            }
            row.custom().forEach(custom::putIfAbsent);
            rowContacts.add(row.contact() != null ? merge(contacts, row.contact()) : -1);
        }
        if (!addresses.isEmpty()) {
            lead.put("addresses", addresses);
        }
        List<Map<String, Object>> contactPayloads = new ArrayList<>();
        for (MappedRow.Contact c : contacts) {
            contactPayloads.add(contact(c));
        }
        if (!contactPayloads.isEmpty()) {
            lead.put("contacts", contactPayloads);
        }
        lead.putAll(custom);
        return new PendingLead(groupKey, lead, rows, contactPayloads.size(), rowContacts);
    }

    /** Adds the contact, or folds it into the same person already there; returns its index. */
    private static int merge(List<MappedRow.Contact> contacts, MappedRow.Contact next) {
        for (int i = 0; i < contacts.size(); i++) {
            MappedRow.Contact c = contacts.get(i);
            if (samePerson(c, next)) {
                List<String> emails = new ArrayList<>(c.emails());
                next.emails().stream().filter(e -> !emails.contains(e)).forEach(emails::add);
                List<MappedRow.Phone> phones = new ArrayList<>(c.phones());
                next.phones().stream().filter(p -> phones.stream().noneMatch(q -> q.phone().equals(p.phone())))
                        .forEach(phones::add);
                contacts.set(i, new MappedRow.Contact(c.name() != null ? c.name() : next.name(),
                        c.title() != null ? c.title() : next.title(), emails, phones));
                return i;
            }
        }
        contacts.add(next);
        return contacts.size() - 1;
    }

    private static boolean samePerson(MappedRow.Contact a, MappedRow.Contact b) {
        if (!lower(a.name()).equals(lower(b.name()))) {
            return false;
        }
        boolean aReachable = !a.emails().isEmpty() || !a.phones().isEmpty();
        boolean bReachable = !b.emails().isEmpty() || !b.phones().isEmpty();
        if (!aReachable || !bReachable) {
            return a.name() != null; // a named person with nothing to tell them apart
        }
        return a.emails().stream().anyMatch(b.emails()::contains)
                || a.phones().stream().anyMatch(p -> b.phones().stream().anyMatch(q -> q.phone().equals(p.phone())));
    }

    private static Map<String, Object> contact(MappedRow.Contact c) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "name", c.name());
        putIfPresent(m, "title", c.title());
        if (!c.emails().isEmpty()) {
            m.put("emails", c.emails().stream().map(e -> Map.of("email", e, "type", "office")).toList());
        }
        if (!c.phones().isEmpty()) {
            m.put("phones", c.phones().stream().map(p -> Map.of("phone", p.phone(), "type", p.type())).toList());
        }
        return m;
    }

    private static Map<String, Object> address(MappedRow.Address a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", "business");
        putIfPresent(m, "address_1", a.address_1());
        putIfPresent(m, "address_2", a.address_2());
        putIfPresent(m, "city", a.city());
        putIfPresent(m, "state", a.state());
        putIfPresent(m, "zipcode", a.zipcode());
        putIfPresent(m, "country", a.country());
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, String value) {
        if (value != null && !m.containsKey(key)) {
            m.put(key, value);
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
