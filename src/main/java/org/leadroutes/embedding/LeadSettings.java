package org.leadroutes.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads {@code leads.*} settings from the runtime's properties, falling back to the defaults shipped
 * in {@code org/leadroutes/leads-defaults.properties}. The defaults are added as initial properties
 * (the lowest precedence), only for keys the runtime does not set, so {@code {{leads.*}}}
 * placeholders resolve in any Camel runtime.
 */
public final class LeadSettings {

    private static final String DEFAULTS = "/org/leadroutes/leads-defaults.properties";

    private final PropertiesComponent properties;

    private LeadSettings(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** The settings of a context whose defaults were registered already ({@link #register}). */
    public static LeadSettings of(CamelContext context) {
        return new LeadSettings(context.getPropertiesComponent());
    }

    /**
     * Adds the defaults under the runtime's settings, then checks them: a {@code leads.*} key that is not one of
     * ours (a typo would otherwise be ignored) or a value of the wrong kind fails with an
     * {@link InvalidSettingException} naming the key, so a start-up fails rather than a run at 02:00.
     */
    public static LeadSettings register(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        Properties defaults = defaults();
        for (String key : defaults.stringPropertyNames()) {
            if (pc.resolveProperty(key).isEmpty()) {
                pc.addInitialProperty(key, defaults.getProperty(key));
            }
        }
        LeadSettings settings = new LeadSettings(pc);
        settings.check(defaults, configuredKeys(pc));
        return settings;
    }

    private static Properties defaults() {
        Properties defaults = new Properties();
        try (InputStream in = LeadSettings.class.getResourceAsStream(DEFAULTS)) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults;
    }

    /** The {@code leads.*} keys the runtime's properties files and JVM system properties set. */
    private static java.util.Set<String> configuredKeys(PropertiesComponent pc) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        pc.loadProperties(key -> key.startsWith("leads.")).stringPropertyNames().forEach(keys::add);
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("leads.")).forEach(keys::add);
        return keys;
    }

    /** Settings that are not in the defaults file: the one-shot switch and the sandbox's shapes. */
    private static final java.util.Set<String> OTHER_KEYS = java.util.Set.of("leads.once", "leads.sandbox.port");

    /** Numbers that may have a fraction (every other number setting is whole). */
    private static final java.util.Set<String> DECIMALS = java.util.Set.of("leads.import.max-requests-per-second");

    void check(Properties defaults, java.util.Set<String> configured) {
        java.util.Set<String> known = new java.util.TreeSet<>(defaults.stringPropertyNames());
        known.addAll(OTHER_KEYS);
        org.leadroutes.sandbox.SandboxSettings.NAMES.forEach(name -> known.add("leads.sandbox." + name));
        java.util.Map<String, String> envNames = new java.util.TreeMap<>();
        known.forEach(k -> envNames.put(k.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), k));
        for (String name : System.getenv().keySet()) {
            if (name.startsWith("LEADS_") && !envNames.containsKey(name)) {
                String near = nearest(envNames.keySet(), name);
                throw new InvalidSettingException("unknown setting in the environment: " + name
                        + (near != null ? " (did you mean " + near + "?)" : "") + "; the settings are listed in the README");
            }
        }
        for (String key : configured) {
            if (!known.contains(key)) {
                String near = nearest(known, key);
                throw new InvalidSettingException("unknown setting " + key
                        + (near != null ? " (did you mean " + near + "?)" : "") + "; the settings are listed in the README");
            }
        }
        for (String key : known) {
            String example = defaults.getProperty(key, "");
            String value = properties.resolveProperty(key).map(String::trim).orElse("");
            if (example.equals("true") || example.equals("false") || key.equals("leads.once")) {
                if (!value.isEmpty() || !key.equals("leads.once")) {
                    flag(key, value);
                }
            } else if (example.matches("\\d+")) {
                number(key, value, DECIMALS.contains(key));
            }
        }
        String cron = get("leads.export.cron");
        if (!org.quartz.CronExpression.isValidExpression(cron)) {
            throw new InvalidSettingException("leads.export.cron is not a Quartz cron expression (seconds minutes hours"
                    + " day-of-month month day-of-week, e.g. '0 0 2 * * ?' for 02:00 every day): '" + cron + "'");
        }
        try {
            java.time.ZoneId.of(get("leads.export.timezone"));
        } catch (java.time.DateTimeException e) {
            throw new InvalidSettingException("leads.export.timezone is not a time zone (e.g. UTC, Europe/Berlin): '"
                    + get("leads.export.timezone") + "'");
        }
        oneOf("leads.crm.api", "close", "paged");
        oneOf("leads.export.close-read", "auto", "bulk", "search", "pages");
        oneOf("leads.export.format", "csv", "jsonl");
    }

    private void oneOf(String key, String... values) {
        String value = get(key).toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of(values).contains(value)) {
            throw new InvalidSettingException(key + " must be one of " + String.join(", ", values) + ", not '" + get(key) + "'");
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

    /** The setting a typo most likely meant: the closest within three edits, or null. */
    private static String nearest(java.util.Collection<String> names, String typed) {
        return names.stream().filter(k -> distance(k, typed) <= 3)
                .min(java.util.Comparator.comparingInt(k -> distance(k, typed))).orElse(null);
    }

    /** Edit distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
