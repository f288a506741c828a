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
 * {@code España}; read from {@link #NAMES}), and the spellings of {@code country-aliases.txt} (USA, UK,
 * England, Holland, ...). The table is read on the first country cell, not at start-up.
 */
public final class Countries {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

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
        String code = Table.CODES.get(key(cell));
        if (code == null && cell.contains("(")) { // "Bouvet Island (Bouvetoya)", "Slovakia (Slovak Republic)"
            code = Table.CODES.get(key(cell.replaceAll("\\s*\\(.*?\\)", " ")));
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

    /** The table, read when the first country name is looked up (a holder: {@link #key} does not read it). */
    private static final class Table {
        static final Map<String, String> CODES = load();
    }

    /** The JDK's names of every country (see {@link #NAMES}), then the aliases over them. */
    private static Map<String, String> load() {
        Map<String, String> codes = new HashMap<>(32_768);
        read(NAMES, line -> {
            int tab = line.indexOf('\t');
            codes.put(line.substring(0, tab), line.substring(tab + 1).intern()); // 24,000 names, 250 codes
        });
        read("/org/leadroutes/mapping/country-aliases.txt", line -> {
            if (!line.startsWith("#") && line.contains("=")) {
                codes.put(key(line.substring(0, line.lastIndexOf('='))),
                        line.substring(line.lastIndexOf('=') + 1).strip().toUpperCase(Locale.ROOT));
            }
        });
        return Map.copyOf(codes);
    }

    /**
     * Every ISO 3166-1 code, its alpha-3 code and its name in English and in every language of the JDK's locale
     * data, as {@code key TAB code} lines. Written by {@code CountryNamesFile} (test sources) from the JDK, not
     * built at run time: asking the JDK for 24,000 names loads the locale data of every language (5 s of CPU and
     * 15 MB of heap that stay), for a table that changes with the JDK's CLDR version only.
     */
    static final String NAMES = "/org/leadroutes/mapping/country-names.tsv";

    private static void read(String resource, java.util.function.Consumer<String> line) {
        try (InputStream in = Countries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(text -> !text.isEmpty()).forEach(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
