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
    void aFormulaEscapeIsUndoneOnceWhereTheCellIsReadNotAgainWhenMapped() {
        // a CRM value that begins with '= is exported as ''=; read back it is '= again, not =
        String read = SpreadsheetCells.unescape("''=1+2");
        assertEquals("'=1+2", read);
        assertEquals("'=1+2", RowMapper.clean(read));
        assertEquals("'-12", RowMapper.clean("'-12"), "a quote a person typed stays");
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

    /** The one value left out of the row, asserted by its column, value and reason. */
    private static DroppedValue onlyDropped(MappedRow r, String column, String value, DroppedValue.Reason reason) {
        assertEquals(1, r.dropped().size(), r.dropped().toString());
        DroppedValue d = r.dropped().get(0);
        assertEquals(column, d.column());
        assertEquals(value, d.value());
        assertEquals(reason, d.reason());
        return d;
    }

    @Test
    void unparseablePhoneIsLeftOutNamingTheValueAndTheRowGoesOn() {
        MappedRow r = map(mapper(), "Company", "Acme", "First Name", "Jane", "Phone", "call me maybe");
        onlyDropped(r, "Phone", "call me maybe", DroppedValue.Reason.INVALID_PHONE);
        assertEquals("Acme", r.leadName());
        assertEquals(List.of(), r.contact().phones());
        assertTrue(r.dropped().get(0).warning().startsWith("Phone 'call me maybe': not a valid phone number in US"),
                r.dropped().get(0).warning());
    }

    @Test
    void impossiblePhoneIsLeftOutNamingTheValue() {
        MappedRow r = map(mapper(), "Company", "Acme", "Phone", "123", "Mobile", "415-555-2671");
        onlyDropped(r, "Phone", "123", DroppedValue.Reason.INVALID_PHONE);
        assertEquals(List.of(new MappedRow.Phone("+14155552671", "mobile")), r.contact().phones(), "the good one is kept");
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
    void aNumberThatDoesNotFitItsCountryIsReadInTheDefaultRegion() {
        // a Faker-style HubSpot contact: a random country, a US phone
        MappedRow r = map(mapper(), "Company", "A", "Phone", "416-810-9897", "Country", "Ghana");
        assertEquals("+14168109897", r.contact().phones().get(0).phone());
        assertEquals(List.of(), r.dropped());
        assertEquals("GH", r.address().country(), "the country stays the row's");
    }

    @Test
    void aNumberValidNowhereIsLeftOutNamingEachRegionTried() {
        MappedRow r = map(mapper("GB", true), "Company", "A", "First Name", "Jo", "Phone", "(617) 555-0143", "Country", "Ghana");
        DroppedValue d = onlyDropped(r, "Phone", "(617) 555-0143", DroppedValue.Reason.INVALID_PHONE);
        assertEquals("not a valid phone number in GH (the row's country 'Ghana') nor in GB (leads.import.default-region):"
                + " left out", d.detail());
    }

    @ParameterizedTest(name = "{0} -> {1} + x{2}")
    @CsvSource({
            "831.605.2433x72946,     +18316052433, 72946",
            "+1-781-948-6348x4026,   +17819486348, 4026",
            "416-810-9897x752,       +14168109897, 752"})
    void anExtensionIsLeftOutAndTheNumberKept(String raw, String e164, String extension) {
        MappedRow r = map(mapper(), "Company", "Cruz Inc", "Phone", raw);
        assertEquals(e164, r.contact().phones().get(0).phone());
        onlyDropped(r, "Phone", "x" + extension, DroppedValue.Reason.PHONE_EXTENSION);
    }

    @Test
    void aNumberWrittenWithTheInternationalPrefix00IsRead() {
        MappedRow r = map(mapper(), "Company", "A", "Phone", "001-308-928-7399x427");
        assertEquals("+13089287399", r.contact().phones().get(0).phone());
    }

    @Test
    void anUnknownCountryIsLeftOutTheAddressKeptAndPhonesReadInTheDefaultRegion() {
        MappedRow r = map(mapper(), "Company", "A", "City", "Charlotte Amalie", "Phone", "(415) 555-2671",
                "Country", "Netherlands Antilles");
        onlyDropped(r, "Country", "Netherlands Antilles", DroppedValue.Reason.UNKNOWN_COUNTRY);
        assertEquals(new MappedRow.Address(null, null, "Charlotte Amalie", null, null, null), r.address());
        assertEquals("+14155552671", r.contact().phones().get(0).phone());
    }

    @Test
    void countriesBecomeIsoCodes() {
        for (String[] c : new String[][] {{"USA", "US"}, {"United States", "US"}, {"Deutschland", "DE"}, {"great britain", "GB"},
                {"England", "GB"}, {"de", "DE"}, {"FRA", "FR"}, {"the Netherlands", "NL"}, {"Österreich", "AT"},
                // Faker's older UN-style names
                {"Svalbard & Jan Mayen Islands", "SJ"}, {"Bouvet Island (Bouvetoya)", "BV"}, {"Libyan Arab Jamahiriya", "LY"},
                {"Palestinian Territory", "PS"}, {"United States Virgin Islands", "VI"}, {"Antigua and Barbuda", "AG"},
                {"Slovakia (Slovak Republic)", "SK"}, {"Holy See (Vatican City State)", "VA"}}) {
            assertEquals(c[1], map(mapper(), "Company", "A", "Country", c[0]).address().country(), c[0]);
        }
        assertNull(map(mapper(), "Company", "A", "Country", "n/a").address(), "a placeholder names no country");
        assertEquals("+442079460958", map(mapper(), "Company", "A", "Phone", "020 7946 0958", "Country", "44")
                .contact().phones().get(0).phone(), "a calling code in the country column");
        assertNull(map(mapper(), "Company", "A", "Country", "Atlantis").address(), "an unknown country alone: no address");
    }

    @Test
    void invalidEmailIsLeftOutAndThePersonKept() {
        MappedRow r = map(mapper(), "Company", "Acme", "First Name", "Ben", "Email", "b.levy@expressl&t.net");
        onlyDropped(r, "Email", "b.levy@expressl&t.net", DroppedValue.Reason.INVALID_EMAIL);
        assertEquals("Ben", r.contact().name());
        assertEquals(List.of(), r.contact().emails());
        MappedRow onlyEmail = map(mapper(), "Email", "john at acme.com", "Phone", "415-555-2671");
        assertEquals("+14155552671", onlyEmail.leadName(), "named after the phone it still has");
    }

    @Test
    void aRowLeftWithNothingUsableIsRejectedNamingWhatWasLeftOut() {
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> map(mapper(), "Email", "john@", "Phone", "123"));
        assertTrue(e.getMessage().contains("no usable email or phone") && e.getMessage().contains("Email 'john@'")
                && e.getMessage().contains("Phone '123'"), e.getMessage());
    }

    @Test
    void aCellListingSeveralEmailsGivesEachOne() {
        MappedRow r = map(mapper(), "Company", "Acme", "Email", "ann@acme.example.com; Ann.B@acme.example.com");
        assertEquals(List.of("ann@acme.example.com", "ann.b@acme.example.com"), r.contact().emails());
        assertEquals(List.of(), r.dropped());
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
    void unknownStatusIsLeftOutForTheCrmsDefault() {
        MappedRow r = map(mapper(), "Company", "Acme", "Status", "Won");
        assertNull(r.statusId());
        DroppedValue d = onlyDropped(r, "Status", "Won", DroppedValue.Reason.UNKNOWN_STATUS);
        assertTrue(d.detail().contains("Potential, Qualified") && d.detail().contains("default status"), d.detail());
    }

    @Test
    void unknownStatusIsRejectedListingTheKnownLabelsWhenSoSet() {
        CrmVocabulary vocabulary = ColumnMappingTest.vocabulary();
        RowMapper rejecting = new RowMapper(ColumnMapping.defaults().resolve(HEADERS, vocabulary), vocabulary, "US", true, true);
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> map(rejecting, "Company", "Acme", "Status", "Hot"));
        assertTrue(e.getMessage().contains("Hot"), e.getMessage());
        assertTrue(e.getMessage().contains("Potential") && e.getMessage().contains("Qualified"), e.getMessage());
    }

    /** An exporter's status labels map by the same rule as a plain file's: case, spaces and punctuation ignored. */
    @Test
    void aHubSpotLeadStatusMapsAsAPlainStatusDoesAndAnUnknownLabelGoesToTheDefaultWithAWarning() {
        CrmVocabulary vocabulary = ColumnMappingTest.vocabulary();
        List<String> headers = List.of("Record ID", "Contact owner", "Associated Company", "Lead Status", "Lifecycle Stage");
        ResolvedColumns columns = ColumnMapping.defaults().resolve(headers, vocabulary);
        RowMapper hubSpot = new RowMapper(columns, vocabulary, "US", true);

        assertEquals("stat_qualified", hubSpot.map(2, List.of("1", "Dana", "Acme", "Qualified", "customer")).statusId());
        assertEquals("stat_qualified", hubSpot.map(3, List.of("2", "Dana", "Acme", " QUALIFIED ", "lead")).statusId());
        assertEquals("stat_potential", hubSpot.map(4, List.of("3", "Dana", "Acme", "potential", "")).statusId());
        assertEquals(map(mapper(), "Company", "Acme", "Status", "qualified").statusId(),
                hubSpot.map(5, List.of("4", "Dana", "Acme", "qualified", "")).statusId(), "the plain file's rule");

        MappedRow unknown = hubSpot.map(6, List.of("5", "Dana", "Acme", "IN_PROGRESS", "customer"));
        assertNull(unknown.statusId(), "the CRM's default status");
        assertEquals(List.of(DroppedValue.Reason.UNKNOWN_STATUS), unknown.dropped().stream().map(DroppedValue::reason).toList());
        assertEquals("Lead Status", unknown.dropped().get(0).column());

        RowMapper rejecting = new RowMapper(columns, vocabulary, "US", true, true);
        RejectedRowException e = assertThrows(RejectedRowException.class,
                () -> rejecting.map(7, List.of("6", "Dana", "Acme", "IN_PROGRESS", "")));
        assertTrue(e.getMessage().contains("IN_PROGRESS") && e.getMessage().contains("leads.import.unknown-status=reject"),
                e.getMessage());
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
        MappedRow r = mapper().map(4, row("Company", "\u00A0 \u00A0", "First Name", "Jane", "Email", "jane@doe.com"));
        assertEquals("Jane", r.leadName());
        assertEquals("row:4", r.groupKey());
    }

    @Test
    void rowsWithOnlyTheSamePersonsNameAreOneGroup() {
        MappedRow a = mapper().map(2, row("First Name", "Jane", "Last Name", "Doe", "Title", "CEO"));
        MappedRow b = mapper().map(9, row("First Name", " JANE ", "Last Name", "doe"));
        MappedRow other = mapper().map(10, row("First Name", "Jane", "Last Name", "Roe"));
        MappedRow reachable = mapper().map(11, row("First Name", "Jane", "Last Name", "Doe", "Email", "jane@doe.com"));
        assertEquals("Jane Doe", a.leadName());
        assertEquals(a.groupKey(), b.groupKey(), "nothing tells them apart");
        assertNotEquals(a.groupKey(), other.groupKey());
        assertEquals("row:11", reachable.groupKey(), "an email tells people of one name apart: a row of its own");
        assertEquals("row:3", mapper("US", false).map(3, row("First Name", "Jane", "Last Name", "Doe")).groupKey());
        assertNotEquals(a.groupKey(), mapper().map(4, row("Company", "Jane Doe")).groupKey(), "a company is not a person");
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
            "'|'"})
    void formulaEscapingOfAnExportIsUndone(String cell, String expected) {
        // undone where the cell is read (Drop.records), then cleaned for mapping
        assertEquals(expected, RowMapper.clean(SpreadsheetCells.unescape(cell)));
    }
}
