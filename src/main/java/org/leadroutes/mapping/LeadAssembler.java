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
        List<MappedRow.Contact> merged = people.contacts();
        List<Map<String, Object>> contactPayloads = new ArrayList<>(merged.size());
        for (int i = 0; i < merged.size(); i++) {
            contactPayloads.add(contact(merged.get(i)));
            merged.set(i, null);
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
     * by lower-cased name and email, by lower-cased name and phone, or the first named contact of that name (for a
     * contact with nothing to tell them apart) or the first named one of that name that has neither (for one that
     * has an email or phone). A contact only gains emails and phones, and its lower-cased name never changes, so
     * the index only grows (a contact that gains its first email or phone leaves the "has neither" queue, lazily).
     */
    static final class People {
        final List<Person> all = new ArrayList<>();
        /** Per lower-cased name: the first contact whose name is not null (reachable or not). */
        private final Map<String, Integer> firstNamed = new HashMap<>();
        /** Per lower-cased name: its named contacts with neither email nor phone, in index order (few, usually none). */
        private final Map<String, ArrayDeque<Person>> unreachableNamed = new HashMap<>();
        /** The first contact of a lower-cased name holding an email; and a phone. */
        private final Map<Key, Integer> byEmail = new HashMap<>();
        private final Map<Key, Integer> byPhone = new HashMap<>();

        private record Key(String name, String value) {
        }

        int size() {
            return all.size();
        }

        /** Adds the contact, or folds it into the same person already there; returns its index. */
        int merge(MappedRow.Contact next) {
            String name = lower(next.name());
            int found = first(name, next);
            if (found < 0) {
                Person p = new Person(all.size(), name, next);
                all.add(p);
                indexNew(p);
                return p.index;
            }
            Person p = all.get(found);
            boolean wasReachable = p.reachable();
            boolean wasNamed = p.name != null;
            for (String e : next.emails()) {
                if (p.addEmail(e) && wasReachable) {
                    byEmail.merge(new Key(name, e), p.index, Math::min);
                }
            }
            for (MappedRow.Phone ph : next.phones()) {
                if (p.addPhone(ph) && wasReachable) {
                    byPhone.merge(new Key(name, ph.phone()), p.index, Math::min);
                }
            }
            if (p.name == null) {
                p.name = next.name();
            }
            if (p.title == null) {
                p.title = next.title();
            }
            if (!wasNamed && p.name != null) {
                firstNamed.merge(name, p.index, Math::min);
            }
            if (!wasReachable && p.reachable()) { // its keys now find it, unless an earlier contact holds them
                p.emails.forEach(e -> byEmail.merge(new Key(name, e), p.index, Math::min));
                p.phones.forEach(ph -> byPhone.merge(new Key(name, ph.phone()), p.index, Math::min));
            }
            return found;
        }

        /** The merged contacts, once every row is in; the index is emptied (its memory freed as they are taken). */
        List<MappedRow.Contact> contacts() {
            firstNamed.clear();
            unreachableNamed.clear();
            byEmail.clear();
            byPhone.clear();
            List<MappedRow.Contact> contacts = new ArrayList<>(all.size());
            for (int i = 0; i < all.size(); i++) {
                contacts.add(all.get(i).contact());
                all.set(i, null);
            }
            return contacts;
        }

        private int first(String name, MappedRow.Contact next) {
            boolean reachable = !next.emails().isEmpty() || !next.phones().isEmpty();
            if (!reachable) {
                return firstNamed.getOrDefault(name, -1); // a named person with nothing to tell them apart
            }
            int best = -1;
            ArrayDeque<Person> queue = unreachableNamed.get(name);
            if (queue != null) {
                while (!queue.isEmpty() && queue.peekFirst().reachable()) {
                    queue.pollFirst();
                }
                best = queue.isEmpty() ? -1 : queue.peekFirst().index;
            }
            for (String e : next.emails()) {
                best = min(best, byEmail.get(new Key(name, e)));
            }
            for (MappedRow.Phone p : next.phones()) {
                best = min(best, byPhone.get(new Key(name, p.phone())));
            }
            return best;
        }

        private void indexNew(Person p) {
            if (p.name != null) {
                firstNamed.putIfAbsent(p.key, p.index);
            }
            if (p.reachable()) {
                p.emails.forEach(e -> byEmail.putIfAbsent(new Key(p.key, e), p.index));
                p.phones.forEach(ph -> byPhone.putIfAbsent(new Key(p.key, ph.phone()), p.index));
            } else if (p.name != null) {
                unreachableNamed.computeIfAbsent(p.key, k -> new ArrayDeque<>(4)).addLast(p);
            }
        }

        private static int min(int best, Integer candidate) {
            return candidate == null ? best : best < 0 ? candidate : Math.min(best, candidate);
        }
    }

    /**
     * One merged contact, growing: its emails and phones in first-seen order, without repeats (a set to look them
     * up only once there are more than a few: most people have one or two).
     */
    static final class Person {
        private static final int LISTED = 8;

        final int index;
        /** The lower-cased name, which never changes. */
        final String key;
        String name;
        String title;
        final List<String> emails;
        final List<MappedRow.Phone> phones;
        private Set<String> emailSet;
        private Set<String> phoneSet;

        Person(int index, String key, MappedRow.Contact c) {
            this.index = index;
            this.key = key;
            this.name = c.name();
            this.title = c.title();
            this.emails = new ArrayList<>(c.emails()); // kept as the row gave them (as the merge always did)
            this.phones = new ArrayList<>(c.phones());
        }

        boolean reachable() {
            return !emails.isEmpty() || !phones.isEmpty();
        }

        /** Adds the email unless the contact has it; returns whether it was added. */
        boolean addEmail(String e) {
            if (emailSet == null ? emails.contains(e) : !emailSet.add(e)) {
                return false;
            }
            emails.add(e);
            if (emailSet == null && emails.size() > LISTED) {
                emailSet = new HashSet<>(emails);
            }
            return true;
        }

        /** Adds the phone unless the contact has its number; returns whether it was added. */
        boolean addPhone(MappedRow.Phone p) {
            if (phoneSet == null ? phones.stream().anyMatch(q -> q.phone().equals(p.phone())) : !phoneSet.add(p.phone())) {
                return false;
            }
            phones.add(p);
            if (phoneSet == null && phones.size() > LISTED) {
                phoneSet = new HashSet<>();
                phones.forEach(q -> phoneSet.add(q.phone()));
            }
            return true;
        }

        MappedRow.Contact contact() {
            return new MappedRow.Contact(name, title, emails, phones);
        }
    }

    private static Map<String, Object> contact(MappedRow.Contact c) {
        Map<String, Object> m = new LinkedHashMap<>(6); // at most four keys: a table of 8
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
