package org.leadroutes.embedding;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.leadroutes.embedding.SettingsCatalogue.Setting;
import org.leadroutes.embedding.SettingsCatalogue.Type;
import org.leadroutes.sandbox.SandboxSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings catalogue is complete and consistent, and the start-up check reads it. */
class SettingsCatalogueTest {

    private final SettingsCatalogue catalogue = SettingsCatalogue.load();

    @Test
    void everySettingIsDescribedAndTyped() {
        Set<String> keys = new TreeSet<>();
        for (SettingsCatalogue.Section section : catalogue.sections()) {
            assertTrue(section.name() != null && section.title() != null, "section name and title: " + section);
            for (Setting setting : section.settings()) {
                assertTrue(keys.add(setting.key()), "declared once: " + setting.key());
                assertTrue(setting.key().startsWith("leads."), setting.key());
                assertTrue(setting.type() != null, "type of " + setting.key());
                assertTrue(setting.description() != null && !setting.description().isBlank()
                        && !setting.description().contains("\n"), "one-line description of " + setting.key());
                assertEquals(setting.type() == Type.ENUM, !setting.values().isEmpty(),
                        "allowed values are an enum's, and every enum has them: " + setting.key());
                if (setting.type() == Type.ENUM) {
                    setting.byDefault().ifPresent(d -> assertTrue(setting.values().contains(d), setting.key()));
                }
            }
        }
    }

    /** Camel prints a setting masked when it is a secret or may hold one; the others as they are. */
    @Test
    void everySecretAndMaskedSettingIsSensitiveToCamel() {
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setAdditionalSensitiveKeywords("bankcode"); // the host's own
        LeadSettings.maskInCamel(context, catalogue);

        List<String> masked = catalogue.byKey().values().stream().filter(s -> s.secret() || s.masked())
                .map(Setting::key).toList();
        assertTrue(masked.containsAll(List.of("leads.crm.api-key", "leads.crm.token", "leads.cluster.password",
                "leads.sandbox.api-key", "leads.sandbox.token", "leads.export.target")), masked.toString());
        for (String key : masked) {
            assertTrue(org.apache.camel.support.CamelContextHelper.containsSensitive(context, key), key);
        }
        assertTrue(org.apache.camel.support.CamelContextHelper.containsSensitive(context, "acme.bankcode"),
                "the host's keywords are kept");
        for (String plain : List.of("leads.crm.url", "leads.data-dir", "leads.export.file-name",
                "leads.cluster.jdbc-url", "leads.import.concurrency")) {
            assertFalse(org.apache.camel.support.CamelContextHelper.containsSensitive(context, plain), plain);
        }
    }

    @Test
    void theSecretsAreTheCredentials() {
        Set<String> secrets = catalogue.byKey().values().stream().filter(Setting::secret).map(Setting::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("leads.cluster.password", "leads.crm.api-key", "leads.crm.token", "leads.sandbox.api-key",
                "leads.sandbox.token"), secrets);
        assertTrue(catalogue.byKey().values().stream().filter(Setting::secret).allMatch(s -> s.type() == Type.TEXT),
                "a secret is text: no start-up check prints its value");
    }

    @Test
    void theSandboxSectionHoldsTheSandboxSwitchesAndItsPort() {
        Set<String> sandboxKeys = catalogue.section(LeadSettings.SANDBOX_SECTION).settings().stream().map(Setting::key)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = SandboxSettings.NAMES.stream().map(name -> "leads.sandbox." + name)
                .collect(Collectors.toCollection(TreeSet::new));
        expected.add("leads.sandbox.port");
        expected.add("leads.sandbox.data-file");
        assertEquals(expected, sandboxKeys);
        assertTrue(catalogue.byKey().keySet().stream().filter(k -> k.startsWith("leads.sandbox."))
                .allMatch(sandboxKeys::contains), "every leads.sandbox.* key is in the sandbox section");
        assertTrue(catalogue.section(LeadSettings.SANDBOX_SECTION).settings().stream()
                .allMatch(s -> s.byDefault().isEmpty()), "the sandbox keeps its own defaults: none is registered");
    }

    @Test
    void theDefaultsAreRegisteredAndCheckedInAPlainContext() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            LeadSettings settings = LeadSettings.register(context);
            assertEquals("data", settings.get("leads.data-dir"));
            assertEquals("0 0 2 * * ?", settings.get("leads.export.cron"));
            assertEquals(16, settings.number("leads.import.concurrency"));
            assertEquals("(?i)(~\\$.*|.*\\.(part|partial|tmp|temp|crdownload|download|filepart|swp))",
                    settings.get("leads.import.exclude"));
            assertEquals("", settings.get("leads.crm.url"));
            assertTrue(context.getPropertiesComponent().resolveProperty("leads.once").isEmpty(), "no default: unset");
            assertTrue(context.getPropertiesComponent().resolveProperty("leads.sandbox.port").isEmpty());
        }
    }

    @Test
    void unknownKeysAndEnvironmentNamesSayWhatWasMeant() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            LeadSettings settings = LeadSettings.register(context);
            InvalidSettingException typo = assertThrows(InvalidSettingException.class,
                    () -> settings.check(catalogue, Set.of("leads.import.concurency"), List.of()));
            assertEquals("unknown setting leads.import.concurency (did you mean leads.import.concurrency?);"
                    + " the settings are listed in docs/configuration.md", typo.getMessage());
            InvalidSettingException env = assertThrows(InvalidSettingException.class,
                    () -> settings.check(catalogue, Set.of(), List.of("PATH", "LEADS_IMPORT_CONCURENCY")));
            assertTrue(env.getMessage().startsWith("unknown setting in the environment: LEADS_IMPORT_CONCURENCY"
                    + " (did you mean LEADS_IMPORT_CONCURRENCY?)"), env.getMessage());
            InvalidSettingException far = assertThrows(InvalidSettingException.class,
                    () -> settings.check(catalogue, Set.of("leads.nothing-like-it"), List.of()));
            assertFalse(far.getMessage().contains("did you mean"), far.getMessage());
            settings.check(catalogue, Set.of("leads.sandbox.rate-limit", "leads.once"), List.of("LEADS_CRM_API_KEY"));
        }
        assertEquals("leads.crm.token", LeadSettings.nearest(List.of("leads.crm.token", "leads.crm.url"), "leads.crm.tokn"));
        assertNull(LeadSettings.nearest(List.of("leads.crm.token"), "leads.import.enabled"));
    }

    @Test
    void valuesOfTheWrongKindNameTheKey() {
        assertRefused("leads.import.concurrency", "four", "leads.import.concurrency must be a whole number, not 'four'");
        assertRefused("leads.import.max-requests-per-second", "fast",
                "leads.import.max-requests-per-second must be a number, not 'fast'");
        assertRefused("leads.import.dry-run", "yes", "leads.import.dry-run must be true or false, not 'yes'");
        assertRefused("leads.once", "maybe", "leads.once must be true or false, not 'maybe'");
        assertRefused("leads.export.close-read", "stream",
                "leads.export.close-read must be one of auto, bulk, search, pages, not 'stream'");
        assertRefused("leads.export.timezone", "Mars/Olympus", "leads.export.timezone is not a time zone");
        assertRefused("leads.export.cron", "garbage", "leads.export.cron is not a Quartz cron expression");
    }

    /** Every number a start-up checks has a floor in the catalogue, and its default is within its range. */
    @Test
    void everyCheckedNumberHasARangeHoldingItsDefault() {
        for (SettingsCatalogue.Section section : catalogue.sections()) {
            for (Setting setting : section.settings()) {
                boolean number = setting.type() == Type.INTEGER || setting.type() == Type.DECIMAL;
                assertTrue(number || (setting.min() == null && setting.max() == null), "a range is a number's: " + setting.key());
                if (!number || section.name().equals(LeadSettings.SANDBOX_SECTION)) {
                    continue;
                }
                assertTrue(setting.min() != null, "a min for " + setting.key());
                assertTrue(setting.max() == null || setting.max().compareTo(setting.min()) >= 0, setting.key());
                setting.byDefault().map(java.math.BigDecimal::new).ifPresent(d -> assertTrue(d.compareTo(setting.min()) >= 0
                        && (setting.max() == null || d.compareTo(setting.max()) <= 0), "default in range: " + setting.key()));
            }
        }
    }

    @Test
    void numbersOutOfRangeNameTheKeyAndTheRange() {
        assertRefused("leads.import.concurrency", "0", "leads.import.concurrency must be 1 to 256, not 0");
        assertRefused("leads.import.concurrency", "-3", "leads.import.concurrency must be 1 to 256, not -3");
        assertRefused("leads.import.poll-delay-ms", "0", "leads.import.poll-delay-ms must be at least 10, not 0");
        assertRefused("leads.import.max-cell-bytes", "-1", "leads.import.max-cell-bytes must be 1 to 2147483647, not -1");
        assertRefused("leads.import.max-cell-bytes", "0", "leads.import.max-cell-bytes must be 1 to 2147483647, not 0");
        assertRefused("leads.export.concurrency", "0", "leads.export.concurrency must be 1 to 256, not 0");
        assertRefused("leads.export.page-size", "101", "leads.export.page-size must be 1 to 100, not 101");
        assertRefused("leads.import.max-requests-per-second", "-0.5",
                "leads.import.max-requests-per-second must be at least 0, not -0.5");
        assertRefused("leads.crm.retry.max-retries", "-1", "leads.crm.retry.max-retries must be at least 0, not -1");
    }

    @Test
    void aCrmUrlThatIsNoHttpUrlIsRefusedNamingTheSetting() {
        String expected = "leads.crm.url must be an http or https URL with a host (e.g. https://api.close.com/api/v1), not '";
        assertRefused("leads.crm.url", "ftp://api.close.com/api/v1", expected + "ftp://api.close.com/api/v1'");
        assertRefused("leads.crm.url", "api.close.com/api/v1", expected + "api.close.com/api/v1'");
        assertRefused("leads.crm.url", "https:///api/v1", expected + "https:///api/v1': it names no host");
        assertRefused("leads.crm.url", "https://api.close.com/api v1", expected + "https://api.close.com/api v1': it holds a space");
        assertRefused("leads.crm.url", "https://user:s3cret@api.close.com:bad/", "leads.crm.url must be an http or https URL");
        try (CamelContext context = new DefaultCamelContext()) { // the password is never in the message
            context.getPropertiesComponent().addInitialProperty("leads.crm.url", "ftp://user:s3cret@api.close.com/");
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> LeadSettings.register(context));
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void valuesThatAreFineStart() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("leads.crm.api", " PAGED ");
            context.getPropertiesComponent().addInitialProperty("leads.import.max-requests-per-second", "2.5");
            context.getPropertiesComponent().addInitialProperty("leads.export.gzip", "TRUE");
            context.getPropertiesComponent().addInitialProperty("leads.sandbox.rate-limit", "not checked here");
            context.getPropertiesComponent().addInitialProperty("leads.crm.url", " HTTP://127.0.0.1:8080/api/v1 ");
            context.getPropertiesComponent().addInitialProperty("leads.import.concurrency", "256");
            context.getPropertiesComponent().addInitialProperty("leads.health.crm-check-ms", "0");
            LeadSettings settings = LeadSettings.register(context);
            assertEquals(2.5, settings.decimal("leads.import.max-requests-per-second"));
            assertTrue(settings.flag("leads.export.gzip"));
        }
    }

    private static void assertRefused(String key, String value, String message) {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty(key, value);
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> LeadSettings.register(context));
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
