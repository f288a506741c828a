package org.leadroutes.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadroutes.crm.CrmVocabulary;
import org.leadroutes.crm.CrmVocabularyTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnMappingTest {

    @TempDir
    Path dir;

    static CrmVocabulary vocabulary() {
        return CrmVocabularyTest.vocabulary();
    }

    private static ResolvedColumns.Target only(ColumnMapping mapping, String header) {
        ResolvedColumns r = mapping.resolve(List.of(header), vocabulary());
        return r.targets().get(0);
    }

    private static LeadField fieldOf(String header) {
        return only(ColumnMapping.defaults(), header).field();
    }

    @Test
    void normaliseIgnoresCaseSpacesAndPunctuation() {
        assertEquals("emailaddress", ColumnMapping.normalise("E-Mail Address "));
        assertEquals(ColumnMapping.normalise("E-Mail Address "), ColumnMapping.normalise("email_address"));
        assertEquals(ColumnMapping.normalise("Société"), ColumnMapping.normalise(" SOCIÉTÉ"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Company Name|COMPANY", "Account Name|COMPANY", "Organization|COMPANY",
            "First Name|FIRST_NAME", "Last Name|LAST_NAME", "Full Name|CONTACT",
            "E-mail|EMAIL", "Email Address|EMAIL", "Work Email|EMAIL", "EMAIL|EMAIL", "e_mail|EMAIL",
            "Mobile|MOBILE_PHONE", "Job Title|TITLE", "Website|URL", "Street|ADDRESS_1",
            "Postal Code|ZIP", "Lead Status|STATUS", "Description|DESCRIPTION", "Notes|DESCRIPTION",
            "company|COMPANY", "url|URL", "status|STATUS", "contact|CONTACT", "title|TITLE", "email|EMAIL",
            "phone|PHONE", "mobile_phone|MOBILE_PHONE", "fax|FAX", "address|ADDRESS_1", "address_1|ADDRESS_1",
            "address_2|ADDRESS_2", "city|CITY", "state|STATE", "zip|ZIP", "country|COUNTRY",
            "' Company Name '|COMPANY", "ZIP CODE|ZIP", "lead_id|LEAD_ID"})
    void defaultSpellings(String header, LeadField expected) {
        assertEquals(expected, fieldOf(header));
    }

    @Test
    void eachExporterIsRecognisedByEachOfItsHeaderLists() {
        KnownHeaders known = KnownHeaders.builtIn();
        assertTrue(known.exporters().size() >= 14, known.exporters().toString());
        for (KnownHeaders.Exporter exporter : known.exporters()) {
            for (java.util.Set<String> signature : exporter.recognise()) {
                assertEquals(exporter.name(), known.recognise(List.copyOf(signature)).name(), signature.toString());
            }
        }
        assertNull(known.recognise(List.of("Company", "Email", "Phone")), "a plain file is no exporter's");
        assertNull(known.recognise(List.of("Organization Name", "Person Name", "Email")), "nor one with Pipedrive-like words");
        List<String> zohoContacts = List.of("Record Id", "Contact Owner", "Lead Source", "First Name", "Last Name",
                "Account Name", "Email", "Title", "Phone", "Mobile", "Mailing Street", "Mailing City", "Mailing State",
                "Mailing Zip", "Mailing Country", "Secondary Email", "Created Time");
        assertEquals("Zoho CRM contacts export", known.recognise(zohoContacts).name());
        List<String> zohoAccounts = List.of("Record Id", "Account Owner", "Rating", "Account Name", "Phone", "Website",
                "Billing Street", "Billing City", "Billing State", "Billing Code", "Billing Country", "Type");
        assertEquals("Zoho CRM accounts export", known.recognise(zohoAccounts).name());
        ResolvedColumns accounts = ColumnMapping.defaults().resolve(zohoAccounts, CrmVocabulary.empty());
        assertEquals(LeadField.ZIP, accounts.targets().get(zohoAccounts.indexOf("Billing Code")).field());
    }

    /**
     * Each exporter's lead status column feeds the status, in a file it recognises, as a plain file's {@code Status}
     * does; its stages and labels that are not a lead's status do not; and no exporter has two status columns.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "Record ID,Contact owner,First Name,Lead Status,Lifecycle Stage|Lead Status|HubSpot contacts export",
            "Record ID,Company owner,Company name,Lead Status,Lifecycle Stage|Lead Status|HubSpot companies export",
            "Lead Owner,Company / Account,Last Name,Lead Status,Rating|Lead Status|Salesforce leads report",
            "Id,IsDeleted,Company,LastName,IsConverted,Status|Status|Salesforce Data Export (Lead.csv)",
            "Record Id,Lead Owner,Zip Code,Company,Lead Status|Lead Status|Zoho CRM leads export",
            "display_name,status_label,status_id|status_label|Close lead export"})
    void anExportersLeadStatusColumnIsTheStatus(String headers, String statusColumn, String exporter) {
        List<String> columns = List.of(headers.split(","));
        ResolvedColumns r = ColumnMapping.defaults().resolve(columns, vocabulary());
        assertEquals(exporter, r.exporter());
        assertEquals(LeadField.STATUS, r.targets().get(columns.indexOf(statusColumn)).field());
        assertEquals(1, r.targets().stream().filter(t -> t.field() == LeadField.STATUS).count(), "the only status: " + r.targets());
        assertTrue(!r.ignored().contains(statusColumn), r.ignored().toString());
    }

    @Test
    void noExporterFeedsTheStatusFromTwoColumns() {
        for (KnownHeaders.Exporter exporter : KnownHeaders.builtIn().exporters()) {
            List<String> status = exporter.columns().entrySet().stream().filter(e -> e.getValue().equals("status"))
                    .map(Map.Entry::getKey).toList();
            assertTrue(status.size() <= 1, exporter.name() + " maps several columns to the status: " + status);
        }
        ResolvedColumns hubSpot = ColumnMapping.defaults().resolve(List.of("Record ID", "Contact owner", "Lifecycle Stage",
                "Lead Status"), vocabulary());
        assertEquals(List.of(LeadField.IGNORE, LeadField.IGNORE, LeadField.IGNORE, LeadField.STATUS),
                hubSpot.targets().stream().map(ResolvedColumns.Target::field).toList(),
                "HubSpot's lifecycle stage is its funnel's, not the lead's status, wherever it stands");
    }

    @Test
    void aPipedriveDealsExportsTitleAndStatusAreTheDealsNotTheLeads() {
        List<String> headers = List.of("ID", "Title", "Value", "Organization", "Pipeline", "Contact person", "Contact person ID",
                "Stage", "Label", "Status", "Won time");
        ResolvedColumns r = ColumnMapping.defaults().resolve(headers, vocabulary());
        assertEquals("Pipedrive deals export", r.exporter());
        assertEquals(LeadField.COMPANY, r.targets().get(headers.indexOf("Organization")).field());
        assertEquals(LeadField.CONTACT, r.targets().get(headers.indexOf("Contact person")).field());
        assertEquals(LeadField.IGNORE, r.targets().get(headers.indexOf("Title")).field(), "the deal's title, not a job title");
        assertEquals(LeadField.IGNORE, r.targets().get(headers.indexOf("Status")).field(), "open, won, lost: the deal's");
        assertEquals(List.of(), r.unknown());
    }

    @Test
    void aMappingFileMakesAnotherColumnTheStatus() throws IOException {
        ColumnMapping mapping = ColumnMapping.load(mappingFile("columns:\n  Lifecycle Stage: status\n  Lead Status: ignore\n").toString());
        ResolvedColumns r = mapping.resolve(List.of("Record ID", "Contact owner", "Lead Status", "Lifecycle Stage"), vocabulary());
        assertEquals(List.of(LeadField.IGNORE, LeadField.IGNORE, LeadField.IGNORE, LeadField.STATUS),
                r.targets().stream().map(ResolvedColumns.Target::field).toList());
    }

    @Test
    void anExportersColumnsComeBeforeTheGenericOnes() {
        // "Name" is the person in a generic file, the company in an account export
        ResolvedColumns account = ColumnMapping.defaults().resolve(List.of("Id", "IsDeleted", "Name", "BillingStreet",
                "BillingCountry", "SystemModstamp"), CrmVocabulary.empty());
        assertEquals("Salesforce Data Export (Account.csv)", account.exporter());
        assertEquals(LeadField.COMPANY, account.targets().get(2).field());
        assertEquals(LeadField.COUNTRY, account.targets().get(4).field());
        assertEquals(List.of("Id", "SystemModstamp"), account.ignored(), "IsDeleted is read: a deleted row is skipped");
        assertEquals(List.of(), account.unknown());
        assertTrue(account.warnings().isEmpty(), "known columns not imported raise no warning: " + account.warnings());
        assertEquals(LeadField.CONTACT, fieldOf("Name"));

        // Apollo's City is the person's; the lead's address is the company's
        ResolvedColumns apollo = ColumnMapping.defaults().resolve(List.of("Apollo Contact Id", "Company", "City",
                "Company City"), CrmVocabulary.empty());
        assertEquals(LeadField.IGNORE, apollo.targets().get(2).field());
        assertEquals(LeadField.CITY, apollo.targets().get(3).field());
    }

    @Test
    void aKnownColumnTheCrmHasACustomFieldForFeedsIt() {
        // Salesforce's Lead Source is not imported, unless the CRM has a field of that name
        ResolvedColumns r = ColumnMapping.defaults().resolve(List.of("Lead Owner", "Company / Account", "Lead Source"),
                vocabulary());
        assertEquals("Salesforce leads report", r.exporter());
        assertEquals("cf_source", r.targets().get(2).customFieldId());
    }

    @Test
    void closesCustomDotColumnsFeedTheFieldOfThatName() {
        ResolvedColumns r = ColumnMapping.defaults().resolve(List.of("display_name", "status_label", "custom.Industry",
                "custom.Budget"), vocabulary());
        assertEquals("cf_industry", r.targets().get(2).customFieldId());
        assertEquals(LeadField.IGNORE, r.targets().get(3).field());
        assertTrue(r.warnings().get(0).contains("'Budget', which the CRM does not have"), r.warnings().toString());
    }

    @Test
    void knownColumnsRaiseNoWarnings() {
        ResolvedColumns r = ColumnMapping.defaults().resolve(
                List.of("Company", "First Name", "Last Name", "Email", "Phone"), vocabulary());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        assertEquals(List.of("Company", "First Name", "Last Name", "Email", "Phone"), r.headers());
        assertEquals(List.of(LeadField.COMPANY, LeadField.FIRST_NAME, LeadField.LAST_NAME, LeadField.EMAIL,
                LeadField.PHONE), r.targets().stream().map(ResolvedColumns.Target::field).toList());
    }

    @Test
    void columnNamedLikeACustomFieldFeedsIt() {
        ResolvedColumns.Target t = only(ColumnMapping.defaults(), "industry");
        assertEquals("cf_industry", t.customFieldId());
        assertNull(t.field());
        assertEquals("cf_source", only(ColumnMapping.defaults(), "LEAD SOURCE").customFieldId());
    }

    @Test
    void unknownColumnIsIgnoredWithAWarningNamingIt() {
        ResolvedColumns r = ColumnMapping.defaults().resolve(List.of("Company", "Favourite Colour"), vocabulary());
        assertEquals(LeadField.IGNORE, r.targets().get(1).field());
        assertNull(r.targets().get(1).customFieldId());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("Favourite Colour"), r.warnings().get(0));
    }

    @Test
    void theColumnsOurRejectsAndResultsFilesAddRaiseNoWarning() {
        ResolvedColumns r = ColumnMapping.defaults().resolve(List.of("Company", "error", "line", "lead_id", "contact_id",
                "action"), vocabulary());
        assertEquals(LeadField.IGNORE, r.targets().get(1).field());
        assertEquals(LeadField.LEAD_ID, r.targets().get(3).field());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void aUsersOwnActionOrLineColumnIsNotPassedOverQuietly() {
        ResolvedColumns r = ColumnMapping.defaults().resolve(List.of("Company", "Action", "Line"), vocabulary());
        assertEquals(List.of("Action", "Line"), r.unknown(), "only with the rest of our results file's columns");
    }

    @Test
    void targetsFollowFileOrder() {
        ResolvedColumns r = ColumnMapping.defaults().resolve(List.of("Email", "Industry", "Company"), vocabulary());
        assertEquals(LeadField.EMAIL, r.targets().get(0).field());
        assertEquals("cf_industry", r.targets().get(1).customFieldId());
        assertEquals(LeadField.COMPANY, r.targets().get(2).field());
    }

    private Path mappingFile(String yaml) throws IOException {
        return Files.writeString(dir.resolve("mapping.yaml"), yaml);
    }

    @Test
    void mappingFileAddsAndOverridesColumns() throws IOException {
        Path file = mappingFile("""
                columns:
                  Firma: company
                  Branche: custom:Industry
                  Notes: ignore
                  Internal ID: IGNORE
                  Handy: mobile_phone
                """);
        ColumnMapping mapping = ColumnMapping.load(file.toString());
        ResolvedColumns r = mapping.resolve(
                List.of("Firma", "Branche", "Notes", "Internal ID", "Handy", "Email"), vocabulary());

        assertEquals(LeadField.COMPANY, r.targets().get(0).field());
        assertEquals("cf_industry", r.targets().get(1).customFieldId());
        assertEquals(LeadField.IGNORE, r.targets().get(2).field(), "Notes is DESCRIPTION by default, overridden");
        assertEquals(LeadField.IGNORE, r.targets().get(3).field());
        assertEquals(LeadField.MOBILE_PHONE, r.targets().get(4).field());
        assertEquals(LeadField.EMAIL, r.targets().get(5).field(), "defaults still apply");
        assertTrue(r.warnings().isEmpty(), "ignored-on-purpose columns raise no warning: " + r.warnings());
    }

    @Test
    void mappingFileHeadersAreNormalisedToo() throws IOException {
        ColumnMapping mapping = ColumnMapping.load(mappingFile("columns:\n  \"Firmen-Name\": company\n").toString());
        assertEquals(LeadField.COMPANY, only(mapping, "firmen name").field());
    }

    @Test
    void mappingToACustomFieldTheCrmLacksWarns() throws IOException {
        ColumnMapping mapping = ColumnMapping.load(mappingFile("columns:\n  Budget: custom:Budget\n").toString());
        ResolvedColumns r = mapping.resolve(List.of("Budget"), vocabulary());
        assertEquals(LeadField.IGNORE, r.targets().get(0).field());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("Budget"), r.warnings().get(0));
    }

    @Test
    void mappingFileNamingAnUnknownFieldIsRefusedClearly() throws IOException {
        Path file = mappingFile("columns:\n  Firma: compnay\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColumnMapping.load(file.toString()));
        assertTrue(e.getMessage().contains("compnay"), e.getMessage());
        assertTrue(e.getMessage().contains("company"), "should list the valid fields: " + e.getMessage());
    }

    @Test
    void mappingFileWithoutColumnsIsRefused() throws IOException {
        Path file = mappingFile("Firma: company\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColumnMapping.load(file.toString()));
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
    }

    @Test
    void blankMappingFileSettingMeansDefaults() {
        assertEquals(LeadField.COMPANY, only(ColumnMapping.load(" "), "Company Name").field());
        assertEquals(LeadField.COMPANY, only(ColumnMapping.load(null), "Company Name").field());
    }
}
