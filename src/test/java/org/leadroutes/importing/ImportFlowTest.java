package org.leadroutes.importing;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample drop, end to end: grouping, normalising, custom fields, statuses, rejects, report. */
class ImportFlowTest extends ImportTestSupport {

    @Test
    @SuppressWarnings("unchecked")
    void sampleDropBecomesOneLeadPerCompanyWithItsContacts() throws Exception {
        String sample = Files.readString(java.nio.file.Path.of("samples/leads.csv"));
        Map<String, Object> report = importFile("leads.csv", sample);

        assertEquals("done", report.get("status"));
        assertEquals(10L, count(report, "rows"));
        assertEquals(4L, count(report, "leadsCreated"), "Acme, Globex, Initech, Solo Founder, and nobody else");
        assertEquals(7L, count(report, "contactsCreated"));
        assertEquals(2L, count(report, "rejected"));
        assertTrue(Files.exists(dataDir.resolve("inbox/.done").resolve(archivedName("leads.csv"))));

        Map<String, Map<String, Object>> byName = crm.leads().stream()
                .collect(Collectors.toMap(l -> (String) l.get("name"), l -> l));
        assertEquals(4, byName.size());

        // "Acme Corporation" and "ACME  corporation" are one lead; Jane Doe twice is one contact with both phones
        Map<String, Object> acme = byName.get("Acme Corporation");
        List<Map<String, Object>> acmeContacts = (List<Map<String, Object>>) acme.get("contacts");
        assertEquals(2, acmeContacts.size());
        Map<String, Object> jane = acmeContacts.stream().filter(c -> "Jane Doe".equals(c.get("name"))).findFirst().orElseThrow();
        List<Map<String, Object>> janePhones = (List<Map<String, Object>>) jane.get("phones");
        assertEquals(List.of("+14155550101", "+14155550109"), janePhones.stream().map(p -> p.get("phone")).toList());
        assertEquals("https://acme.example.com", acme.get("url"));
        assertEquals(crm.statusIds().get("Potential"), acme.get("status_id"));
        assertEquals("Manufacturing", acme.get("custom." + crm.customFieldIds().get("Industry")));
        assertEquals("Met at SaaStr", acme.get("description"));

        // rows of one company far apart in the file still meet
        assertEquals(2, ((List<?>) byName.get("Initech").get("contacts")).size());
        assertEquals(2, ((List<?>) byName.get("Globex").get("contacts")).size());
        // a row without a company is a lead named after its contact, phone in E.164 from its own country code
        Map<String, Object> solo = byName.get("Solo Founder");
        assertNotNull(solo);
        Map<String, Object> soloContact = ((List<Map<String, Object>>) solo.get("contacts")).get(0);
        assertEquals("+442079460958", ((List<Map<String, Object>>) soloContact.get("phones")).get(0).get("phone"));

        List<CSVRecord> rejects = rejects("leads.csv");
        assertEquals(2, rejects.size());
        Map<String, String> errors = rejects.stream().collect(Collectors.toMap(r -> r.get("Company Name"), r -> r.get("error")));
        assertTrue(errors.get("Umbrella Corp").contains("invalid email 'not-an-email'"), errors.toString());
        assertTrue(errors.get("Hooli").contains("unknown lead status 'Hot Lead'"), errors.toString());
        assertEquals("not-an-email", rejects.get(0).get("E-mail"), "original columns are kept");
        assertFalse(byName.containsKey("Hooli"), "a rejected row creates nothing");
    }
}
