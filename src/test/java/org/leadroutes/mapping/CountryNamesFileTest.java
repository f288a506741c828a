package org.leadroutes.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped country-name table against the JDK it runs on. */
class CountryNamesFileTest {

    @Test
    void everyCodeItsAlpha3AndItsEnglishNameAreInTheTable() throws IOException {
        Map<String, String> shipped = shipped();
        for (String code : Locale.getISOCountries()) {
            assertEquals(code, shipped.get(Countries.key(code)));
            assertEquals(code, shipped.get(Countries.key(new Locale("", code).getISO3Country())));
            assertEquals(code, shipped.get(Countries.key(CountryNamesFile.english(code))), CountryNamesFile.english(code));
        }
    }

    @Test
    void onThisJdkTheTableIsWhatTheGeneratorWrites() throws IOException {
        Map<String, String> fromJdk = CountryNamesFile.fromJdk();
        Map<String, String> shipped = shipped();
        long differing = fromJdk.entrySet().stream().filter(entry -> !entry.getValue().equals(shipped.get(entry.getKey()))).count();
        // another JDK's CLDR names a few countries otherwise: then regenerate (see CountryNamesFile)
        assertTrue(differing <= fromJdk.size() / 100, differing + " of " + fromJdk.size() + " names differ from this JDK's: regenerate the table");
    }

    private static Map<String, String> shipped() throws IOException {
        Map<String, String> table = new HashMap<>();
        try (InputStream in = Countries.class.getResourceAsStream(Countries.NAMES)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(line -> {
                int tab = line.indexOf('\t');
                table.put(line.substring(0, tab), line.substring(tab + 1));
            });
        }
        return table;
    }
}
