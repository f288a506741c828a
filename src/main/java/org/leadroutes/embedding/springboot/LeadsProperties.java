package org.leadroutes.embedding.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.leadroutes.embedding.LeadSettings;
import org.leadroutes.embedding.SettingsCatalogue;
import org.leadroutes.embedding.SettingsCatalogue.Setting;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The host's {@code leads.*} settings, bound by Spring Boot: {@code leads.enabled} as a property of its own, and
 * every setting of the catalogue ({@code org/leadroutes/settings.yaml}, the one list of keys, types, defaults and
 * secrets) by Spring's {@link Binder}, so they are read as Spring reads its own: relaxed names
 * ({@code connectTimeoutMs}, {@code LEADS_CRM_URL}), YAML lists for a list setting, {@code ${...}} placeholders,
 * profiles. A {@code leads.*} key the catalogue does not have fails the start naming it (and the key it most
 * likely meant); the values are checked by their catalogue type when Camel adds the routes. Both failures are
 * explained by {@link LeadsSettingFailureAnalyzer}. The bean is {@link LeadRoutesAutoConfiguration#leadsProperties}'s,
 * bound as {@code @ConfigurationProperties("leads")}.
 */
public class LeadsProperties {

    private static final ConfigurationPropertyName LEADS = ConfigurationPropertyName.of("leads");

    /** {@code false}: crm-lead-routes is left out of the host. */
    private boolean enabled = true;

    private final Map<String, String> settings;

    /** @param settings the settings the host sets, by catalogue key ({@link #bind}) */
    public LeadsProperties(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The settings the host sets, by catalogue key, as text (a list joined with commas); secrets among them. */
    public Map<String, String> settings() {
        return settings;
    }

    /** A setting the host sets, or its catalogue default. */
    public String value(String key) {
        Setting setting = SettingsCatalogue.load().byKey().get(key);
        if (setting == null) {
            throw new IllegalArgumentException("not in the catalogue: " + key);
        }
        return settings.getOrDefault(key, setting.byDefault().orElse(""));
    }

    /** Never the values: a secret is among them. */
    @Override
    public String toString() {
        return "LeadsProperties[enabled=" + enabled + ", set=" + settings.keySet() + "]";
    }

    /**
     * The settings of the catalogue the host sets, by catalogue key, as text (a list joined with commas); a key of
     * the host's that the catalogue does not have is refused.
     */
    public static Map<String, String> bind(Environment environment, SettingsCatalogue catalogue) {
        refuseUnknown(environment, catalogue);
        Binder binder = Binder.get(environment);
        Map<String, String> bound = new LinkedHashMap<>();
        for (Setting setting : catalogue.byKey().values()) {
            if (setting.type() == SettingsCatalogue.Type.LIST) {
                binder.bind(setting.key(), Bindable.listOf(String.class))
                        .ifBound(values -> bound.put(setting.key(), String.join(",", values)));
            } else {
                binder.bind(setting.key(), Bindable.of(String.class)).ifBound(value -> bound.put(setting.key(), value));
            }
        }
        return bound;
    }

    /**
     * Each {@code leads.*} key of the host's property sources, in any of Spring's spellings, must name a setting of
     * the catalogue (an element of a list setting: the list). The environment's {@code LEADS_*} variables are
     * checked by {@link LeadSettings} against the catalogue's variable names.
     */
    private static void refuseUnknown(Environment environment, SettingsCatalogue catalogue) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        var known = catalogue.byKey().keySet().stream().map(ConfigurationPropertyName::of).toList();
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable) || source instanceof SystemEnvironmentPropertySource
                    || ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            for (String key : enumerable.getPropertyNames()) {
                ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
                if (!LEADS.isAncestorOf(name)) {
                    continue;
                }
                while (name.isLastElementIndexed()) {
                    name = name.getParent();
                }
                if (!known.contains(name)) {
                    throw LeadSettings.unknown(catalogue, key);
                }
            }
        }
    }
}
