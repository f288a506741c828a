package org.leadroutes.importing;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample drop, end to end: grouping, normalising, custom fields, statuses, rejects, report. */
class ImportFlowTest extends ImportTestSupport {

    @Test
    @SuppressWarnings("unchecked")
    void sampleDropBecomesOneLeadPerCompanyWithItsContacts() throws Exception {
        String sample = elevenRows();
        Map<String, Object> report = importFile("leads.csv", sample);

        assertEquals("done", report.get("status"));
        assertEquals(11L, count(report, "rows"));
        assertEquals(6L, count(report, "leadsCreated"), "Acme, Globex, Initech, Solo Founder, Umbrella, Hooli");
        assertEquals(9L, count(report, "contactsCreated"));
        assertEquals(1L, count(report, "rejected"), "only the row left with nothing to make a lead of");
        assertEquals(Map.of("invalid-email", 1, "unknown-status", 1), report.get("valuesDropped"));
        assertTrue(Files.exists(dataDir.resolve("inbox/.done").resolve(archivedName("leads.csv"))));

        Map<String, Map<String, Object>> byName = crm.leads().stream()
                .collect(Collectors.toMap(l -> (String) l.get("name"), l -> l));
        assertEquals(6, byName.size());

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

        // one bad value is left out and named; the row goes on
        Map<String, Object> umbrella = byName.get("Umbrella Corp");
        Map<String, Object> wesker = ((List<Map<String, Object>>) umbrella.get("contacts")).get(0);
        assertEquals("Albert Wesker", wesker.get("name"));
        assertTrue(wesker.get("emails") == null || ((List<?>) wesker.get("emails")).isEmpty(),
                "the email that is not an address is left out");
        assertEquals(crm.statusIds().get("Potential"), byName.get("Hooli").get("status_id"), "the CRM's default status");
        Map<String, String> warnings = results("leads.csv").stream().collect(Collectors.toMap(
                r -> r.get("Company Name") + "/" + r.get("line"), r -> r.get("warnings")));
        assertEquals("E-mail 'not-an-email': not an email address: left out", warnings.get("Umbrella Corp/8"));
        assertEquals("Lead Status 'Hot Lead': not a lead status of the CRM (it has Bad Fit, Customer, Potential, Qualified):"
                + " the lead gets the CRM's default status", warnings.get("Hooli/9"));
        assertEquals("", warnings.get("Globex/3"));

        List<CSVRecord> rejects = rejects("leads.csv");
        assertEquals(1, rejects.size());
        assertTrue(rejects.get(0).get("error").startsWith("line 12: nothing to import"), rejects.get(0).get("error"));
        assertEquals("not-an-email", rejects.get(0).get("E-mail"), "original columns are kept");
    }
}
