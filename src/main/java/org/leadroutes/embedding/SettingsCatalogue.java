package org.leadroutes.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Every {@code leads.*} setting, declared once in {@code org/leadroutes/settings.yaml}: key, type, default,
 * an enum's allowed values, a number's range ({@code min}, {@code max}), a URI's schemes, whether it is a secret (or may hold one), and a one-line description. {@link LeadSettings} takes
 * the defaults, the known keys and the checks from it; {@code docs/configuration.md} is generated from it.
 */
public record SettingsCatalogue(List<Section> sections) {

    static final String RESOURCE = "/org/leadroutes/settings.yaml";

    /** The kinds of value a setting holds; the checked ones are checked at start-up. */
    public enum Type {
        TEXT, FLAG, INTEGER, DECIMAL, DURATION, CRON, ZONE, ENUM, PATH, URI, LIST;

        @com.fasterxml.jackson.annotation.JsonCreator
        static Type parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A group of settings, as the configuration reference shows them. */
    public record Section(String name, String title, String description, List<Setting> settings) {
        public Section {
            settings = settings == null ? List.of() : List.copyOf(settings);
        }
    }

    /**
     * One setting. {@code defaultValue} is what is registered when the runtime sets none; null: nothing is
     * registered (the setting is unset unless configured). {@code secret}: a credential; {@code masked}: not one,
     * but its value may hold one (a password in a URI), so Camel masks it where it prints settings.
     */
    public record Setting(String key, Type type, @JsonProperty("default") String defaultValue, List<String> values,
            boolean secret, boolean masked, java.math.BigDecimal min, java.math.BigDecimal max, List<String> schemes,
            String description) {
        public Setting {
            values = values == null ? List.of() : List.copyOf(values);
            schemes = schemes == null ? List.of() : List.copyOf(schemes);
        }

        /**
         * The range a number must be in, as a person reads it ({@code 1 to 256}, {@code at least 0}), or empty when
         * it has none.
         */
        public String range() {
            if (min != null && max != null) {
                return min.toPlainString() + " to " + max.toPlainString();
            }
            if (min != null) {
                return "at least " + min.toPlainString();
            }
            return max != null ? "at most " + max.toPlainString() : "";
        }

        /** The default, if the setting has one. */
        public Optional<String> byDefault() {
            return Optional.ofNullable(defaultValue);
        }

        /** The environment variable that sets it: {@code LEADS_CRM_API_KEY} for {@code leads.crm.api-key}. */
        public String environmentName() {
            return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    private static volatile SettingsCatalogue shipped;

    /** The catalogue shipped in this library. */
    public static SettingsCatalogue load() {
        SettingsCatalogue catalogue = shipped;
        if (catalogue == null) {
            try (InputStream in = SettingsCatalogue.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                catalogue = new ObjectMapper(new YAMLFactory()).readValue(in, SettingsCatalogue.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shipped = catalogue;
        }
        return catalogue;
    }

    /** Every setting by key, in the catalogue's order. */
    public Map<String, Setting> byKey() {
        Map<String, Setting> all = new LinkedHashMap<>();
        sections.forEach(section -> section.settings().forEach(setting -> all.put(setting.key(), setting)));
        return all;
    }

    /** The section a key is declared in. */
    public Section sectionOf(String key) {
        return sections.stream().filter(s -> s.settings().stream().anyMatch(setting -> setting.key().equals(key)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not in the catalogue: " + key));
    }

    public Section section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no section " + name));
    }
}
