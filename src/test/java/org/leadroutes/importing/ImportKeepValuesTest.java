package org.leadroutes.importing;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows shaped like real exports keep their people when one value is bad: the value is left out and named in the
 * results file's warnings, counted in the report, and the row goes on. Through the real flow, against the sandbox.
 */
class ImportKeepValuesTest extends ImportTestSupport {

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.addChoicesField("Rating", List.of("Hot", "Warm", "Cold"));
    }

    private Map<String, CSVRecord> resultsBy(String file, String column) throws Exception {
        return results(file).stream().collect(Collectors.toMap(r -> r.get(column), Function.identity()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> contact(Map<String, Object> lead) {
        return ((List<Map<String, Object>>) lead.get("contacts")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> phones(Map<String, Object> contact) {
        Object phones = contact.get("phones");
        return phones == null ? List.of() : ((List<Map<String, Object>>) phones).stream().map(p -> (String) p.get("phone")).toList();
    }

    /** A Faker-made HubSpot contacts file: random countries, US phones with extensions, HubSpot's own statuses. */
    @Test
    void fakerStyleHubSpotContactsAreAllImportedWithTheirBadValuesNamed() throws Exception {
        Map<String, Object> report = importFile("hubspot_contacts.csv", """
                Contact ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Job Title,Lead Status,Country,Associated Company Domain
                CONT-03a4,Francisco,Small,anna72@example.net,416-810-9897x752,(376)694-9481x10051,Youth worker,In Progress,Ghana,freeman.net
                CONT-41eb,Laura,Smith,laura@example.org,001-308-928-7399x427,,Engineer,New,Netherlands Antilles,
                CONT-77aa,Tim,Doe,tim(at)example.com,+1-781-948-6348,,,Qualified,Atlantis,
                """);

        assertEquals("done", report.get("status"));
        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "rejected"));
        assertEquals(Map.of("phone-extension", 2, "unknown-country", 2, "unknown-status", 2, "invalid-phone", 1,
                "invalid-email", 1), report.get("valuesDropped"));

        Map<String, Object> francisco = lead("Francisco Small");
        assertEquals(List.of("+14168109897"), phones(contact(francisco)), "a US number in a row of Ghana: read in US");
        assertEquals("https://freeman.net", francisco.get("url"), "the company's domain is the lead's url");
        assertEquals(crm.statusIds().get("Potential"), francisco.get("status_id"), "HubSpot's status: the CRM's default");
        assertEquals(List.of("+13089287399"), phones(contact(lead("Laura Smith"))), "001-… read as +1");
        Map<String, Object> tim = lead("Tim Doe");
        assertEquals(crm.statusIds().get("Qualified"), tim.get("status_id"));
        assertEquals(List.of("+17819486348"), phones(contact(tim)));

        Map<String, CSVRecord> rows = resultsBy("hubspot_contacts.csv", "Contact ID");
        String warnings = rows.get("CONT-03a4").get("warnings");
        assertTrue(warnings.contains("Phone Number 'x752': the extension is left out")
                && warnings.contains("Mobile Phone Number '(376)694-9481x10051': not a valid phone number in GH (the row's"
                + " country 'Ghana') nor in US (leads.import.default-region)")
                && warnings.contains("Lead Status 'In Progress': not a lead status of the CRM"), warnings);
        assertEquals(3, warnings.split("; ").length, "three values, joined with '; ': " + warnings);
        assertTrue(rows.get("CONT-41eb").get("warnings").contains("Country 'Netherlands Antilles': not a country"),
                rows.get("CONT-41eb").get("warnings"));
        assertTrue(rows.get("CONT-77aa").get("warnings").startsWith("Email 'tim(at)example.com': not an email address"),
                rows.get("CONT-77aa").get("warnings"));
        assertEquals(List.of("created", "created", "created"), results("hubspot_contacts.csv").stream()
                .map(r -> r.get("action")).toList());
    }

    /** Salesforce's own sample rows: 555 numbers, a choices field, statuses the CRM lacks, a deleted row. */
    @Test
    @SuppressWarnings("unchecked")
    void salesforceSampleRowsKeepTheirPeople() throws Exception {
        String rating = "custom." + crm.customFieldIds().get("Rating");
        Map<String, Object> report = importFile("Lead.csv", """
                Id,IsDeleted,LastName,FirstName,Company,Phone,Email,Status,Rating
                00Q1,FALSE,Boxer,Bertha,Farmers Coop. of Florida,(850) 644-4200,bertha@fcof.net,Closed - Converted,hot
                00Q2,FALSE,Cotton,Phyllis,Abbott Insurance,(555) 555-1212,pcotton@abbottins.net,Working - Contacted,Lukewarm
                00Q3,1,Gone,Deleted,Deleted Inc,,gone@deleted.example.com,Open,
                00Q4,FALSE,Young,Andy,Dickenson plc,(620) 241-6200,a_young@dickenson.com,Qualified,  WARM
                """);

        assertEquals(3L, count(report, "rows"), "the deleted row is not a row");
        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "rejected"));
        assertEquals(1L, count(report, "linesSkipped"));
        assertTrue(((List<String>) report.get("skippedLines")).get(0).startsWith("line 4: deleted in its source (IsDeleted=1)"),
                report.get("skippedLines").toString());
        assertEquals(Map.of("unknown-status", 2, "invalid-phone", 1, "not-a-choice", 1), report.get("valuesDropped"));

        assertEquals("Hot", lead("Farmers Coop. of Florida").get(rating), "matched ignoring case");
        assertEquals("Warm", lead("Dickenson plc").get(rating), "matched ignoring case and spacing");
        Map<String, Object> abbott = lead("Abbott Insurance");
        assertNull(abbott.get(rating), "not one of the options: left out");
        assertEquals(List.of(), phones(contact(abbott)), "a 555 sample number is left out");
        assertEquals("Phyllis Cotton", contact(abbott).get("name"), "the person is kept");
        assertEquals(crm.statusIds().get("Qualified"), lead("Dickenson plc").get("status_id"));

        Map<String, CSVRecord> rows = resultsBy("Lead.csv", "Id");
        assertTrue(rows.get("00Q2").get("warnings").contains("Rating 'Lukewarm': not one of the options of the CRM's field"
                + " 'Rating' (Hot, Warm, Cold): left out"), rows.get("00Q2").get("warnings"));
        assertTrue(rows.get("00Q2").get("warnings").contains("Phone '(555) 555-1212': not a valid phone number in US"),
                rows.get("00Q2").get("warnings"));
        assertEquals("skipped-line", rows.get("00Q3").get("action"));
        assertEquals(0, crm.leads().stream().filter(l -> "Deleted Inc".equals(l.get("name"))).count());
    }

    /** An accounts export: the company's address columns are the lead's address, its domain its url. */
    @Test
    @SuppressWarnings("unchecked")
    void companyAddressAndDomainColumnsFeedTheLead() throws Exception {
        importFile("companies.csv", """
                Company Name,Company Domain Name,Company Street,Company City,Company State,Company Country
                Cruz Inc,flowers.net,669 Wagner Gateway,North Christineview,UT,Comoros
                Davis-Chang,www.holmes-navarro.biz,75221 Brown Mill,Lake Tina,NV,United States Virgin Islands
                """);

        Map<String, Object> cruz = lead("Cruz Inc");
        assertEquals("https://flowers.net", cruz.get("url"));
        Map<String, Object> address = new java.util.HashMap<>(((List<Map<String, Object>>) cruz.get("addresses")).get(0));
        address.values().removeIf(java.util.Objects::isNull);
        assertEquals(Map.of("label", "business", "address_1", "669 Wagner Gateway", "city", "North Christineview",
                "state", "UT", "country", "KM"), address);
        assertEquals("https://www.holmes-navarro.biz", lead("Davis-Chang").get("url"));
        assertEquals("VI", ((List<Map<String, Object>>) lead("Davis-Chang").get("addresses")).get(0).get("country"));
    }

    @Test
    void aWebsiteColumnComesBeforeTheDomain() throws Exception {
        importFile("both.csv", "Company,Website,Website Domain\nAcme,https://acme.example.com/home,acme.example\n");
        assertEquals("https://acme.example.com/home", lead("Acme").get("url"));
    }
}
