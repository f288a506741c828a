package org.leadroutes.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.leadroutes.crm.Json;
import org.junit.jupiter.api.Test;
import org.leadroutes.crm.CrmVocabulary;
import org.leadroutes.mapping.LeadAssembler.PendingLead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class LeadAssemblerTest {

    private static final String KEY = "company:acme corp";

    private static MappedRow row(long n, String leadName, String url, String statusId, String description,
                                 MappedRow.Address address, Map<String, String> custom, MappedRow.Contact contact) {
        return new MappedRow(n, KEY, leadName, leadName, url, statusId, description, address, new java.util.LinkedHashMap<>(custom), contact, null, List.of(), List.of());
    }

    private static MappedRow contactRow(long n, MappedRow.Contact contact) {
        return row(n, "Acme Corp", null, null, null, null, Map.of(), contact);
    }

    private static MappedRow.Contact contact(String name, List<String> emails, List<String> officePhones) {
        return new MappedRow.Contact(name, null, emails,
                officePhones.stream().map(p -> new MappedRow.Phone(p, "office")).toList());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> contacts(PendingLead lead) {
        return (List<Map<String, Object>>) lead.payload().get("contacts");
    }

    @Test
    void rowsOfOneGroupBecomeOneLeadWithFirstNonEmptyValues() {
        MappedRow.Address hq = new MappedRow.Address("1 Main St", null, "Springfield", "IL", "62701", "US");
        MappedRow.Address branch = new MappedRow.Address("9 Side Rd", "Unit 2", "Shelbyville", "IL", "62565", "US");
        List<MappedRow> rows = List.of(
                row(1, "Acme Corp", null, null, null, hq, Map.of("custom.cf_industry", "Widgets"),
                        contact("Jane Doe", List.of("jane@acme.com"), List.of())),
                row(2, "ACME corp", "https://acme.com", "stat_qualified", "met at expo", hq,
                        Map.of("custom.cf_industry", "Gadgets", "custom.cf_source", "Expo"),
                        contact("John Roe", List.of("john@acme.com"), List.of())),
                row(3, "acme corp", "https://other.example", "stat_potential", "second note", branch, Map.of(), null));

        PendingLead lead = LeadAssembler.assemble(KEY, rows);
        Map<String, Object> p = lead.payload();

        assertEquals(KEY, lead.groupKey());
        assertSame(rows, lead.rows());
        assertEquals("Acme Corp", p.get("name"), "the first row names the lead");
        assertEquals("https://acme.com", p.get("url"));
        assertEquals("stat_qualified", p.get("status_id"));
        assertEquals("met at expo", p.get("description"));
        assertEquals(List.of(
                Map.of("label", "business", "address_1", "1 Main St", "city", "Springfield", "state", "IL",
                        "zipcode", "62701", "country", "US"),
                Map.of("label", "business", "address_1", "9 Side Rd", "address_2", "Unit 2", "city", "Shelbyville",
                        "state", "IL", "zipcode", "62565", "country", "US")),
                p.get("addresses"), "distinct addresses, in order");
        assertEquals("Widgets", p.get("custom.cf_industry"), "the first value of a custom field wins");
        assertEquals("Expo", p.get("custom.cf_source"));
        assertEquals(2, lead.contacts());
        assertEquals(2, contacts(lead).size());
    }

    @Test
    void sameNameAndSharedEmailMergeWithUnionOfEmailsAndPhones() {
        PendingLead lead = LeadAssembler.assemble(KEY, List.of(
                contactRow(1, new MappedRow.Contact("Jane Doe", null, List.of("jane@acme.com"),
                        List.of(new MappedRow.Phone("+14155552671", "office")))),
                contactRow(2, new MappedRow.Contact("jane doe", "CEO", List.of("jane@acme.com", "jd@home.example"),
                        List.of(new MappedRow.Phone("+14155552672", "mobile"))))));
        assertEquals(1, lead.contacts());
        Map<String, Object> jane = contacts(lead).get(0);
        assertEquals("Jane Doe", jane.get("name"));
        assertEquals("CEO", jane.get("title"), "a title from a later row fills the gap");
        assertEquals(List.of(Map.of("email", "jane@acme.com", "type", "office"),
                Map.of("email", "jd@home.example", "type", "office")), jane.get("emails"));
        assertEquals(List.of(Map.of("phone", "+14155552671", "type", "office"),
                Map.of("phone", "+14155552672", "type", "mobile")), jane.get("phones"));
    }

    @Test
    void sameNameAndSharedPhoneMerge() {
        PendingLead lead = LeadAssembler.assemble(KEY, List.of(
                contactRow(1, contact("Jane Doe", List.of("jane@acme.com"), List.of("+14155552671"))),
                contactRow(2, contact("Jane Doe", List.of("jane@other.example"), List.of("+14155552671")))));
        assertEquals(1, lead.contacts());
        assertEquals(2, ((List<?>) contacts(lead).get(0).get("emails")).size());
        assertEquals(1, ((List<?>) contacts(lead).get(0).get("phones")).size());
    }

    @Test
    void sameNameButDifferentEmailsStayTwoContacts() {
        PendingLead lead = LeadAssembler.assemble(KEY, List.of(
                contactRow(1, contact("John Smith", List.of("john@acme.com"), List.of())),
                contactRow(2, contact("John Smith", List.of("jsmith@acme.com"), List.of()))));
        assertEquals(2, lead.contacts());
        assertEquals(2, contacts(lead).size());
    }

    @Test
    void sharedEmailButDifferentNamesStayTwoContacts() {
        PendingLead lead = LeadAssembler.assemble(KEY, List.of(
                contactRow(1, contact("Jane Doe", List.of("sales@acme.com"), List.of())),
                contactRow(2, contact("John Roe", List.of("sales@acme.com"), List.of()))));
        assertEquals(2, lead.contacts());
    }

    @Test
    void sameNameWithNothingToTellThemApartIsOnePerson() {
        PendingLead lead = LeadAssembler.assemble(KEY, List.of(
                contactRow(1, contact("Jane Doe", List.of(), List.of())),
                contactRow(2, contact("Jane Doe", List.of(), List.of()))));
        assertEquals(1, lead.contacts());
    }

    @Test
    void unnamedContactsWithDifferentEmailsStayApart() {
        PendingLead lead = LeadAssembler.assemble(KEY, List.of(
                contactRow(1, contact(null, List.of("a@acme.com"), List.of())),
                contactRow(2, contact(null, List.of("b@acme.com"), List.of()))));
        assertEquals(2, lead.contacts());
        assertFalse(contacts(lead).get(0).containsKey("name"), "no null name is sent");
    }

    @Test
    void leadWithoutContactsOrAddressesSendsNoEmptyLists() {
        PendingLead lead = LeadAssembler.assemble(KEY, List.of(row(1, "Acme Corp", null, null, null, null, Map.of(), null)));
        assertEquals(Map.of("name", "Acme Corp"), lead.payload());
        assertEquals(0, lead.contacts());
    }

    @Test
    void payloadHasTheShapeOfClosePostLead() throws Exception {
        CrmVocabulary vocabulary = ColumnMappingTest.vocabulary();
        List<String> headers = List.of("Company", "Contact", "Title", "Email", "Phone", "Mobile", "Fax", "Website",
                "Status", "Description", "Address 1", "Address 2", "City", "State", "Zip", "Country", "Industry");
        RowMapper mapper = new RowMapper(ColumnMapping.defaults().resolve(headers, vocabulary), vocabulary, "US", true);
        MappedRow r = mapper.map(1, List.of("Acme Corp", "Jane Doe", "CEO", "jane@acme.com", "415-555-2671",
                "415-555-2672", "415-555-2673", "acme.com", "Qualified", "Good fit", "1 Main St", "Suite 5",
                "Springfield", "IL", "62701", "US", "Widgets"));

        Map<String, Object> payload = LeadAssembler.assemble(r.groupKey(), List.of(r)).payload();
        // the JSON Close receives
        Map<?, ?> json = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(payload), Map.class);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "Acme Corp");
        expected.put("url", "https://acme.com");
        expected.put("description", "Good fit");
        expected.put("status_id", "stat_qualified");
        expected.put("addresses", List.of(Map.of("label", "business", "address_1", "1 Main St", "address_2", "Suite 5",
                "city", "Springfield", "state", "IL", "zipcode", "62701", "country", "US")));
        expected.put("contacts", List.of(Map.of("name", "Jane Doe", "title", "CEO",
                "emails", List.of(Map.of("email", "jane@acme.com", "type", "office")),
                "phones", List.of(Map.of("phone", "+14155552671", "type", "office"),
                        Map.of("phone", "+14155552672", "type", "mobile"),
                        Map.of("phone", "+14155552673", "type", "fax")))));
        expected.put("custom.cf_industry", "Widgets");
        assertEquals(expected, json);
    }
}
