package org.leadroutes.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.leadroutes.mapping.LeadAssembler.PendingLead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The indexed contact merge against the quadratic one it replaced (kept here, verbatim, as the oracle): the same
 * contacts, in the same order, with the same emails and phones, and every row pointing at the same contact, over
 * many generated groups whose people share names, emails and phones in every way (small pools of each, so
 * collisions are the rule: a name with no email or phone, an email under two names, a chain of rows joining
 * contacts, names differing only in case, a null name and an empty one).
 */
class LeadAssemblerMergeTest {

    private static final String KEY = "company:acme";

    // ---- the oracle: LeadAssembler.merge and samePerson as they were before the index (commit 5e104a9) ----

    private static int oracleMerge(List<MappedRow.Contact> contacts, MappedRow.Contact next) {
        for (int i = 0; i < contacts.size(); i++) {
            MappedRow.Contact c = contacts.get(i);
            if (oracleSamePerson(c, next)) {
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

    private static boolean oracleSamePerson(MappedRow.Contact a, MappedRow.Contact b) {
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

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    // ---- generated groups ----

    private static final String[] NAMES = {null, "", "Jane Doe", "JANE DOE", "jane doe", "John Roe", "Ann Lee", "Bo"};
    private static final String[] TITLES = {null, null, "CEO", "CTO"};

    private static MappedRow.Contact contact(Random random, int emailPool, int phonePool) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String title = TITLES[random.nextInt(TITLES.length)];
        List<String> emails = new ArrayList<>();
        int emailCount = random.nextInt(10) < 4 ? 0 : 1 + random.nextInt(3); // often none: only the name
        for (int i = 0; i < emailCount; i++) {
            emails.add("p" + random.nextInt(emailPool) + "@acme.com"); // repeats within a row too
        }
        List<MappedRow.Phone> phones = new ArrayList<>();
        int phoneCount = random.nextInt(10) < 5 ? 0 : 1 + random.nextInt(2);
        for (int i = 0; i < phoneCount; i++) {
            phones.add(new MappedRow.Phone("+1555000" + random.nextInt(phonePool), random.nextBoolean() ? "office" : "mobile"));
        }
        return new MappedRow.Contact(name, title, List.copyOf(emails), List.copyOf(phones));
    }

    private static List<MappedRow> group(Random random, int size) {
        int emailPool = 1 + random.nextInt(Math.max(1, size));
        int phonePool = 1 + random.nextInt(Math.max(1, size));
        List<MappedRow> rows = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            MappedRow.Contact c = random.nextInt(12) == 0 ? null : contact(random, emailPool, phonePool);
            rows.add(new MappedRow(i + 2, KEY, "Acme", "Acme", null, null, null, null, new LinkedHashMap<>(), c, null,
                    List.of(), List.of()));
        }
        return rows;
    }

    private record Expected(List<MappedRow.Contact> contacts, List<Integer> rowContacts) {
    }

    private static Expected oracle(List<MappedRow> rows) {
        List<MappedRow.Contact> contacts = new ArrayList<>();
        List<Integer> rowContacts = new ArrayList<>();
        for (MappedRow row : rows) {
            rowContacts.add(row.contact() != null ? oracleMerge(contacts, row.contact()) : -1);
        }
        return new Expected(contacts, rowContacts);
    }

    /** The payload contacts as LeadAssembler writes them, from the oracle's contacts. */
    private static List<Map<String, Object>> payloads(List<MappedRow.Contact> contacts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MappedRow.Contact c : contacts) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (c.name() != null) {
                m.put("name", c.name());
            }
            if (c.title() != null) {
                m.put("title", c.title());
            }
            if (!c.emails().isEmpty()) {
                m.put("emails", c.emails().stream().map(e -> Map.of("email", e, "type", "office")).toList());
            }
            if (!c.phones().isEmpty()) {
                m.put("phones", c.phones().stream().map(p -> Map.of("phone", p.phone(), "type", p.type())).toList());
            }
            out.add(m);
        }
        return out;
    }

    private static void assertSameAsOracle(List<MappedRow> rows, String what) {
        Expected expected = oracle(rows);
        PendingLead lead = LeadAssembler.assemble(KEY, rows);
        assertEquals(expected.rowContacts(), lead.rowContacts(), what + ": each row's contact");
        assertEquals(expected.contacts().size(), lead.contacts(), what + ": the number of contacts");
        Object actual = lead.payload().get("contacts");
        assertEquals(expected.contacts().isEmpty() ? null : payloads(expected.contacts()), actual, what + ": the contacts");
    }

    @Test
    void theIndexedMergeGivesTheOldMergesContactsOverManyGeneratedGroups() {
        Random random = new Random(20261126L);
        int merged = 0;
        for (int g = 0; g < 3000; g++) {
            int size = g % 100 == 0 ? 500 + random.nextInt(1500) : 1 + random.nextInt(60);
            List<MappedRow> rows = group(random, size);
            assertSameAsOracle(rows, "group " + g + " of " + size + " rows");
            merged += size - LeadAssembler.assemble(KEY, rows).contacts();
        }
        assertTrue(merged > 10_000, "the generated groups do merge people (else the test shows nothing): " + merged);
    }

    @Test
    void namedPeopleWithNothingElseJoinTheFirstOfTheirNameAndAChainOfSharedKeysJoinsOnePerson() {
        List<MappedRow> rows = new ArrayList<>();
        MappedRow.Contact[] contacts = {
                new MappedRow.Contact("Jane Doe", null, List.of("a@acme.com"), List.of()),
                new MappedRow.Contact("Jane Doe", null, List.of("b@acme.com"), List.of()),     // another Jane
                new MappedRow.Contact("jane doe", "CEO", List.of(), List.of()),                 // the first Jane
                new MappedRow.Contact("Jane Doe", null, List.of("b@acme.com", "c@acme.com"), List.of()), // the second
                new MappedRow.Contact("JANE DOE", null, List.of("c@acme.com"),
                        List.of(new MappedRow.Phone("+15550001", "office"))),                   // the second again
                new MappedRow.Contact("John Roe", null, List.of("a@acme.com"), List.of()),     // same email, other name
                new MappedRow.Contact(null, null, List.of("z@acme.com"), List.of()),
                new MappedRow.Contact(null, null, List.of(), List.of()),                        // nothing: alone
                new MappedRow.Contact("Ann Lee", null, List.of(), List.of()),
                new MappedRow.Contact("Ann Lee", null, List.of("ann@acme.com"), List.of()),     // the first Ann
        };
        for (int i = 0; i < contacts.length; i++) {
            rows.add(new MappedRow(i + 2, KEY, "Acme", "Acme", null, null, null, null, new LinkedHashMap<>(), contacts[i],
                    null, List.of(), List.of()));
        }
        assertSameAsOracle(rows, "the hand-made group");
        assertEquals(List.of(0, 1, 0, 1, 1, 2, 3, 4, 5, 5), LeadAssembler.assemble(KEY, rows).rowContacts());
    }

    @Test
    void aCompanyOfFiftyThousandPeopleMergesLikeTheOracle() {
        // the size the quadratic merge never finished at -Xmx128m; the oracle is checked on a slice of it
        Random random = new Random(50_000L);
        List<MappedRow> rows = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            int person = random.nextInt(20) == 0 ? random.nextInt(i + 1) : i; // one row in 20 an earlier person again
            rows.add(new MappedRow(i + 2, KEY, "Acme", "Acme", null, null, null, null, new LinkedHashMap<>(),
                    new MappedRow.Contact("Person " + person, null, List.of("p" + person + "@acme.com"), List.of()), null,
                    List.of(), List.of()));
        }
        PendingLead lead = LeadAssembler.assemble(KEY, rows);
        assertEquals(rows.size(), lead.rowContacts().size());
        assertSameAsOracle(rows.subList(0, 3000), "the first 3,000 rows");
        assertTrue(lead.contacts() > 45_000 && lead.contacts() < 50_000, "repeated people merged: " + lead.contacts());
    }
}
