package org.leadroutes.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes {@code country-names.tsv}, the table {@link Countries} reads, from the running JDK's locale data: every
 * ISO 3166-1 code, its alpha-3 code, its English name (and the English name before a qualifier: "Hong Kong SAR
 * China", "Myanmar (Burma)"), then its name in each language the JDK knows, the first spelling of a key winning.
 * Run it again after a JDK upgrade brings new CLDR names:
 * {@code java -cp target/classes:target/test-classes org.leadroutes.mapping.CountryNamesFile src/main/resources/org/leadroutes/mapping/country-names.tsv}.
 */
public final class CountryNamesFile {

    private CountryNamesFile() {
    }

    public static void main(String[] args) throws IOException {
        String lines = fromJdk().entrySet().stream().map(entry -> entry.getKey() + "\t" + entry.getValue() + "\n")
                .collect(Collectors.joining());
        Files.writeString(Path.of(args[0]), lines, StandardCharsets.UTF_8);
    }

    /** Name key to alpha-2 code, from the JDK. */
    static Map<String, String> fromJdk() {
        Map<String, String> codes = new java.util.HashMap<>();
        Set<String> languages = new TreeSet<>();
        for (Locale locale : Locale.getAvailableLocales()) {
            languages.add(locale.getLanguage());
        }
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            codes.put(Countries.key(code), code);
            codes.put(Countries.key(country.getISO3Country()), code);
            codes.putIfAbsent(Countries.key(english(code)), code);
            codes.putIfAbsent(Countries.key(beforeQualifier(english(code))), code);
        }
        for (String language : languages) {
            if (language.isEmpty()) {
                continue;
            }
            Locale inLanguage = new Locale(language);
            for (String code : Locale.getISOCountries()) {
                String name = new Locale("", code).getDisplayCountry(inLanguage);
                if (!name.isBlank() && !name.equals(code)) {
                    codes.putIfAbsent(Countries.key(name), code);
                }
            }
        }
        return new TreeMap<>(codes);
    }

    /** The country's English name. */
    static String english(String code) {
        return new Locale("", code).getDisplayCountry(Locale.ENGLISH);
    }

    /** "Hong Kong SAR China" is Hong Kong, "Myanmar (Burma)" Myanmar. */
    static String beforeQualifier(String name) {
        return name.replaceAll("\\s*\\(.*\\)|\\s+SAR China$", "");
    }
}
