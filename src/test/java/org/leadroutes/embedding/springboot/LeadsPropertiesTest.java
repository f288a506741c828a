package org.leadroutes.embedding.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.leadroutes.embedding.InvalidSettingException;
import org.leadroutes.embedding.SettingsCatalogue;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** leads.* as Spring binds it: its spellings and lists reach the catalogue's keys; an unknown key is refused. */
class LeadsPropertiesTest {

    @Test
    void springsSpellingsAndListsBindToTheCataloguesKeys() {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("leads.crm.connectTimeoutMs", "1500");
        yaml.put("leads.import.match[0]", "email");
        yaml.put("leads.import.match[1]", "company");
        yaml.put("leads.data-dir", "${work}/leads");
        yaml.put("work", "/srv");
        Map<String, String> bound = LeadsProperties.bind(environment(yaml), SettingsCatalogue.load());
        assertEquals("1500", bound.get("leads.crm.connect-timeout-ms"));
        assertEquals("email,company", bound.get("leads.import.match"));
        assertEquals("/srv/leads", bound.get("leads.data-dir"));
        assertFalse(bound.containsKey("leads.crm.url"), "what the host does not set is the catalogue's default");
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheKeyItMeant() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> LeadsProperties.bind(
                environment(Map.of("leads.crm.ulr", "http://127.0.0.1:1/api/v1")), SettingsCatalogue.load()));
        assertTrue(e.getMessage().startsWith("unknown setting leads.crm.ulr (did you mean leads.crm.url?)"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> LeadsProperties.bind(
                environment(Map.of("leads.import.connectTimeoutMs", "5")), SettingsCatalogue.load()));
        assertTrue(e.getMessage().startsWith("unknown setting leads.import.connectTimeoutMs"), e.getMessage());
    }

    @Test
    void thePropertiesSpringBindsByThemselvesAreCatalogueSettings() {
        for (java.beans.PropertyDescriptor property : org.springframework.beans.BeanUtils.getPropertyDescriptors(LeadsProperties.class)) {
            if (property.getWriteMethod() != null) {
                String key = "leads." + property.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
                assertTrue(SettingsCatalogue.load().byKey().containsKey(key), key + " is not in settings.yaml");
            }
        }
    }

    @Test
    void theFailureAnalysisNamesTheSettingAndTheFix() {
        InvalidSettingException cause = new InvalidSettingException("leads.import.concurrency must be a whole number, not 'many'");
        FailureAnalysis analysis = new LeadsSettingFailureAnalyzer().analyze(new IllegalStateException("wrapped", cause));
        assertEquals("crm-lead-routes cannot start: leads.import.concurrency must be a whole number, not 'many'",
                analysis.getDescription());
        assertTrue(analysis.getAction().contains("docs/configuration.md"), analysis.getAction());
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("host", properties));
        return environment;
    }
}
