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

    public static LeadSettings register(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        Properties defaults = new Properties();
        try (InputStream in = LeadSettings.class.getResourceAsStream(DEFAULTS)) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : defaults.stringPropertyNames()) {
            if (pc.resolveProperty(key).isEmpty()) {
                pc.addInitialProperty(key, defaults.getProperty(key));
            }
        }
        return new LeadSettings(pc);
    }

    public String get(String key) {
        return properties.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalStateException("no value for " + key));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(get(key));
    }

    public long number(String key) {
        return Long.parseLong(get(key));
    }

    public double decimal(String key) {
        return Double.parseDouble(get(key));
    }
}
