package org.leadroutes.mapping;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A payload without the fields the CRM named in its 400: what is sent again, and what is left out. */
class RefusedFieldsTest {

    private static Map<String, Object> payload() {
        return Map.of(
                "name", "Acme",
                "custom.cf_industry", "Technology",
                "addresses", List.of(Map.of("label", "business", "city", "Austin", "country", "XX")),
                "contacts", List.of(
                        Map.of("name", "Ann", "emails", List.of(Map.of("email", "ann@blocked.example", "type", "office"),
                                Map.of("email", "ann@acme.example", "type", "office"))),
                        Map.of("name", "Ben", "phones", List.of(Map.of("phone", "+15550100", "type", "office")))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachNamedValueIsTakenOutAndTheRestKept() {
        RefusedFields.Stripped s = RefusedFields.strip(payload(), List.of("custom.cf_industry", "addresses.0.country",
                "contacts.0.emails.0.email", "contacts.1.phones.0.phone"));

        assertEquals(Map.of("custom.cf_industry", "Technology", "addresses.0.country", "XX",
                "contacts.0.emails.0.email", "ann@blocked.example", "contacts.1.phones.0.phone", "+15550100"), s.removed());
        assertNull(s.payload().get("custom.cf_industry"));
        assertEquals(Map.of("label", "business", "city", "Austin"), ((List<?>) s.payload().get("addresses")).get(0));
        List<Map<String, Object>> contacts = (List<Map<String, Object>>) s.payload().get("contacts");
        assertEquals(List.of(Map.of("email", "ann@acme.example", "type", "office")), contacts.get(0).get("emails"),
                "the refused entry goes as a whole, the other stays");
        assertEquals(List.of(), contacts.get(1).get("phones"));
        assertEquals("Ben", contacts.get(1).get("name"), "the person stays");
        assertEquals("Technology", payload().get("custom.cf_industry"), "the original payload is untouched");
    }

    @Test
    void twoEntriesOfOneListAreBothTakenOut() {
        RefusedFields.Stripped s = RefusedFields.strip(payload(), List.of("contacts.0.emails.0.email", "contacts.0.emails.1.email"));
        assertEquals(2, s.removed().size());
        assertEquals(List.of(), ((Map<?, ?>) ((List<?>) s.payload().get("contacts")).get(0)).get("emails"));
    }

    @Test
    void whatIsNotAValueToLeaveOutCannotBeStripped() {
        assertNull(RefusedFields.strip(payload(), List.of("name")), "a lead without its name is not the lead");
        assertNull(RefusedFields.strip(payload(), List.of("contacts.0")), "nor a lead without a person");
        assertNull(RefusedFields.strip(payload(), List.of("contacts")));
        assertNull(RefusedFields.strip(payload(), List.of("custom.cf_other")), "not in the payload");
        assertNull(RefusedFields.strip(payload(), List.of()));
    }
}
