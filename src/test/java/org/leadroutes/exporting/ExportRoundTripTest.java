package org.leadroutes.exporting;

import org.leadroutes.TestKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Export from one CRM, import the CSV into another: the app under test exports from sandbox A; a
 * second instance of the application (Camel Main with the same application.properties and routes/)
 * imports into sandbox B, whose custom fields have other ids. Both organizations end up with the same
 * leads.
 */
@TestKinds.BootsFlow
class ExportRoundTripTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.file-name", "org-a.csv");
        p.setProperty("leads.export.page-size", "3");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExportedFileDroppedInAnotherOrgsInboxRecreatesTheSameLeads() throws Exception {
        seedVariedLeads(crm);
        assertEquals("published", exportNow().get("status"));
        Path exported = outbox().resolve("org-a.csv");

        Path dataB = Files.createTempDirectory("leads-roundtrip-b");
        try (SandboxCrm crmB = new SandboxCrm().start()) {
            assertNotEquals(crm.customFieldIds().get("Industry"), crmB.customFieldIds().get("Industry"));
            Main importer = importingApp(crmB, dataB);
            try {
                Path inbox = Files.createDirectories(dataB.resolve("inbox"));
                Path tmp = Files.copy(exported, dataB.resolve("upload.part"));
                Files.move(tmp, inbox.resolve("org-a.csv"), StandardCopyOption.ATOMIC_MOVE);
                Path report = await("the drop's report").atMost(Duration.ofSeconds(30))
                        .until(() -> droppedReport(dataB, "org-a.csv", "report.json"), java.util.Objects::nonNull);
                Map<String, Object> imported = JSON.readValue(report.toFile(), Map.class);
                assertEquals("done", imported.get("status"), imported.toString());
                assertEquals(0L, count(imported, "rejected"), imported.toString());
                assertEquals(List.of(), imported.get("warnings"), "every exported column is one the import knows");
            } finally {
                importer.stop();
            }
            assertEquals(comparable(crm), comparable(crmB));
        } finally {
            deleteTree(dataB);
        }
    }

    /** The second application, importing only. */
    private static Main importingApp(SandboxCrm target, Path dataDir) throws Exception {
        Main main = new Main();
        Properties p = new Properties();
        p.setProperty("camel.main.name", "crm-lead-routes-b");
        p.setProperty("camel.main.routes-include-pattern", "classpath:org/leadroutes/routes/*.yaml"); // the jar's copy
        p.setProperty("camel.management.enabled", "false");
        p.setProperty("leads.crm.url", target.closeBaseUrl());
        p.setProperty("leads.data-dir", dataDir.toString());
        p.setProperty("leads.export.enabled", "false");
        p.setProperty("leads.import.poll-delay-ms", "100");
        p.setProperty("leads.import.read-lock-min-age-ms", "0");
        main.setOverrideProperties(p);
        main.start();
        return main;
    }

    /** Companies, contacts and phone types, custom fields by name, status labels, addresses. */
    private static void seedVariedLeads(SandboxCrm crm) {
        Map<String, Object> acme = lead(crm, "Acme Corporation",
                Map.of("Industry", "Manufacturing", "Employees", 250, "Lead Source", "trade show"),
                List.of(contact("Jane Doe", "jane@acme.example.com", "+14155550101"),
                        contact("John Smith", "john@acme.example.com", null)));
        acme.put("url", "https://acme.example.com");
        acme.put("description", "Met at SaaStr, wants a demo");
        acme.put("status_id", crm.statusIds().get("Qualified"));
        acme.put("addresses", List.of(Map.of("label", "business", "address_1", "1 Market St", "address_2", "Suite 5",
                "city", "San Francisco", "state", "CA", "zipcode", "94105", "country", "US")));
        Map<String, Object> jane = ((List<Map<String, Object>>) acme.get("contacts")).get(0);
        jane.put("title", "VP Sales");
        jane.put("emails", List.of(Map.of("email", "jane@acme.example.com", "type", "office"),
                Map.of("email", "jane.doe@home.example.com", "type", "office")));
        jane.put("phones", List.of(Map.of("phone", "+14155550101", "type", "office"),
                Map.of("phone", "+14155550109", "type", "office"), Map.of("phone", "+14155550199", "type", "mobile"),
                Map.of("phone", "+14155550188", "type", "fax")));
        crm.createLead(acme);
        Map<String, Object> globex = lead(crm, "Globex, \"The\" Company", Map.of("Industry", "Energy"),
                List.of(contact("Hank Scorpio", "hank@globex.example.com", "+12125550199"),
                        contact(null, "info@globex.example.com", null)));
        globex.put("status_id", crm.statusIds().get("Customer"));
        globex.put("description", "Line one\nline two, with a comma");
        crm.createLead(globex);
        Map<String, Object> lonely = lead(crm, "Lonely Lead Ltd", Map.of("Employees", 3), List.of());
        lonely.put("description", "=SUM(A1:A2) looks like a formula"); // escaped on export, unescaped on import
        crm.createLead(lonely);
        seed(crm, 4);
    }

    /** A CRM's leads in a form that does not depend on its ids, sorted by name. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> comparable(SandboxCrm crm) {
        Map<String, String> fieldNames = new HashMap<>();
        crm.customFieldIds().forEach((name, id) -> fieldNames.put("custom." + id, name));
        List<Map<String, Object>> leads = new ArrayList<>();
        for (Map<String, Object> lead : crm.leads()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", lead.get("name"));
            l.put("url", lead.get("url"));
            l.put("description", lead.get("description"));
            l.put("status", lead.get("status_label"));
            l.put("addresses", lead.get("addresses"));
            Map<String, Object> custom = new java.util.TreeMap<>();
            lead.forEach((key, value) -> {
                if (fieldNames.containsKey(key)) {
                    custom.put(fieldNames.get(key), value);
                }
            });
            l.put("custom", custom);
            TreeSet<String> contacts = new TreeSet<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) lead.get("contacts")) {
                TreeSet<String> emails = new TreeSet<>();
                ((List<Map<String, Object>>) c.get("emails")).forEach(e -> emails.add((String) e.get("email")));
                TreeSet<String> phones = new TreeSet<>();
                ((List<Map<String, Object>>) c.get("phones")).forEach(p -> phones.add(p.get("phone") + "/" + p.get("type")));
                contacts.add(c.get("name") + "|" + c.get("title") + "|" + emails + "|" + phones);
            }
            l.put("contacts", contacts);
            leads.add(l);
        }
        leads.sort(Comparator.comparing(l -> (String) l.get("name")));
        return leads;
    }
}
