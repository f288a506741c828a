package org.leadroutes.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Country cells as people and exporters write them, to ISO 3166-1 alpha-2. */
class CountriesTest {

    @ParameterizedTest
    @CsvSource({
            "US, US", "us, US", "USA, US", "U.S.A., US", "United States, US", "United States of America, US", "America, US",
            "UK, GB", "United Kingdom, GB", "Great Britain, GB", "England, GB", "Scotland, GB", "GBR, GB",
            "Germany, DE", "Deutschland, DE", "Allemagne, DE", "Alemania, DE", "DEU, DE",
            "France, FR", "España, ES", "Espana, ES", "Spain, ES", "Schweiz, CH", "Suisse, CH", "Switzerland, CH",
            "Holland, NL", "Netherlands, NL", "The Netherlands, NL", "Nederland, NL",
            "Czech Republic, CZ", "Czechia, CZ", "South Korea, KR", "Korea, KR", "Hong Kong, HK", "Ivory Coast, CI",
            "Côte d'Ivoire, CI", "Russia, RU", "Türkiye, TR", "Turkey, TR", "UAE, AE", "Japan, JP", "日本, JP",
            "Brasil, BR", "Brazil, BR", "Italia, IT", "Österreich, AT", "Polska, PL", "Sverige, SE", "Danmark, DK",
            "Norge, NO", "Suomi, FI", "México, MX", "Ireland, IE", "Eire, IE", "India, IN", "China, CN",
            "Kosovo, XK", "Bosnia, BA", "PRC, CN", "Antigua, AG", "44, GB", "+49, DE", "1, US"})
    void aCountryCellIsItsCode(String cell, String code) {
        assertEquals(code, Countries.code(cell));
    }

    @Test
    void whatIsNoCountryIsNull() {
        assertNull(Countries.code(null));
        assertNull(Countries.code(" "));
        assertNull(Countries.code("Atlantis"));
        assertNull(Countries.code("XX"));
        assertNull(Countries.code("999"), "no country has calling code 999");
        for (String none : new String[] {"-", "N/A", "n.a.", "unknown", " "}) {
            assertTrue(Countries.placeholder(none), none);
        }
    }
}
