package org.leadroutes.matching;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.leadroutes.mapping.LeadAssembler;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.MappedRow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matcher and the merge plan on their own: keys in order, exact checks, nothing non-empty overwritten. */
class MatchingTest {

    private static PendingLead group(String company, String leadId, String contact, String... emails) {
        MappedRow row = new MappedRow(1, "company:" + company.toLowerCase(), company, company, null, null, null, null, Map.of(),
                new MappedRow.Contact(contact, null, List.of(emails), List.of()), leadId, List.of(), List.of());
        return LeadAssembler.assemble(row.groupKey(), List.of(row));
    }

    private static Map<String, Object> crmLead(String id, String name, String... emails) {
        return Map.of("id", id, "name", name, "contacts", List.of(Map.of("name", "Someone",
                "emails", java.util.Arrays.stream(emails).map(e -> Map.of("email", e)).toList())));
    }

    @Test
    void keysParseInOrderAndNoneMatchesNothing() {
        assertEquals(List.of(MatchKey.LEAD_ID, MatchKey.EMAIL, MatchKey.COMPANY), MatchKey.parse("lead_id, email,company"));
        assertEquals(List.of(), MatchKey.parse("none"));
        assertThrows(IllegalArgumentException.class, () -> MatchKey.parse("email,phone"));
        assertEquals(List.of(MatchKey.custom("Salesforce Id"), MatchKey.EMAIL), MatchKey.parse("custom:Salesforce Id, email"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new LeadMatcher(MatchKey.parse("custom:Salesforce Id")).resolved(name -> null));
        assertTrue(missing.getMessage().contains("'Salesforce Id', which the CRM does not have"), missing.getMessage());
        assertFalse(new LeadMatcher(List.of()).enabled());
        assertNull(new LeadMatcher(List.of()).search(List.of(group("Acme", null, "Ann"))));
    }

    @Test
    void aBigCompanyIsSearchedByItsFirstEmailsAndMatchedByAnyOfThem() {
        String[] emails = new String[LeadMatcher.SEARCHED_EMAILS + 50];
        for (int i = 0; i < emails.length; i++) {
            emails[i] = "p" + i + "@big.example.com";
        }
        PendingLead big = group("Big", null, "Ann", emails);
        LeadMatcher matcher = new LeadMatcher(MatchKey.parse("email"));

        String search = org.leadroutes.crm.Json.MAPPER.valueToTree(matcher.search(List.of(big))).toString();
        assertTrue(search.contains("\"p0@big.example.com\"") && search.contains("\"p99@big.example.com\""), search);
        assertFalse(search.contains("\"p100@big.example.com\""), "the search names the first " + LeadMatcher.SEARCHED_EMAILS);
        // a lead the search found holding only a later email is still that group's match
        Match match = matcher.match(big, List.of(crmLead("lead_9", "Big Account", "p149@big.example.com")));
        assertEquals("lead_9", match.leadId());
    }

    @Test
    void theFirstKeyThatFindsOneLeadDecides() {
        LeadMatcher matcher = new LeadMatcher(MatchKey.parse("lead_id,email,company"));
        PendingLead acme = group("Acme", null, "Ann", "ann@acme.example.com");
        List<Map<String, Object>> candidates = List.of(crmLead("lead_1", "Acme"), crmLead("lead_2", "Acme Holdings", "ann@acme.example.com"));

        Match match = matcher.match(acme, candidates);

        assertEquals(MatchKey.EMAIL, match.key(), "email comes before company");
        assertEquals("lead_2", match.leadId());
    }

    @Test
    void looseSearchHitsAreCheckedExactly() {
        LeadMatcher matcher = new LeadMatcher(MatchKey.parse("company"));
        Match match = matcher.match(group("Acme", null, "Ann"), List.of(crmLead("lead_1", "Acme Corporation West")));
        assertFalse(match.found(), "a phrase hit is not the same company");
        assertTrue(matcher.match(group("Acme", null, "Ann"), List.of(crmLead("lead_1", "  ACME "))).found());
    }

    @Test
    void theDomainKeyComparesRegistrableDomainsAndNeverFreeMail() {
        LeadMatcher matcher = new LeadMatcher(MatchKey.parse("domain"));
        Map<String, Object> acme = Map.of("id", "lead_1", "name", "Acme Corp", "url", "https://acme.com");
        Map<String, Object> other = Map.of("id", "lead_2", "name", "Acme Shop", "url", "https://acme.com.evil.example");

        assertEquals("lead_1", matcher.match(website("Acme", "www.acme.com/contact"), List.of(acme, other)).leadId());
        assertFalse(matcher.match(website("Ann", "gmail.com"), List.of(Map.of("id", "lead_3", "url", "https://gmail.com"))).found(),
                "a free-mail domain names no organisation");
        assertTrue(matcher.search(List.of(website("Acme", "https://www.acme.com"))).toString().contains("value=acme.com"));
        assertNull(matcher.search(List.of(website("Ann", "https://www.linkedin.com/in/ann"))), "nothing to search by");
    }

    @Test
    void theCompanyKeyHoldsForRowsNotGroupedByCompany() {
        MappedRow row = new MappedRow(4, "row:4", "Acme", "Acme", null, null, null, null, Map.of(),
                new MappedRow.Contact("Ann", null, List.of(), List.of()), null, List.of(), List.of());
        MappedRow person = new MappedRow(5, "row:5", "Ann", null, null, null, null, null, Map.of(),
                new MappedRow.Contact("Ann", null, List.of(), List.of()), null, List.of(), List.of());
        LeadMatcher matcher = new LeadMatcher(MatchKey.parse("company"));

        assertEquals("lead_1", matcher.match(LeadAssembler.assemble("row:4", List.of(row)), List.of(crmLead("lead_1", "ACME"))).leadId());
        assertFalse(matcher.match(LeadAssembler.assemble("row:5", List.of(person)), List.of(crmLead("lead_2", "Ann"))).found(),
                "a lead named Ann that does not hold Ann is not Ann's lead");
    }

    private static PendingLead person(String name, String... phones) {
        MappedRow row = new MappedRow(5, "person:" + name.toLowerCase(), name, null, null, null, null, null, Map.of(),
                new MappedRow.Contact(name, null, List.of(), java.util.Arrays.stream(phones)
                        .map(p -> new MappedRow.Phone(p, "office")).toList()), null, List.of(), List.of());
        return LeadAssembler.assemble(row.groupKey(), List.of(row));
    }

    private static Map<String, Object> personLead(String id, String name, String contact, String... phones) {
        return Map.of("id", id, "name", name, "contacts", List.of(Map.of("name", contact,
                "phones", java.util.Arrays.stream(phones).map(p -> Map.of("phone", p)).toList())));
    }

    @Test
    void aNameOnlyGroupMatchesTheLeadANameOnlyRowMadeByItsName() {
        LeadMatcher matcher = new LeadMatcher(MatchKey.parse("lead_id,email,company"));

        Match match = matcher.match(person("Jane Doe"), List.of(personLead("lead_1", " JANE  doe", "Jane  DOE"),
                personLead("lead_2", "Jane Doe Ltd", "Jane Doe")));
        assertEquals("lead_1", match.leadId());
        assertEquals(MatchKey.PERSON, match.key());
        assertEquals("name", match.key().toString(), "as the reasons name it");
        assertTrue(matcher.search(List.of(person("Jane Doe"))).toString().contains("value=Jane Doe"));

        assertFalse(matcher.match(person("Jane Doe"), List.of(personLead("lead_3", "Jane Doe", "John Doe"))).found(),
                "a lead of that name holding someone else (a company called so)");
        assertFalse(matcher.match(person("Jane Doe"), List.of(personLead("lead_4", "Jane Doe", "Jane Doe", "+14155550199"))).found(),
                "a Jane Doe with a phone may be another Jane Doe");
        assertFalse(matcher.match(person("Jane Doe", "+14155550100"), List.of(personLead("lead_5", "Jane Doe", "Jane Doe"))).found(),
                "nor is a row with a phone matched by the name alone");
        assertNull(matcher.search(List.of(person("Jane Doe", "+14155550100"))), "nothing to search it by");
        assertTrue(matcher.match(person("Jane Doe"), List.of(personLead("lead_6", "Jane Doe", "Jane Doe"),
                personLead("lead_7", "jane doe", "Jane Doe"))).ambiguous(), "two such leads: given to neither");
        assertFalse(new LeadMatcher(MatchKey.parse("email")).match(person("Jane Doe"),
                List.of(personLead("lead_1", "Jane Doe", "Jane Doe"))).found(), "only where company is a key");
    }

    private static PendingLead website(String company, String url) {
        MappedRow row = new MappedRow(1, "company:" + company.toLowerCase(), company, company,
                url.contains("://") ? url : "https://" + url, null, null, null, Map.of(),
                new MappedRow.Contact("Someone", null, List.of(), List.of()), null, List.of(), List.of());
        return LeadAssembler.assemble(row.groupKey(), List.of(row));
    }

    @Test
    void twoLeadsForOneKeyAreAmbiguous() {
        LeadMatcher matcher = new LeadMatcher(MatchKey.parse("company"));
        Match match = matcher.match(group("Acme", null, "Ann"), List.of(crmLead("lead_1", "Acme"), crmLead("lead_2", "ACME")));
        assertTrue(match.ambiguous());
        assertFalse(match.found());
        assertEquals(List.of("lead_1", "lead_2"), match.candidates());
    }

    @Test
    void oneSearchCoversTheWholeBatch() {
        LeadMatcher matcher = new LeadMatcher(MatchKey.parse("lead_id,email,company"));
        Map<String, Object> search = matcher.search(List.of(group("Acme", "lead_9", "Ann", "ann@acme.example.com"),
                group("Beta", null, "Ben", "ben@beta.example.com", "b2@beta.example.com")));
        String text = search.toString();
        assertTrue(text.contains("lead_9") && text.contains("ann@acme.example.com") && text.contains("b2@beta.example.com")
                && text.contains("value=Beta"), text);
        assertEquals(LeadMatcher.SEARCH_LIMIT, search.get("_limit"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMergeAddsWhatTheLeadLacksAndOverwritesNothing() {
        Map<String, Object> payload = Map.of("name", "Acme", "url", "https://acme.example.com", "description", "new words",
                "custom.cf_1", "Retail",
                "addresses", List.of(Map.of("city", "Berlin")),
                "contacts", List.of(Map.of("name", "Ann", "emails", List.of(Map.of("email", "ANN@acme.example.com"))),
                        Map.of("name", "Bob", "phones", List.of(Map.of("phone", "+14155550100"))),
                        Map.of("name", "Cy")));
        Map<String, Object> lead = Map.of("id", "lead_1", "name", "Acme", "description", "old words",
                "addresses", List.of(Map.of("city", "Paris")),
                "contacts", List.of(Map.of("name", "Ann Other", "emails", List.of(Map.of("email", "ann@acme.example.com"))),
                        Map.of("name", "Bob", "phones", List.of(Map.of("phone", "+1 415 555 0100"))),
                        Map.of("name", "Cy", "emails", List.of(Map.of("email", "cy@acme.example.com")))));

        MergePlan plan = MergePlan.of(payload, lead);

        assertEquals(List.of(), plan.contacts(), "Ann by email, Bob by name and phone, Cy by name alone");
        assertEquals("https://acme.example.com", plan.patch().get("url"));
        assertEquals("Retail", plan.patch().get("custom.cf_1"));
        assertFalse(plan.patch().containsKey("description"), "a non-empty field is never overwritten");
        assertEquals(2, ((List<Map<String, Object>>) plan.patch().get("addresses")).size(), "Paris stays, Berlin joins");

        MergePlan newcomer = MergePlan.of(Map.of("contacts", List.of(Map.of("name", "Dee"))), Map.of("id", "lead_1"));
        assertEquals(List.of(Map.of("name", "Dee", "lead_id", "lead_1")), newcomer.contacts());
        assertTrue(MergePlan.of(Map.of("name", "Acme"), lead).changesNothing());
    }
}
