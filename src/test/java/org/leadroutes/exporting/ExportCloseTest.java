package org.leadroutes.exporting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Close style end to end: paging with faults on, one row per contact, custom fields by name, the report. */
class ExportCloseTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.page-size", "2"); // several pages from a handful of leads
        p.setProperty("leads.export.close-read", "pages"); // GET /lead/ by _skip: the search path has its own tests
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyLeadBecomesOneRowPerContactDespiteFaults() throws Exception {
        Map<String, Object> acme = lead(crm, "Acme Corporation", Map.of("Industry", "Manufacturing", "Employees", 250),
                List.of(contact("Jane Doe", "jane@acme.example.com", "+14155550101"),
                        contact("John Smith", "john@acme.example.com", null)));
        acme.put("url", "https://acme.example.com");
        acme.put("description", "Met at SaaStr");
        acme.put("status_id", crm.statusIds().get("Qualified"));
        acme.put("addresses", List.of(Map.of("label", "business", "address_1", "1 Market St", "city", "San Francisco",
                "state", "CA", "zipcode", "94105", "country", "US")));
        // a second email and phone of one person, and a mobile: extra columns, still one row
        Map<String, Object> jane = (Map<String, Object>) ((List<Map<String, Object>>) acme.get("contacts")).get(0);
        jane.put("emails", List.of(Map.of("email", "jane@acme.example.com", "type", "office"),
                Map.of("email", "jane.doe@home.example.com", "type", "home")));
        jane.put("phones", List.of(Map.of("phone", "+14155550101", "type", "office"),
                Map.of("phone", "+14155550109", "type", "direct"), Map.of("phone", "+14155550199", "type", "mobile")));
        String acmeId = (String) crm.createLead(acme).get("id");
        crm.createLead(lead(crm, "No Contacts Ltd", Map.of(), List.of()));
        crm.createLead(lead(crm, "=HYPERLINK(\"http://evil.example.com\")", Map.of("Lead Source", "@import"),
                List.of(contact("-Minus", "m@evil.example.com", null))));
        seed(crm, 4);
        crm.faults().on("GET /lead/", Fault.STATUS_503, 2).on("GET /lead/", Fault.STATUS_429, 1);

        LocalDate before = LocalDate.now();
        Map<String, Object> report = exportNow();

        String name = (String) report.get("file");
        assertEquals("published", report.get("status"), report.toString());
        assertTrue(List.of("leads-" + before + ".csv", "leads-" + LocalDate.now() + ".csv").contains(name), name); // midnight
        assertEquals(7L, count(report, "leads"));
        assertEquals(8L, count(report, "rows"), "Acme has two contacts, No Contacts Ltd one row without");
        assertEquals(4L, count(report, "pages"));
        assertEquals(3L, count(report, "retries"));
        assertEquals(List.of(name), names(outbox()), "no temporary file is left next to it");
        assertEquals(List.of(), names(dataDir.resolve("state")), "the spool is gone");

        Path file = outbox().resolve(name);
        List<String> header = header(file);
        assertEquals(List.of("lead_id", "company", "url", "status", "description", "contact", "title",
                "email", "email address", "phone", "phone number", "mobile_phone", "fax",
                "address_1", "address_2", "city", "state", "zip", "country", "Industry", "Lead Source", "Employees"),
                header);
        List<CSVRecord> rows = csv(file);
        assertEquals(8, rows.size());
        Map<String, CSVRecord> byContact = rows.stream().collect(Collectors.toMap(r -> r.get("contact"), r -> r,
                (a, b) -> a, LinkedHashMap::new));
        CSVRecord janeRow = byContact.get("Jane Doe");
        assertEquals(acmeId, janeRow.get("lead_id"));
        assertEquals("Acme Corporation", janeRow.get("company"));
        assertEquals("https://acme.example.com", janeRow.get("url"));
        assertEquals("Qualified", janeRow.get("status"));
        assertEquals("Met at SaaStr", janeRow.get("description"));
        assertEquals("jane@acme.example.com", janeRow.get("email"));
        assertEquals("jane.doe@home.example.com", janeRow.get("email address"));
        assertEquals("+14155550101", janeRow.get("phone"), "phone numbers are not taken for formulas");
        assertEquals("+14155550109", janeRow.get("phone number"));
        assertEquals("+14155550199", janeRow.get("mobile_phone"));
        assertEquals("San Francisco", janeRow.get("city"));
        assertEquals("94105", janeRow.get("zip"));
        assertEquals("Manufacturing", janeRow.get("Industry"));
        assertEquals("250", janeRow.get("Employees"));
        CSVRecord johnRow = byContact.get("John Smith");
        assertEquals(acmeId, johnRow.get("lead_id"), "lead columns are repeated on each contact's row");
        assertEquals("San Francisco", johnRow.get("city"));
        CSVRecord noContacts = rows.stream().filter(r -> r.get("company").equals("No Contacts Ltd")).findFirst().orElseThrow();
        assertEquals("", noContacts.get("contact"));

        // formula cells are escaped by default
        CSVRecord evil = byContact.get("'-Minus");
        assertEquals("'=HYPERLINK(\"http://evil.example.com\")", evil.get("company"));
        assertEquals("'@import", evil.get("Lead Source"));

        assertTrue(crm.requestCount("GET /lead/") >= 7, "4 pages and 3 retried answers");
        assertTrue(Files.exists(dataDir.resolve("reports").resolve(name + ".export.json")));
    }
}
