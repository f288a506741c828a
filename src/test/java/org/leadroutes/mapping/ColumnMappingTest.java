package org.leadroutes.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnMappingTest {

    @TempDir
    Path dir;

    static CrmVocabulary vocabulary() {
        return CrmVocabulary.of(
                Map.of("data", List.of(
                        Map.of("id", "stat_potential", "label", "Potential"),
                        Map.of("id", "stat_qualified", "label", "Qualified"))),
                Map.of("data", List.of(
                        Map.of("id", "cf_industry", "name", "Industry"),
                        Map.of("id", "cf_source", "name", "Lead Source"))));
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
    void noSpellingBelongsToTwoFields() {
        Map<String, LeadField> seen = new HashMap<>();
        for (LeadField f : LeadField.values()) {
            for (String s : f.spellings()) {
                LeadField other = seen.put(ColumnMapping.normalise(s), f);
                assertTrue(other == null || other == f, "'" + s + "' is a spelling of both " + other + " and " + f);
            }
        }
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
    void errorColumnOfARejectsFileRaisesNoWarning() {
        ResolvedColumns r = ColumnMapping.defaults().resolve(List.of("Company", "error"), vocabulary());
        assertEquals(LeadField.IGNORE, r.targets().get(1).field());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
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
