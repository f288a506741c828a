package org.leadroutes.mapping;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
        Set<Map<String, Object>> addresses = new LinkedHashSet<>();
        People people = new People();
        Map<String, Object> custom = new LinkedHashMap<>();
        List<Integer> rowContacts = new ArrayList<>(rows.size());
        for (MappedRow row : rows) {
            lead.putIfAbsent("name", row.leadName());
            putIfPresent(lead, "url", row.url());
            putIfPresent(lead, "description", row.description());
            putIfPresent(lead, "status_id", row.statusId());
            if (row.address() != null) {
                addresses.add(address(row.address()));
            }
            row.custom().forEach(custom::putIfAbsent);
            rowContacts.add(row.contact() != null ? people.merge(row.contact()) : -1);
        }
        if (!addresses.isEmpty()) {
            lead.put("addresses", new ArrayList<>(addresses));
        }
        List<Map<String, Object>> contactPayloads = new ArrayList<>(people.size());
        for (Person p : people.all) {
            contactPayloads.add(contact(p.contact()));
        }
        if (!contactPayloads.isEmpty()) {
            lead.put("contacts", contactPayloads);
        }
        lead.putAll(custom);
        return new PendingLead(groupKey, lead, rows, contactPayloads.size(), rowContacts);
    }

    /**
     * The merged contacts of one group, in first-seen order, with the index that finds, for a new row's contact,
     * the first contact that is the same person (the rule in the class comment: the same lower-cased name, and an
     * email or phone in common, or a non-null name where one of the two has neither), in time linear in the group:
     * by lower-cased name, then by email and by phone, or the first named contact with nothing to tell them apart. A contact only gains emails and phones, and its lower-cased name never changes, so the index
     * only grows (a contact that gains its first email or phone leaves the "unreachable" queue, lazily).
     */
    static final class People {
        final List<Person> all = new ArrayList<>();
        private final Map<String, SameName> byName = new HashMap<>();

        int size() {
            return all.size();
        }

        /** Adds the contact, or folds it into the same person already there; returns its index. */
        int merge(MappedRow.Contact next) {
            SameName same = byName.computeIfAbsent(lower(next.name()), k -> new SameName());
            int found = same.first(next, all);
            if (found < 0) {
                Person p = new Person(all.size(), next);
                all.add(p);
                same.indexNew(p);
                return p.index;
            }
            Person p = all.get(found);
            boolean wasReachable = p.reachable();
            boolean wasNamed = p.name != null;
            List<String> newEmails = new ArrayList<>();
            for (String e : next.emails()) {
                if (p.emailSet.add(e)) {
                    p.emails.add(e);
                    newEmails.add(e);
                }
            }
            List<String> newPhones = new ArrayList<>();
            for (MappedRow.Phone ph : next.phones()) {
                if (p.phoneSet.add(ph.phone())) {
                    p.phones.add(ph);
                    newPhones.add(ph.phone());
                }
            }
            if (p.name == null) {
                p.name = next.name();
            }
            if (p.title == null) {
                p.title = next.title();
            }
            same.indexGrown(p, wasReachable, wasNamed, newEmails, newPhones);
            return found;
        }
    }

    /** One merged contact, growing: its emails and phones in first-seen order, without repeats. */
    static final class Person {
        final int index;
        String name;
        String title;
        final List<String> emails;
        final Set<String> emailSet;
        final List<MappedRow.Phone> phones;
        final Set<String> phoneSet = new HashSet<>();

        Person(int index, MappedRow.Contact c) {
            this.index = index;
            this.name = c.name();
            this.title = c.title();
            this.emails = new ArrayList<>(c.emails()); // kept as the row gave them (as the merge always did)
            this.emailSet = new HashSet<>(c.emails());
            this.phones = new ArrayList<>(c.phones());
            c.phones().forEach(p -> phoneSet.add(p.phone()));
        }

        boolean reachable() {
            return !emails.isEmpty() || !phones.isEmpty();
        }

        MappedRow.Contact contact() {
            return new MappedRow.Contact(name, title, emails, phones);
        }
    }

    /** The contacts of one lower-cased name: which comes first for a new contact of that name. */
    private static final class SameName {
        /** The first contact of this name whose name is not null (any contact, reachable or not). */
        private int firstNamed = -1;
        /** Named contacts with neither email nor phone, in index order; those that since gained one are skipped. */
        private final ArrayDeque<Person> unreachableNamed = new ArrayDeque<>();
        private final Map<String, Integer> byEmail = new HashMap<>();
        private final Map<String, Integer> byPhone = new HashMap<>();

        int first(MappedRow.Contact next, List<Person> all) {
            boolean reachable = !next.emails().isEmpty() || !next.phones().isEmpty();
            if (!reachable) {
                return firstNamed; // a named person with nothing to tell them apart: the first of that name
            }
            while (!unreachableNamed.isEmpty() && unreachableNamed.peekFirst().reachable()) {
                unreachableNamed.pollFirst();
            }
            int best = unreachableNamed.isEmpty() ? -1 : unreachableNamed.peekFirst().index;
            for (String e : next.emails()) {
                best = min(best, byEmail.get(e));
            }
            for (MappedRow.Phone p : next.phones()) {
                best = min(best, byPhone.get(p.phone()));
            }
            return best;
        }

        void indexNew(Person p) {
            if (p.name != null && firstNamed < 0) {
                firstNamed = p.index;
            }
            if (p.reachable()) {
                p.emails.forEach(e -> byEmail.putIfAbsent(e, p.index));
                p.phones.forEach(ph -> byPhone.putIfAbsent(ph.phone(), p.index));
            } else if (p.name != null) {
                unreachableNamed.addLast(p);
            }
        }

        void indexGrown(Person p, boolean wasReachable, boolean wasNamed, List<String> newEmails, List<String> newPhones) {
            if (!wasNamed && p.name != null && (firstNamed < 0 || p.index < firstNamed)) {
                firstNamed = p.index;
            }
            if (!p.reachable()) {
                return;
            }
            // its keys now find it, unless an earlier contact holds the same key (the first one wins)
            List<String> emails = wasReachable ? newEmails : p.emails;
            for (String e : emails) {
                byEmail.merge(e, p.index, Math::min);
            }
            if (wasReachable) {
                newPhones.forEach(ph -> byPhone.merge(ph, p.index, Math::min));
            } else {
                p.phones.forEach(ph -> byPhone.merge(ph.phone(), p.index, Math::min));
            }
        }

        private static int min(int best, Integer candidate) {
            return candidate == null ? best : best < 0 ? candidate : Math.min(best, candidate);
        }
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
