package org.leadroutes.importing;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importing into a CRM that already holds leads: matched by lead id, email or company, merged, never doubled. */
class ImportMatchTest extends ImportTestSupport {

    @Override
    protected java.util.Properties flowSettings() {
        java.util.Properties p = super.flowSettings();
        p.setProperty("leads.import.unknown-status", "reject"); // a row with a status the CRM lacks is a reject to fix
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<String> contactNames(Map<String, Object> lead) {
        return ((List<Map<String, Object>>) lead.get("contacts")).stream().map(c -> (String) c.get("name")).sorted().toList();
    }

    @Test
    void anOverlappingWeeklyFileMergesIntoTheLeadsOfLastWeek() throws Exception {
        importFile("week1.csv", """
                company,contact,email
                Alpha Ltd,Ann Alpha,ann@alpha.example.com
                Beta GmbH,Ben Beta,ben@beta.example.com
                """);

        Map<String, Object> week2 = importFile("week2.csv", """
                company,contact,email,website
                ALPHA  LTD,Ann Alpha,ann@alpha.example.com,alpha.example.com
                Beta GmbH,Bea Beta,bea@beta.example.com,
                Gamma SA,Gil Gamma,gil@gamma.example.com,
                ,,not-an-email,
                """);

        assertEquals("done", week2.get("status"));
        assertEquals(1L, count(week2, "leadsCreated"));
        assertEquals(2L, count(week2, "leadsMatched"));
        assertEquals(1L, count(week2, "contactsAdded"), "Bea is new to Beta; Ann was already Alpha's");
        assertEquals(1L, count(week2, "leadsUpdated"), "Alpha's empty url was filled");
        assertEquals(3, crm.leadCount());
        assertEquals(List.of("Ann Alpha"), contactNames(lead("Alpha Ltd")));
        assertEquals("https://alpha.example.com", lead("Alpha Ltd").get("url"));
        assertEquals(List.of("Bea Beta", "Ben Beta"), contactNames(lead("Beta GmbH")));
        assertEquals(1, rejects("week2.csv").size());

        // every data row, in the file's order, says what became of it
        List<org.apache.commons.csv.CSVRecord> results = results("week2.csv");
        assertEquals(List.of("ALPHA  LTD", "Beta GmbH", "Gamma SA", ""), results.stream().map(r -> r.get("company")).toList());
        assertEquals(List.of("merged", "merged", "created", "rejected"), results.stream().map(r -> r.get("action")).toList());
        assertEquals(lead("Alpha Ltd").get("id"), results.get(0).get("lead_id"));
        assertEquals(contactId(lead("Alpha Ltd"), "Ann Alpha"), results.get(0).get("contact_id"), "Ann's existing contact");
        assertEquals(contactId(lead("Beta GmbH"), "Bea Beta"), results.get(1).get("contact_id"), "the contact the merge added");
        assertEquals(contactId(lead("Gamma SA"), "Gil Gamma"), results.get(2).get("contact_id"));
        assertTrue(results.get(3).get("error").contains("nothing to import"), results.get(3).get("error"));
    }

    /**
     * Rows with only a person's name (no company, email or phone) make a lead named after the person; the same row
     * in a later file (or twice in one) is that lead again, matched by the name, not a second one.
     */
    @Test
    void aRowWithOnlyAPersonsNameIsOneLeadWhateverFilesHoldIt() throws Exception {
        Map<String, Object> first = importFile("people-1.csv", """
                first name,last name,title
                Jane,Doe,Buyer
                Max,Muster,
                Jane,Doe,
                """);
        assertEquals(2L, count(first, "leadsCreated"), "Jane's two rows are one person: nothing tells them apart");
        assertEquals(List.of("Jane Doe"), contactNames(lead("Jane Doe")));

        Map<String, Object> second = importFile("people-2.csv", """
                first name,last name,city
                JANE,doe,Berlin
                Max,Muster,
                Eve,Example,
                """);

        assertEquals("done", second.get("status"));
        assertEquals(1L, count(second, "leadsCreated"), "only Eve is new");
        assertEquals(2L, count(second, "leadsMatched"));
        assertEquals(0L, count(second, "contactsAdded"));
        assertEquals(3, crm.leadCount(), "Jane, Max and Eve, each once");
        assertEquals(List.of("Jane Doe"), contactNames(lead("Jane Doe")));
        assertEquals(List.of("Max Muster"), contactNames(lead("Max Muster")));
        List<org.apache.commons.csv.CSVRecord> results = results("people-2.csv");
        assertEquals(List.of("merged", "matched", "created"), results.stream().map(r -> r.get("action")).toList(),
                "Jane's lead gains the address it lacked; Max's has nothing to add");
        assertEquals(lead("Jane Doe").get("id"), results.get(0).get("lead_id"));
        assertEquals(lead("Max Muster").get("id"), results.get(1).get("lead_id"));

        // a Jane Doe with an email may be another Jane Doe: her own lead, and the name-only one stays the one they match
        Map<String, Object> third = importFile("people-3.csv", "contact,email\nJane Doe,jane@doe.example.com\n");
        assertEquals(1L, count(third, "leadsCreated"));
        assertEquals(4, crm.leadCount());
        Map<String, Object> fourth = importFile("people-4.csv", "first name,last name\nJane,Doe\n");
        assertEquals(1L, count(fourth, "leadsMatched"), "not ambiguous: only one Jane Doe has nothing but her name");
        assertEquals(4, crm.leadCount());
    }

    @SuppressWarnings("unchecked")
    private static String contactId(Map<String, Object> lead, String name) {
        return ((List<Map<String, Object>>) lead.get("contacts")).stream().filter(c -> name.equals(c.get("name")))
                .map(c -> (String) c.get("id")).findFirst().orElseThrow();
    }

    /**
     * The README's own loop, as a user runs it: two weekly lists that overlap, then the rows both rejected
     * fixed in the rejects files (their {@code error} column left in) and dropped back as one file.
     */
    @Test
    void overlappingWeeksThenTheirFixedRejectsDroppedBackHoldEachCompanyOnce() throws Exception {
        importFile("week-47.csv", """
                company,contact,email,phone,status
                Alpha Ltd,Ann Alpha,ann@alpha.example.com,,
                Beta GmbH,Ben Beta,ben@beta.example.com,,
                Beta GmbH,Bo Beta,bo@beta.example.com,,Hot
                Gamma SA,Gil Gamma,gil@gamma.example.com,+41 44 668 18 00,Warm
                """);
        importFile("week-48.csv", """
                company,contact,email,phone,status
                Alpha Ltd,Ann Alpha,ann@alpha.example.com,,
                Alpha Ltd,Al Alpha,al@alpha.example.com,,Cold
                Delta Inc,Dee Delta,dee@delta.example.com,,
                """);
        assertEquals(3, rejects("week-47.csv").size() + rejects("week-48.csv").size());

        StringBuilder fixed = new StringBuilder("company,contact,email,phone,status,error\n");
        for (String week : List.of("week-47.csv", "week-48.csv")) {
            for (org.apache.commons.csv.CSVRecord reject : rejects(week)) {
                fixed.append(String.join(",", reject.get("company"), reject.get("contact"), reject.get("email"),
                        reject.get("phone"), "Qualified", '"' + reject.get("error") + '"')).append('\n');
            }
        }
        Map<String, Object> back = importFile("rejects-fixed.csv", fixed.toString());

        assertEquals("done", back.get("status"));
        assertEquals(0L, count(back, "rejected"));
        assertEquals(1L, count(back, "leadsCreated"), "Gamma: its only row had been rejected");
        assertEquals(2L, count(back, "leadsMatched"), "Beta and Alpha gain the contacts that had been rejected");
        assertEquals(4, crm.leadCount(), "Alpha, Beta, Gamma and Delta, each once");
        assertEquals(List.of("Al Alpha", "Ann Alpha"), contactNames(lead("Alpha Ltd")));
        assertEquals(List.of("Ben Beta", "Bo Beta"), contactNames(lead("Beta GmbH")));
        assertEquals(List.of("Gil Gamma"), contactNames(lead("Gamma SA")));
        assertEquals(List.of("merged", "merged", "created").stream().sorted().toList(),
                results("rejects-fixed.csv").stream().map(r -> r.get("action")).sorted().toList());
    }

    @Test
    void aContactsEmailFindsItsLeadUnderAnotherCompanyName() throws Exception {
        crm.createLead(Map.of("name", "Initech Corporation", "contacts", List.of(Map.of("name", "Peter",
                "emails", List.of(Map.of("email", "peter@initech.example.com"))))));

        Map<String, Object> report = importFile("initech.csv", """
                company,contact,email,title
                Initech,Peter Gibbons,PETER@initech.example.com,Engineer
                Initech,Milton,milton@initech.example.com,
                """);

        assertEquals(0L, count(report, "leadsCreated"));
        assertEquals(1L, count(report, "leadsMatched"));
        assertEquals(1L, count(report, "contactsAdded"), "Peter shares an email with the lead's contact; Milton is new");
        assertEquals(1, crm.leadCount());
        assertEquals(List.of("Milton", "Peter"), contactNames(lead("Initech Corporation")));
    }

    @Test
    void theLeadIdOfOurOwnExportNamesTheLead() throws Exception {
        String id = (String) crm.createLead(Map.of("name", "Renamed Since")).get("id");

        Map<String, Object> report = importFile("export.csv", "lead_id,company,contact\n" + id + ",Old Name,Ann\n");

        assertEquals(1L, count(report, "leadsMatched"));
        assertEquals(1, crm.leadCount());
        assertEquals(List.of("Ann"), contactNames(lead("Renamed Since")));
    }

    @Test
    void severalLeadsMatchingOneKeyAreAmbiguousAndTheRowsAreRejectedWithTheCandidates() throws Exception {
        String first = (String) crm.createLead(Map.of("name", "Acme")).get("id");
        String second = (String) crm.createLead(Map.of("name", "ACME")).get("id");

        Map<String, Object> report = importFile("acme.csv", "company,contact\nAcme,Wile E.\nBeta GmbH,Ben\n");

        assertEquals(1L, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "leadsMatched"));
        assertEquals(1L, count(report, "rejected"));
        String error = rejects("acme.csv").get(0).get("error");
        assertTrue(error.contains(first) && error.contains(second) && error.contains("company"), error);
        assertEquals(3, crm.leadCount(), "nothing was added to either Acme");
    }

    @Test
    void theSameContentMergedAgainChangesNothing() throws Exception {
        crm.createLead(Map.of("name", "Alpha Ltd"));
        String content = "company,contact,email\nAlpha Ltd,Ann,ann@alpha.example.com\n";
        importFile("first.csv", content);
        Map<String, Object> report = importFile("fixed.csv", content + "Alpha Ltd,Art,art@alpha.example.com\n");

        assertEquals(1L, count(report, "leadsMatched"));
        assertEquals(1L, count(report, "contactsAdded"), "only Art: Ann was added by the first drop");
        assertEquals(List.of("Ann", "Art"), contactNames(lead("Alpha Ltd")));
    }

    @Test
    void oneSearchLooksUpManyLeads() throws Exception {
        IntStream.range(0, 30).forEach(i -> crm.createLead(Map.of("name", "Company " + i)));
        String file = "company,email\n" + IntStream.range(0, 100)
                .mapToObj(i -> "Company " + i + ",buyer@company" + i + ".example.com").collect(Collectors.joining("\n")) + "\n";

        Map<String, Object> report = importFile("hundred.csv", file);

        assertEquals(30L, count(report, "leadsMatched"));
        assertEquals(70L, count(report, "leadsCreated"));
        assertEquals(100, crm.leadCount());
        assertTrue(crm.requestCount("POST /data/search/") <= 4, "one search per 25 leads, not one per lead: "
                + crm.requestCount("POST /data/search/"));
    }

    @Test
    void aFailedLookUpCreatesNothingAndTheSameDropLaterSendsTheRows() throws Exception {
        crm.createLead(Map.of("name", "Alpha Ltd"));
        crm.faults().on("POST /data/search/", org.leadroutes.sandbox.Fault.STATUS_400, 1);

        Map<String, Object> report = importFile("three.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals(0L, count(report, "leadsCreated"), "whether the CRM has them cannot be told: none is created");
        assertEquals(3L, count(report, "rejected"));
        assertTrue(rejects("three.csv").get(0).get("error").contains("looking up the leads the CRM already has failed"));
        assertEquals(1, crm.leadCount());

        Map<String, Object> again = importFile("three-again.csv", ImportFaultsTest.THREE_COMPANIES);
        assertEquals(2L, count(again, "leadsCreated"));
        assertEquals(1L, count(again, "leadsMatched"));
        assertEquals(3, crm.leadCount());
    }
}
