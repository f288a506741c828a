package org.leadroutes.mapping;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadroutes.crm.CrmVocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Custom field values by the field's type: a value the field cannot take is left out, the row goes on. */
class CustomValuesTest {

    private static final List<String> HEADERS = List.of("Company", "Industry", "Employees", "Signed", "Channels");

    private static RowMapper mapper() {
        CrmVocabulary vocabulary = CrmVocabulary.of(Map.of("data", List.of()), Map.of("data", List.of(
                Map.of("id", "cf_industry", "name", "Industry", "type", "choices",
                        "choices", List.of("Agriculture", "Electronics", "Énergie", "Non-profit")),
                Map.of("id", "cf_employees", "name", "Employees", "type", "number"),
                Map.of("id", "cf_signed", "name", "Signed", "type", "date"),
                Map.of("id", "cf_channels", "name", "Channels", "type", "choices", "accepts_multiple_values", true,
                        "choices", List.of("Web", "Trade Show", "Phone")))));
        return new RowMapper(ColumnMapping.defaults().resolve(HEADERS, vocabulary), vocabulary, "US", true);
    }

    private static MappedRow map(String industry, String employees, String signed, String channels) {
        return mapper().map(2, List.of("Acme", industry, employees, signed, channels));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"electronics, Electronics", "'  AGRICULTURE ', Agriculture", "energie, Énergie", "non profit, Non-profit",
            "NonProfit, Non-profit"})
    void aChoiceIsMatchedIgnoringCaseSpacingAndAccents(String cell, String option) {
        assertEquals(option, map(cell, "", "", "").custom().get("custom.cf_industry"));
    }

    @Test
    void aValueNotAmongTheOptionsIsLeftOutNamingThem() {
        MappedRow r = map("Technology", "", "", "");
        assertEquals(Map.of(), r.custom());
        assertEquals(1, r.dropped().size());
        DroppedValue d = r.dropped().get(0);
        assertEquals(DroppedValue.Reason.NOT_A_CHOICE, d.reason());
        assertEquals("Industry 'Technology': not one of the options of the CRM's field 'Industry' (Agriculture,"
                + " Electronics, Énergie, Non-profit): left out", d.warning());
        assertEquals("Acme", r.leadName(), "the row goes on");
    }

    @Test
    void aFieldOfSeveralValuesTakesAList() {
        assertEquals(List.of("Web", "Trade Show"), map("", "", "", "web; trade show").custom().get("custom.cf_channels"));
        assertEquals(DroppedValue.Reason.NOT_A_CHOICE, map("", "", "", "Web, Fax").dropped().get(0).reason());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1000, 1000", "'1,000', 1000", "'$ 1,234.50', 1234.50", "-3.5, -3.5", "'9 395', 9395"})
    void aNumberIsRead(String cell, String number) {
        assertEquals(number, map("", cell, "", "").custom().get("custom.cf_employees"));
    }

    @Test
    void aNumberThatDoesNotParseIsLeftOut() {
        MappedRow r = map("", "about 40", "", "");
        assertEquals(DroppedValue.Reason.NOT_A_NUMBER, r.dropped().get(0).reason());
        assertTrue(r.custom().isEmpty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2024-07-11, 2024-07-11", "2024-07-11T21:22:06.000+0000, 2024-07-11", "2024-07-11T21:22:06Z, 2024-07-11",
            "02/24/26 02:18 AM, 2026-02-24", "1/29/1933, 1933-01-29", "24/02/2026, 2026-02-24", "24.02.2026, 2026-02-24",
            "'Feb 24, 2026', 2026-02-24"})
    void aDateIsReadAsIso(String cell, String date) {
        assertEquals(date, map("", "", cell, "").custom().get("custom.cf_signed"));
    }

    @Test
    void aDateThatDoesNotParseIsLeftOut() {
        MappedRow r = map("", "", "next tuesday", "");
        assertEquals(DroppedValue.Reason.NOT_A_DATE, r.dropped().get(0).reason());
        assertEquals("Signed", r.dropped().get(0).column());
    }
}
