package org.leadroutes.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadroutes.crm.CrmVocabulary;
import org.leadroutes.mapping.RowMapper.RejectedRowException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowMapperTest {

    private static final List<String> HEADERS = List.of(
            "Company", "First Name", "Last Name", "Title", "Email", "Phone", "Mobile", "Website", "Status",
            "Notes", "Street", "City", "Zip", "Country", "Industry", "Internal");

    private static RowMapper mapper(String region, boolean groupByCompany) {
        CrmVocabulary vocabulary = ColumnMappingTest.vocabulary();
        ResolvedColumns columns = ColumnMapping.defaults().resolve(HEADERS, vocabulary);
        return new RowMapper(columns, vocabulary, region, groupByCompany);
    }

    private static RowMapper mapper() {
        return mapper("US", true);
    }

    /** A row with the given header → value cells, every other cell empty. */
    private static List<String> row(String... headerValue) {
        String[] cells = new String[HEADERS.size()];
        Arrays.fill(cells, "");
        for (int i = 0; i < headerValue.length; i += 2) {
            int at = HEADERS.indexOf(headerValue[i]);
            if (at < 0) {
                throw new IllegalArgumentException(headerValue[i]);
            }
            cells[at] = headerValue[i + 1];
        }
        return List.of(cells);
    }

    private static MappedRow map(RowMapper mapper, String... headerValue) {
        return mapper.map(1, row(headerValue));
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
            "'(415) 555-2671', US, +14155552671",
            "415.555.2671,     US, +14155552671",
            "'030 1234567',    DE, +49301234567",
            "'+44 20 7946 0958', US, +442079460958",
            "'+44 20 7946 0958', DE, +442079460958",
            "'+1 415 555 2671',  DE, +14155552671"})
    void phoneBecomesE164(String raw, String region, String e164) {
        MappedRow r = map(mapper(region, true), "Company", "Acme", "Phone", raw);
        assertEquals(List.of(new MappedRow.Phone(e164, "office")), r.contact().phones());
    }

    @Test
    void regionIsCaseAndSpaceInsensitiveAndDefaultsToUs() {
        assertEquals("+49301234567", map(mapper(" de ", true), "Company", "A", "Phone", "030 1234567")
                .contact().phones().get(0).phone());
        assertEquals("+14155552671", map(mapper(null, true), "Company", "A", "Phone", "(415) 555-2671")
                .contact().phones().get(0).phone());
    }

    @Test
    void mobileAndOfficePhonesKeepTheirTypeAndDuplicatesCollapse() {
        MappedRow r = map(mapper(), "Company", "Acme", "Phone", "415-555-2671", "Mobile", "(415) 555 2672");
        assertEquals(List.of(new MappedRow.Phone("+14155552671", "office"), new MappedRow.Phone("+14155552672", "mobile")),
                r.contact().phones());
        MappedRow same = map(mapper(), "Company", "Acme", "Phone", "415-555-2671", "Mobile", "+1 415 555 2671");
        assertEquals(1, same.contact().phones().size());
    }

    @Test
    void unparseablePhoneIsRejectedNamingTheValue() {
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> map(mapper(), "Company", "Acme", "Phone", "call me maybe"));
        assertTrue(e.getMessage().contains("call me maybe"), e.getMessage());
    }

    @Test
    void impossiblePhoneIsRejectedNamingTheValue() {
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> map(mapper(), "Company", "Acme", "Phone", "123"));
        assertTrue(e.getMessage().contains("'123'"), e.getMessage());
    }

    @Test
    void phonesAreReadInTheRowsCountry() {
        RowMapper gb = mapper("GB", true);
        assertEquals("+16175550143", map(gb, "Company", "A", "Phone", "(617) 555-0143", "Country", "United States")
                .contact().phones().get(0).phone(), "a US row in a GB app");
        assertEquals("+442079460958", map(mapper(), "Company", "A", "Phone", "020 7946 0958", "Country", "United Kingdom")
                .contact().phones().get(0).phone(), "a UK row in a US app");
        assertEquals("+49301234567", map(mapper(), "Company", "A", "Phone", "030 1234567", "Country", "Deutschland")
                .contact().phones().get(0).phone());
        assertEquals("+442079460958", map(mapper(), "Company", "A", "Phone", "+44 20 7946 0958", "Country", "USA")
                .contact().phones().get(0).phone(), "a number with its country code keeps it, whatever the row's country");
    }

    @Test
    void aNumberThatDoesNotFitItsCountryIsRejectedNamingBoth() {
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> map(mapper(), "Company", "A", "Phone", "(617) 555-0143", "Country", "UK"));
        assertEquals("phone '(617) 555-0143' is not a valid number for GB (the row's country 'UK')", e.getMessage());
        RejectedRowException byDefault = assertThrows(RejectedRowException.class,
                () -> map(mapper("GB", true), "Company", "A", "Phone", "(617) 555-0143"));
        assertTrue(byDefault.getMessage().contains("GB (leads.import.default-region; the row names no country)"),
                byDefault.getMessage());
    }

    @Test
    void countriesBecomeIsoCodes() {
        for (String[] c : new String[][] {{"USA", "US"}, {"United States", "US"}, {"Deutschland", "DE"}, {"great britain", "GB"},
                {"England", "GB"}, {"de", "DE"}, {"FRA", "FR"}, {"the Netherlands", "NL"}, {"Österreich", "AT"}}) {
            assertEquals(c[1], map(mapper(), "Company", "A", "Country", c[0]).address().country(), c[0]);
        }
        assertNull(map(mapper(), "Company", "A", "Country", "n/a").address(), "a placeholder names no country");
        assertEquals("+442079460958", map(mapper(), "Company", "A", "Phone", "020 7946 0958", "Country", "44")
                .contact().phones().get(0).phone(), "a calling code in the country column");
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> map(mapper(), "Company", "A", "Country", "Atlantis"));
        assertTrue(e.getMessage().startsWith("unknown country 'Atlantis'"), e.getMessage());
    }

    @Test
    void invalidEmailIsRejected() {
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> map(mapper(), "Company", "Acme", "Email", "john@"));
        assertTrue(e.getMessage().contains("john@"), e.getMessage());
        assertThrows(RejectedRowException.class, () -> map(mapper(), "Company", "Acme", "Email", "john at acme.com"));
    }

    @Test
    void emailIsTrimmedAndLowerCased() {
        MappedRow r = map(mapper(), "Company", "Acme", "Email", "  John.Doe@Example.COM ");
        assertEquals(List.of("john.doe@example.com"), r.contact().emails());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "acme.com,                 https://acme.com",
            "www.acme.com/about,       https://www.acme.com/about",
            "http://acme.com,          http://acme.com",
            "https://acme.com/x,       https://acme.com/x",
            "HTTPS://ACME.COM,         HTTPS://ACME.COM",
            "acme.com/?next=http://x,  https://acme.com/?next=http://x"})
    void urlGetsHttpsUnlessItHasAScheme(String raw, String expected) {
        assertEquals(expected, map(mapper(), "Company", "Acme", "Website", raw).url());
    }

    @Test
    void statusResolvesToItsId() {
        assertEquals("stat_qualified", map(mapper(), "Company", "Acme", "Status", "qualified").statusId());
        assertNull(map(mapper(), "Company", "Acme").statusId());
    }

    @Test
    void unknownStatusIsRejectedListingTheKnownLabels() {
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> map(mapper(), "Company", "Acme", "Status", "Hot"));
        assertTrue(e.getMessage().contains("Hot"), e.getMessage());
        assertTrue(e.getMessage().contains("Potential") && e.getMessage().contains("Qualified"), e.getMessage());
    }

    @Test
    void rowWithoutCompanyIsALeadNamedAfterItsContact() {
        MappedRow r = mapper().map(7, row("First Name", "Jane", "Last Name", "Doe", "Email", "jane@doe.com"));
        assertEquals("Jane Doe", r.leadName());
        assertEquals("Jane Doe", r.contact().name());
        assertEquals("row:7", r.groupKey());
        assertEquals(7, r.row());
    }

    @Test
    void firstOrLastNameAloneIsTheContactName() {
        assertEquals("Jane", map(mapper(), "First Name", "Jane").contact().name());
        assertEquals("Doe", map(mapper(), "Last Name", "Doe").contact().name());
    }

    @Test
    void rowWithOnlyAnEmailIsNamedAfterIt() {
        assertEquals("jane@doe.com", map(mapper(), "Email", "Jane@Doe.com").leadName());
    }

    @Test
    void companyNamesTheLeadAndGroupsItsRows() {
        MappedRow a = mapper().map(1, row("Company", "ACME  Corp ", "First Name", "Jane"));
        MappedRow b = mapper().map(2, row("Company", "acme corp", "First Name", "John"));
        MappedRow c = mapper().map(3, row("Company", "Acme Corporation"));
        assertEquals("ACME  Corp", a.leadName(), "the lead keeps the company as written (trimmed)");
        assertEquals(a.groupKey(), b.groupKey());
        assertTrue(a.groupKey().endsWith("acme corp"), a.groupKey());
        assertNotEquals(a.groupKey(), c.groupKey());
        assertEquals("Jane", a.contact().name());
    }

    @Test
    void companyKeyIsTrimmedCollapsedAndLowerCased() {
        assertEquals("acme corp", RowMapper.companyKey("  ACME \t Corp "));
        assertEquals(RowMapper.companyKey("ACME  Corp "), RowMapper.companyKey("acme corp"));
    }

    @Test
    void withoutGroupingEveryRowIsItsOwnLead() {
        RowMapper m = mapper("US", false);
        assertEquals("row:1", m.map(1, row("Company", "Acme")).groupKey());
        assertEquals("row:2", m.map(2, row("Company", "Acme")).groupKey());
    }

    @Test
    void rowWithNothingToImportIsRejected() {
        assertThrows(RejectedRowException.class, () -> map(mapper(), "Website", "acme.com", "Notes", "hello"));
        assertThrows(RejectedRowException.class, () -> map(mapper()));
    }

    @Test
    void nonBreakingAndZeroWidthSpacesAreTrimmed() {
        MappedRow r = map(mapper(), "Company", "\u00A0Acme\u00A0Corp\u00A0", "First Name", "\u200BJane\uFEFF",
                "Email", "\u00A0jane@acme.com\u00A0");
        assertEquals("Acme Corp", r.leadName());
        assertEquals("Jane", r.contact().name());
        assertEquals(List.of("jane@acme.com"), r.contact().emails());
    }

    @Test
    void cellOfOnlyNonBreakingSpacesIsEmpty() {
        MappedRow r = mapper().map(4, row("Company", "\u00A0 \u00A0", "First Name", "Jane"));
        assertEquals("Jane", r.leadName());
        assertEquals("row:4", r.groupKey());
    }

    @Test
    void leadFieldsAddressAndCustomFieldsAreCarried() {
        MappedRow r = map(mapper(), "Company", "Acme", "Title", "CEO", "First Name", "Jane", "Notes", "met at expo",
                "Street", "1 Main St", "City", "Springfield", "Zip", "12345", "Country", "US",
                "Industry", "Widgets", "Internal", "x-1");
        assertEquals("met at expo", r.description());
        assertEquals("CEO", r.contact().title());
        assertEquals(new MappedRow.Address("1 Main St", null, "Springfield", null, "12345", "US"), r.address());
        assertEquals(Map.of("custom.cf_industry", "Widgets"), r.custom());
        assertNull(map(mapper(), "Company", "Acme").address());
        assertNull(map(mapper(), "Company", "Acme").contact(), "no name, email or phone: no contact");
    }

    @Test
    void originalCellsAreKeptForTheRejectsFile() {
        List<String> cells = row("Company", " Acme ", "Email", "A@B.COM");
        assertEquals(cells, mapper().map(1, cells).original());
    }

    @Test
    void shortRowsAreMappedWithTheCellsTheyHave() {
        MappedRow r = mapper().map(1, List.of("Acme", "Jane"));
        assertEquals("Acme", r.leadName());
        assertEquals("Jane", r.contact().name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, value = {
            "'=Formula Co|=Formula Co",
            "'+1 call back|+1 call back",
            "'- note|- note",
            "'@handle|@handle",
            "'quoted|'quoted",
            "'|'",
            "  '=x  |=x"})
    void formulaEscapingOfAnExportIsUndone(String cell, String expected) {
        assertEquals(expected, RowMapper.clean(cell));
    }
}
