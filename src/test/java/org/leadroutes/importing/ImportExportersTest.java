package org.leadroutes.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files as the exporters our users come from write them (src/test/resources/exports: headers, quoting,
 * footers, preambles, charsets as each writes them), imported through the real flow into the sandbox:
 * recognised, every row imported, phones read in each row's country, countries as ISO codes.
 */
class ImportExportersTest extends ImportTestSupport {

    private Map<String, Object> importExport(String name) throws Exception {
        return importFile(name, Files.readAllBytes(Path.of("src/test/resources/exports", name)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> contact(Map<String, Object> lead, String name) {
        return ((List<Map<String, Object>>) lead.get("contacts")).stream().filter(c -> name.equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not a contact of " + lead.get("name")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> phones(Map<String, Object> contact) {
        return ((List<Map<String, Object>>) contact.get("phones")).stream().map(p -> (String) p.get("phone")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> emails(Map<String, Object> contact) {
        return ((List<Map<String, Object>>) contact.get("emails")).stream().map(p -> (String) p.get("email")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> address(Map<String, Object> lead) {
        return ((List<Map<String, Object>>) lead.get("addresses")).get(0);
    }

    private static void assertClean(Map<String, Object> report, String exporter, long rows, long leads) {
        assertEquals("done", report.get("status"), report.toString());
        assertEquals(exporter, report.get("exporter"));
        assertEquals(rows, count(report, "rows"), report.toString());
        assertEquals(leads, count(report, "leadsCreated"), report.toString());
        assertEquals(0L, count(report, "rejected"), report.toString());
    }

    @Test
    void hubSpotContacts() throws Exception {
        Map<String, Object> report = importExport("hubspot-contacts.csv");

        assertClean(report, "HubSpot contacts export", 3, 2);
        assertEquals(List.of(), report.get("warnings"), "HubSpot's own columns are known, not unknown");
        assertTrue(((List<?>) report.get("ignoredColumns")).containsAll(List.of("Record ID", "Lifecycle Stage")));
        assertFalse(((List<?>) report.get("ignoredColumns")).contains("Lead Status"), "the lead's status");
        assertEquals(Map.of("unknown-status", 3), report.get("valuesDropped"), "NEW, OPEN, IN_PROGRESS: not the sandbox's");
        Map<String, Object> engines = lead("Analytical Engines Ltd");
        Map<String, Object> ada = contact(engines, "Ada Lovelace");
        assertEquals(List.of("+442079460018", "+447911123456"), phones(ada), "UK numbers in a US app: the row says United Kingdom");
        assertEquals("CTO", ada.get("title"));
        assertEquals(Map.of("address_1", "12 Byron Street", "city", "London", "state", "Greater London", "zipcode", "SW1A 1AA",
                "country", "GB", "label", "business"), withoutBlanks(address(engines)));
        assertEquals("https://engines.example.co.uk", engines.get("url"));
        assertEquals(List.of("+16175550143", "+16175550144"), phones(contact(lead("Cobol Systems Inc"), "Grace Hopper")));
        assertEquals("US", address(lead("Cobol Systems Inc")).get("country"));
    }

    /**
     * The status columns of the exporters map to the CRM's statuses where the labels match, by a plain file's rule
     * (case, spaces and punctuation ignored); a label the CRM lacks gives the default status and a warning.
     */
    @Test
    @SuppressWarnings("unchecked")
    void exportersLeadStatusesBecomeTheCrmsStatuses() throws Exception {
        Map<String, Object> hubSpot = importFile("hubspot-status.csv", """
                Record ID,First Name,Last Name,Email,Contact owner,Associated Company,Lead Status,Lifecycle Stage
                61,Ada,Lovelace,ada@engines.example.co.uk,Dana Owner,Analytical Engines Ltd,Qualified,lead
                62,Grace,Hopper,grace@cobol.example.com,Dana Owner,Cobol Systems Inc, CUSTOMER ,customer
                63,Hedy,Lamarr,hedy@hopping.example.at,Dana Owner,Frequency Hopping AG,Bad_Fit,lead
                64,Alan,Turing,alan@bombe.example.co.uk,Dana Owner,Bombe Works Ltd,Attempted to Contact,customer
                65,Kathy,Johnson,kathy@orbital.example.com,Dana Owner,Orbital Mechanics LLC,,customer
                """);

        assertClean(hubSpot, "HubSpot contacts export", 5, 5);
        Map<String, String> statuses = crm.statusIds();
        assertEquals(statuses.get("Qualified"), lead("Analytical Engines Ltd").get("status_id"));
        assertEquals(statuses.get("Customer"), lead("Cobol Systems Inc").get("status_id"));
        assertEquals(statuses.get("Bad Fit"), lead("Frequency Hopping AG").get("status_id"));
        String defaultStatus = (String) lead("Orbital Mechanics LLC").get("status_id");
        assertEquals(defaultStatus, lead("Bombe Works Ltd").get("status_id"), "a label the CRM lacks: its default status");
        assertFalse(List.of(statuses.get("Customer"), statuses.get("Qualified")).contains(defaultStatus),
                "Lifecycle Stage 'customer' is not the lead's status");
        assertEquals(Map.of("unknown-status", 1), hubSpot.get("valuesDropped"));
        List<org.apache.commons.csv.CSVRecord> results = results("hubspot-status.csv");
        assertTrue(results.get(3).get("warnings").startsWith("Lead Status 'Attempted to Contact': not a lead status of the CRM"),
                results.get(3).get("warnings"));
        assertEquals("", results.get(0).get("warnings"));

        Map<String, Object> salesforce = importFile("Lead.csv", """
                Id,IsDeleted,LastName,FirstName,Company,Email,Status,IsConverted
                00Q1,false,Boxer,Bertha,Farmers Coop. of Florida,bertha@fcof.example.net,qualified,false
                00Q2,false,Cotton,Phyllis,Abbott Insurance,phyllis@abbott.example.net,Open - Not Contacted,false
                """);
        assertClean(salesforce, "Salesforce Data Export (Lead.csv)", 2, 2);
        assertEquals(statuses.get("Qualified"), lead("Farmers Coop. of Florida").get("status_id"));
        assertEquals(defaultStatus, lead("Abbott Insurance").get("status_id"));
        assertEquals(Map.of("unknown-status", 1), salesforce.get("valuesDropped"));

        Map<String, Object> zoho = importFile("zoho.csv", """
                Record Id,Lead Owner,Company,First Name,Last Name,Email,Lead Status,Zip Code
                zcrm_1,Dana Owner,Cadinal Inc.,Brenda,Mcclure,brenda@cardinal.example.net,Customer,
                """);
        assertClean(zoho, "Zoho CRM leads export", 1, 1);
        assertEquals(statuses.get("Customer"), lead("Cadinal Inc.").get("status_id"));
    }

    /** A deals export: its people, named only, become leads; the deal's title and won/lost status are not theirs. */
    @Test
    void pipedriveDealsExport() throws Exception {
        Map<String, Object> report = importFile("deals.csv", """
                ID,Title,Creator,Owner,Value,Currency of Value,Organization,Organization ID,Pipeline,Contact person,Contact person ID,Stage,Label,Status,Won time
                1,Ann deal,Dana,Dana,100,EUR,,,Sales,Ann Example,1,Qualified,hot,won,2026-11-02
                2,Second deal,Dana,Dana,50,EUR,Initrode GmbH,7,Sales,Bill Lumbergh,2,Contact made,,lost,
                3,Ann again,Dana,Dana,70,EUR,,,Sales,Ann Example,1,Qualified,,open,
                """);

        assertClean(report, "Pipedrive deals export", 3, 2);
        assertEquals(Map.of(), report.get("valuesDropped"), "won, lost, open are the deals' statuses: no warning");
        assertEquals(List.of(), report.get("warnings"));
        assertEquals(null, contact(lead("Ann Example"), "Ann Example").get("title"), "'Ann deal' is the deal's title");
        assertEquals(1, ((List<?>) lead("Initrode GmbH").get("contacts")).size());
    }

    @Test
    void hubSpotCompanies() throws Exception {
        Map<String, Object> report = importExport("hubspot-companies.csv");

        assertClean(report, "HubSpot companies export", 2, 2);
        Map<String, Object> initrode = lead("Initrode GmbH");
        assertEquals("https://www.initrode.example.de", initrode.get("url"), "the website column, before the domain");
        assertEquals("https://vandelay.example.com", lead("Vandelay Industries").get("url"), "the domain, with no website");
        assertEquals("Makers of TPS reports", initrode.get("description"));
        assertEquals("DE", address(initrode).get("country"));
        assertEquals("COMPUTER_SOFTWARE", initrode.get("custom." + crm.customFieldIds().get("Industry")),
                "a column named like a CRM custom field feeds it");
        assertEquals(List.of("+49301234567"), phones(((List<Map<String, Object>>) initrode.get("contacts")).get(0)));
    }

    @Test
    void salesforceLeadsReportWithItsFooter() throws Exception {
        Map<String, Object> report = importExport("salesforce-leads-report.csv");

        assertClean(report, "Salesforce leads report", 5, 5);
        assertEquals(3L, count(report, "linesSkipped"), report.toString());
        List<String> skipped = (List<String>) report.get("skippedLines");
        assertTrue(skipped.get(0).startsWith("line 8: a report's total line: 'Grand Totals (5 records)'"), skipped.toString());
        assertTrue(skipped.get(2).contains("Copyright (c) 2000-2026 salesforce.com"), skipped.toString());
        assertEquals(5, crm.leadCount(), "no footer line became a lead");
        assertEquals(List.of("+4315123456"), phones(contact(lead("Frequency Hopping AG"), "Hedy Lamarr")));
        assertEquals("AT", address(lead("Frequency Hopping AG")).get("country"), "Österreich");
        assertEquals("GB", address(lead("Bombe Works Ltd")).get("country"), "England");
        assertEquals("MA", address(lead("Cobol Systems Inc")).get("state"));
        assertEquals("Web", lead("Bombe Works Ltd").get("custom." + crm.customFieldIds().get("Lead Source")),
                "Salesforce's Lead Source feeds the CRM's field of that name");
    }

    @Test
    void salesforceContactsReportWithItsFooter() throws Exception {
        Map<String, Object> report = importExport("salesforce-contacts-report.csv");

        assertClean(report, "Salesforce contacts report", 3, 2);
        assertEquals(3L, count(report, "linesSkipped"));
        Map<String, Object> engines = lead("Analytical Engines Ltd");
        assertEquals(2, ((List<?>) engines.get("contacts")).size());
        assertEquals("SW1A 1AA", address(engines).get("zipcode"), "Mailing Zip/Postal Code");
        assertEquals("MA", address(lead("Cobol Systems Inc")).get("state"), "Mailing State/Province");
    }

    @Test
    void salesforceDataExportAccounts() throws Exception {
        Map<String, Object> report = importExport("salesforce-account.csv");

        assertClean(report, "Salesforce Data Export (Account.csv)", 2, 2);
        assertEquals(List.of(), report.get("warnings"));
        assertEquals("https://engines.example.co.uk", lead("Analytical Engines Ltd").get("url"), "Name is the account here");
        assertEquals("02110", address(lead("Cobol Systems Inc")).get("zipcode"));
    }

    @Test
    void pipedrivePeople() throws Exception {
        Map<String, Object> report = importExport("pipedrive-people.csv");

        assertClean(report, "Pipedrive export", 2, 2);
        Map<String, Object> grace = contact(lead("Cobol Systems Inc"), "Grace Hopper");
        assertEquals(List.of("grace@cobol.example.com", "grace.hopper@home.example.com"), emails(grace));
        assertEquals(List.of("+16175550143", "+16175550144"), phones(grace));
    }

    @Test
    void zohoLeads() throws Exception {
        Map<String, Object> report = importExport("zoho-leads.csv");

        assertClean(report, "Zoho CRM leads export", 2, 2);
        assertEquals("Met at the Royal Society", lead("Analytical Engines Ltd").get("description"));
        assertEquals(List.of("+442079460018"), phones(contact(lead("Analytical Engines Ltd"), "Ada Lovelace")));
    }

    @Test
    void linkedInConnectionsWithTheirNotesAboveTheHeader() throws Exception {
        Map<String, Object> report = importExport("linkedin-connections.csv");

        assertClean(report, "LinkedIn connections export", 2, 2);
        assertEquals(2L, count(report, "linesSkipped"), "Notes: and the paragraph below it");
        assertTrue(((List<String>) report.get("skippedLines")).get(0).startsWith("line 1: above the header row: 'Notes:'"));
        Map<String, Object> engines = lead("Analytical Engines Ltd");
        assertEquals("CTO", contact(engines, "Ada Lovelace").get("title"));
        assertEquals(null, engines.get("url"), "URL is the person's LinkedIn profile, not a website");
        assertEquals(List.of("1", "2", "5", "6"), results("linkedin-connections.csv").stream().map(r -> r.get("line")).toList(),
                "the notes (skipped lines) and the two rows, by their lines in a spreadsheet");
    }

    @Test
    void apolloContacts() throws Exception {
        Map<String, Object> report = importExport("apollo-contacts.csv");

        assertClean(report, "Apollo export", 2, 2);
        Map<String, Object> engines = lead("Analytical Engines Ltd");
        assertEquals("London", address(engines).get("city"), "the company's city, not the person's Cambridge");
        assertEquals("GB", address(engines).get("country"));
        assertEquals("computer software", engines.get("custom." + crm.customFieldIds().get("Industry")));
        assertEquals(List.of("+16175550143", "+16175550144"), phones(contact(lead("Cobol Systems Inc"), "Grace Hopper")));
    }

    @Test
    void closesOwnLeadExport() throws Exception {
        Map<String, Object> report = importExport("close-leads.csv");

        assertClean(report, "Close lead export", 2, 2);
        assertEquals(crm.statusIds().get("Qualified"), lead("Cobol Systems Inc").get("status_id"));
        assertEquals("Technology", lead("Cobol Systems Inc").get("custom." + crm.customFieldIds().get("Industry")));
        assertEquals(List.of("+442079460018"), phones(contact(lead("Analytical Engines Ltd"), "Ada Lovelace")));
    }

    @Test
    void aGermanExcelFileWithSemicolonsInWindows1252() throws Exception {
        Map<String, Object> report = importExport("german-semicolon.csv");

        assertEquals("done", report.get("status"));
        assertEquals(null, report.get("exporter"));
        assertEquals(3L, count(report, "rows"));
        assertEquals(0L, count(report, "rejected"), report.toString());
        assertEquals(List.of(), report.get("ignoredColumns"), "German headers are known");
        Map<String, Object> initrode = lead("Initrode GmbH");
        assertEquals(2, ((List<?>) initrode.get("contacts")).size());
        assertEquals(List.of("+49301234567", "+4915123456789"), phones(contact(initrode, "Bill Lumbergh")));
        assertEquals(Map.of("address_1", "Invalidenstraße 1", "city", "Berlin", "state", "Berlin", "zipcode", "10115",
                "country", "DE", "label", "business"), withoutBlanks(address(initrode)));
        assertEquals("Rückruf am Montag", initrode.get("description"));
        Map<String, Object> wuerstchen = lead("Würstchen AG");
        assertEquals(List.of("+4315123456"), phones(contact(wuerstchen, "Jürgen Müller")));
        assertEquals("AT", address(wuerstchen).get("country"));
    }

    private static Map<String, Object> withoutBlanks(Map<String, Object> map) {
        Map<String, Object> kept = new java.util.TreeMap<>();
        map.forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                kept.put(k, v);
            }
        });
        return kept;
    }
}
