package org.leadroutes.embedding;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.CamelContextHelper;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.leadroutes.embedding.SettingsCatalogue.Setting;

/**
 * Reads {@code leads.*} settings from the runtime's properties, falling back to the defaults declared in the
 * {@link SettingsCatalogue} ({@code org/leadroutes/settings.yaml}). The defaults are added as initial
 * properties (the lowest precedence), only for keys the runtime does not set, so {@code {{leads.*}}}
 * placeholders resolve in any Camel runtime.
 */
public final class LeadSettings {

    /** Where a user finds the settings, for the messages that refuse one. */
    static final String LISTED = "; the settings are listed in docs/configuration.md";

    /** The section whose values the sandbox checks itself, when the runnable jar starts it. */
    static final String SANDBOX_SECTION = "sandbox";

    /** "Did you mean" suggests a known name at most this many edits away. */
    private static final LevenshteinDistance NEAR = new LevenshteinDistance(3);

    private final PropertiesComponent properties;

    private LeadSettings(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** The settings of a context whose defaults were registered already ({@link #register}). */
    public static LeadSettings of(CamelContext context) {
        return new LeadSettings(context.getPropertiesComponent());
    }

    /**
     * Adds the catalogue's defaults under the runtime's settings, then checks them: a {@code leads.*} key
     * (or {@code LEADS_*} environment variable) that is not in the catalogue (a typo would otherwise be
     * ignored) or a value not of its type fails with an {@link InvalidSettingException} naming the key, so a
     * start-up fails rather than a run at 02:00.
     */
    public static LeadSettings register(CamelContext context) {
        return register(context, Map.of());
    }

    /**
     * As {@link #register(CamelContext)}, with the {@code leads.*} values a host's configuration sets, by their
     * catalogue key, as the host bound them (Spring's relaxed names and lists: {@code connectTimeoutMs}, a YAML
     * list); they take precedence over what Camel's properties component reads, and are checked as well.
     */
    public static LeadSettings register(CamelContext context, Map<String, String> hostSettings) {
        PropertiesComponent pc = context.getPropertiesComponent();
        SettingsCatalogue catalogue = SettingsCatalogue.load();
        hostSettings.forEach((key, value) -> {
            if (value != null) {
                pc.addOverrideProperty(key, value);
            }
        });
        for (Setting setting : catalogue.byKey().values()) {
            setting.byDefault().filter(value -> pc.resolveProperty(setting.key()).isEmpty())
                    .ifPresent(value -> pc.addInitialProperty(setting.key(), value));
        }
        maskInCamel(context, catalogue);
        LeadSettings settings = new LeadSettings(pc);
        Set<String> configured = configuredKeys(pc);
        hostSettings.keySet().stream().filter(key -> key.startsWith("leads.")).forEach(configured::add);
        settings.check(catalogue, configured, System.getenv().keySet());
        return settings;
    }

    /**
     * Camel masks a property where it prints settings (Camel Main's summary of the placeholders it resolved, the
     * dev console, {@code camel.main.log-mask}) by the last part of its name: {@code api-key}, {@code token} and
     * {@code password} are among its own sensitive keys. The catalogue's secrets it would not mask, and the
     * settings whose value may hold one ({@code masked}: {@code leads.export.target}), are added to the context's
     * additional sensitive keywords ({@code camel.main.additional-sensitive-keywords}), after the host's own.
     */
    static void maskInCamel(CamelContext context, SettingsCatalogue catalogue) {
        ExtendedCamelContext extension = context.getCamelContextExtension();
        Set<String> keywords = new LinkedHashSet<>();
        String host = extension.getAdditionalSensitiveKeywords();
        if (host != null && !host.isBlank()) {
            keywords.addAll(List.of(host.split(",")));
        }
        for (Setting setting : catalogue.byKey().values()) {
            if ((setting.secret() || setting.masked()) && !CamelContextHelper.containsSensitive(context, setting.key())) {
                // as Camel compares: the part after the last dot, lower case, without dashes
                String key = setting.key();
                keywords.add(key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replace("-", ""));
            }
        }
        extension.setAdditionalSensitiveKeywords(keywords.isEmpty() ? null : String.join(",", keywords));
    }

    /** The {@code leads.*} keys the runtime's properties files and JVM system properties set. */
    private static Set<String> configuredKeys(PropertiesComponent pc) {
        Set<String> keys = new TreeSet<>();
        pc.loadProperties(key -> key.startsWith("leads.")).stringPropertyNames().forEach(keys::add);
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("leads.")).forEach(keys::add);
        return keys;
    }

    void check(SettingsCatalogue catalogue, Set<String> configured, Collection<String> environment) {
        Map<String, Setting> known = new TreeMap<>(catalogue.byKey());
        Map<String, String> envNames = new TreeMap<>();
        known.values().forEach(setting -> envNames.put(setting.environmentName(), setting.key()));
        for (String name : environment) {
            if (name.startsWith("LEADS_") && !envNames.containsKey(name)) {
                String near = nearest(envNames.keySet(), name);
                throw new InvalidSettingException("unknown setting in the environment: " + name
                        + (near != null ? " (did you mean " + near + "?)" : "") + LISTED);
            }
        }
        for (String key : configured) {
            if (!known.containsKey(key)) {
                throw unknown(catalogue, key);
            }
        }
        for (Setting setting : known.values()) {
            if (!catalogue.sectionOf(setting.key()).name().equals(SANDBOX_SECTION)) {
                checkValue(setting);
            }
        }
    }

    /** The refusal of a {@code leads.*} key the catalogue does not have, with the known key it most likely meant. */
    public static InvalidSettingException unknown(SettingsCatalogue catalogue, String key) {
        String near = nearest(new TreeSet<>(catalogue.byKey().keySet()), key);
        return new InvalidSettingException("unknown setting " + key
                + (near != null ? " (did you mean " + near + "?)" : "") + LISTED);
    }

    /** A value of a checked type must be of that type; a setting without a default may also be unset. */
    private void checkValue(Setting setting) {
        String key = setting.key();
        String value = properties.resolveProperty(key).map(String::trim).orElse("");
        if (value.isEmpty() && setting.byDefault().isEmpty()) {
            return;
        }
        switch (setting.type()) {
            case FLAG -> flag(key, value);
            case INTEGER, DECIMAL -> inRange(setting, number(key, value, setting.type() == SettingsCatalogue.Type.DECIMAL));
            case URI -> uri(setting, value);
            case CRON -> {
                if (!org.quartz.CronExpression.isValidExpression(value)) {
                    throw new InvalidSettingException(key + " is not a Quartz cron expression (seconds minutes hours"
                            + " day-of-month month day-of-week, e.g. '0 0 2 * * ?' for 02:00 every day): '" + value + "'");
                }
            }
            case ZONE -> {
                try {
                    java.time.ZoneId.of(value);
                } catch (java.time.DateTimeException e) {
                    throw new InvalidSettingException(key + " is not a time zone (e.g. UTC, Europe/Berlin): '" + value + "'");
                }
            }
            case ENUM -> {
                if (!setting.values().contains(value.toLowerCase(Locale.ROOT))) {
                    throw new InvalidSettingException(key + " must be one of " + String.join(", ", setting.values())
                            + ", not '" + value + "'");
                }
            }
            default -> {
                // text, duration, path, list: read where they are used
            }
        }
    }

    /**
     * A number outside the catalogue's {@code min}/{@code max} is refused naming the key and the range: a zero
     * concurrency or poll delay would start a process that never imports, a negative size one that fails every drop.
     */
    private static void inRange(Setting setting, double value) {
        java.math.BigDecimal number = java.math.BigDecimal.valueOf(value);
        if ((setting.min() != null && number.compareTo(setting.min()) < 0)
                || (setting.max() != null && number.compareTo(setting.max()) > 0)) {
            throw new InvalidSettingException(setting.key() + " must be " + setting.range() + ", not "
                    + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)));
        }
    }

    /**
     * A URI setting with {@code schemes} in the catalogue ({@code leads.crm.url}): empty (its default's meaning),
     * or an absolute URI of one of them, with a host and no spaces; refused naming the key, never in Camel's words
     * at the first call.
     */
    private static void uri(Setting setting, String value) {
        if (setting.schemes().isEmpty() || value.isEmpty()) {
            return;
        }
        String shown = org.leadroutes.exporting.ExportTarget.describe(value); // no user info, no query
        String wanted = setting.key() + " must be an " + String.join(" or ", setting.schemes())
                + " URL with a host (e.g. https://api.close.com/api/v1), not '" + shown + "'";
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidSettingException(wanted + ": it holds a space");
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidSettingException(wanted + ": " + e.getReason());
        }
        if (uri.getScheme() == null || !setting.schemes().contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new InvalidSettingException(wanted);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidSettingException(wanted + ": it names no host");
        }
    }

    private static boolean flag(String key, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new InvalidSettingException(key + " must be true or false, not '" + value + "'");
    }

    private static double number(String key, String value, boolean fraction) {
        try {
            return fraction ? Double.parseDouble(value) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key + " must be " + (fraction ? "a number" : "a whole number")
                    + ", not '" + value + "'");
        }
    }

    /** The name a typo most likely meant: the closest within three edits (the first in order on a tie), or null. */
    static String nearest(Collection<String> names, String typed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int distance = NEAR.apply(name, typed);
            if (distance >= 0 && distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return best;
    }

    public String get(String key) {
        return properties.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalStateException("no value for " + key));
    }

    public boolean flag(String key) {
        return flag(key, get(key));
    }

    public long number(String key) {
        return (long) number(key, get(key), false);
    }

    /** The CRM's URL for messages and logs: no password, no query (as export destinations are shown). */
    public String crmForMessages() {
        return org.leadroutes.exporting.ExportTarget.describe(get("leads.crm.url"));
    }

    /** The setting to fix when the CRM refuses the credentials. */
    public String credentialKey() {
        return "paged".equalsIgnoreCase(get("leads.crm.api")) ? "leads.crm.token"
                : "leads.crm.api-key (or leads.crm.token for an OAuth token)";
    }

    public double decimal(String key) {
        return number(key, get(key), true);
    }
}
