package org.leadroutes.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A country cell as its ISO 3166-1 alpha-2 code: the code itself, the alpha-3 code, the country's name in
 * English and in every language the JDK's locale data has (so {@code Deutschland}, {@code Allemagne},
 * {@code España}), and the spellings of {@code country-aliases.txt} (USA, UK, England, Holland, ...).
 */
public final class Countries {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Map<String, String> CODES = load();

    private Countries() {
    }

    /** The ISO 3166-1 alpha-2 code the cell names, or null for a country not known by that spelling. */
    public static String code(String cell) {
        if (cell == null || cell.isBlank()) {
            return null;
        }
        String digits = cell.strip().replaceFirst("^\\+", "");
        if (digits.matches("\\d{1,3}")) { // a country calling code, as a "Country Code" column may hold: 44 is GB
            String region = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance()
                    .getRegionCodeForCountryCode(Integer.parseInt(digits));
            return "ZZ".equals(region) ? null : region;
        }
        String code = CODES.get(key(cell));
        if (code == null && cell.contains("(")) { // "Bouvet Island (Bouvetoya)", "Slovakia (Slovak Republic)"
            code = CODES.get(key(cell.replaceAll("\\s*\\(.*?\\)", " ")));
        }
        return code;
    }

    /** A cell that says there is no country: empty, a dash, n/a, none, unknown. */
    public static boolean placeholder(String cell) {
        return cell == null || PLACEHOLDERS.contains(key(cell));
    }

    private static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("", "na", "n a", "none", "unknown",
            "not known", "not specified", "unspecified", "null", "tbd", "various", "other", "keine angabe", "unbekannt");

    /** Case, accents, punctuation and a leading "the" ignored, & read as and: "the Netherlands" and "NETHERLANDS" are one. */
    static String key(String name) {
        String plain = MARKS.matcher(Normalizer.normalize(name.replace("&", " and "), Normalizer.Form.NFD)).replaceAll("");
        String words = NOT_WORD.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return words.startsWith("the ") ? words.substring(4) : words;
    }

    private static Map<String, String> load() {
        Map<String, String> codes = new HashMap<>();
        java.util.Set<String> languages = new java.util.TreeSet<>();
        for (Locale locale : Locale.getAvailableLocales()) {
            languages.add(locale.getLanguage());
        }
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            codes.put(key(code), code);
            codes.put(key(country.getISO3Country()), code);
            codes.putIfAbsent(key(country.getDisplayCountry(Locale.ENGLISH)), code);
            // "Hong Kong SAR China", "Myanmar (Burma)", "Congo - Kinshasa": each part before a qualifier too
            String english = country.getDisplayCountry(Locale.ENGLISH);
            codes.putIfAbsent(key(english.replaceAll("\\s*\\(.*\\)|\\s+SAR China$", "")), code);
        }
        for (String language : languages) {
            if (language.isEmpty()) {
                continue;
            }
            Locale inLanguage = new Locale(language);
            for (String code : Locale.getISOCountries()) {
                String name = new Locale("", code).getDisplayCountry(inLanguage);
                if (!name.isBlank() && !name.equals(code)) {
                    codes.putIfAbsent(key(name), code);
                }
            }
        }
        try (InputStream in = Countries.class.getResourceAsStream("/org/leadroutes/mapping/country-aliases.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource country-aliases.txt");
            }
            new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
                    .forEach(line -> codes.put(key(line.substring(0, line.lastIndexOf('='))),
                            line.substring(line.lastIndexOf('=') + 1).strip().toUpperCase(Locale.ROOT)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(codes);
    }
}
