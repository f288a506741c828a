package org.leadroutes.app;

import org.leadroutes.TestKinds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.embedding.SettingsCatalogue;
import org.leadroutes.embedding.SettingsCatalogue.Setting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every catalogued setting from every source, in the documented order (docs/configuration.md): the application
 * in a JVM of its own (the environment cannot be set inside this one), started with {@code --print-settings},
 * which prints each setting as the routes read it and the source it came from. In each of five starts every key
 * is set in the sources up to one (./application.properties, a first and a second {@code --properties} file, the
 * environment, {@code -D}), a different one per key, and must come from that one; over the five starts each key
 * comes from each source, over every lower one. Three more starts check the defaults and the CRM decision.
 */
@TestKinds.StartsJvm
class SettingsSourcesTest {

    private static final List<Setting> SETTINGS = List.copyOf(SettingsCatalogue.load().byKey().values());
    private static final Pattern LINE = Pattern.compile("^(leads\\.\\S+) = (.*)  \\[(.*)]$");
    private static final String[] ZONES = {"Europe/Berlin", "Asia/Tokyo", "America/New_York", "Europe/Paris",
        "Australia/Sydney"};

    @TempDir
    Path dir;

    /** The sources below -D, lowest first, and how --print-settings names each. */
    private enum Layer { WORKING_DIRECTORY, FIRST_FILE, SECOND_FILE, ENVIRONMENT, JVM }

    private Path file(Layer layer) {
        return switch (layer) {
            case WORKING_DIRECTORY -> dir.resolve("application.properties");
            case FIRST_FILE -> dir.resolve("first.properties");
            case SECOND_FILE -> dir.resolve("second.properties");
            default -> throw new IllegalArgumentException(layer.name());
        };
    }

    private String sourceName(Layer layer) {
        return switch (layer) {
            case WORKING_DIRECTORY -> "./application.properties";
            case FIRST_FILE, SECOND_FILE -> file(layer).toString();
            case ENVIRONMENT -> SettingsSources.ENVIRONMENT;
            case JVM -> SettingsSources.JVM;
        };
    }

    /** A valid value of the setting's type, different per source where the type allows. */
    private String value(Setting setting, Layer layer, int run) {
        int n = layer.ordinal() + 1;
        if (setting.secret()) {
            return "secret-" + run + "-" + n + "-" + setting.key().hashCode();
        }
        return switch (setting.type()) {
            case FLAG -> Boolean.toString(n % 2 == 0);
            case INTEGER, DECIMAL -> inRange(setting, n); // within the catalogue's range, which is checked
            case DURATION -> n + "s";
            case CRON -> "0 0 " + n + " * * ?";
            case ZONE -> ZONES[n - 1];
            case ENUM -> setting.values().get(n % setting.values().size());
            case PATH -> dir.resolve("layer" + n).resolve(setting.key()).toString();
            case URI -> setting.key().equals("leads.crm.url") ? "http://127.0.0.1:1/layer" + n + "/api/v1"
                    : "file:" + dir.resolve("layer" + n + "-" + setting.key());
            default -> "layer" + n + "-" + setting.key();
        };
    }

    /** A number per source that the start-up's range check takes: above the setting's min, below its max. */
    private static String inRange(Setting setting, int n) {
        java.math.BigDecimal value = (setting.min() == null ? java.math.BigDecimal.TEN : setting.min().add(java.math.BigDecimal.TEN))
                .add(java.math.BigDecimal.valueOf(n));
        if (setting.max() != null && value.compareTo(setting.max()) > 0) {
            value = setting.max().subtract(java.math.BigDecimal.valueOf(n));
        }
        return (setting.type() == SettingsCatalogue.Type.DECIMAL ? value.add(new java.math.BigDecimal("0.5")) : value).toPlainString();
    }

    @Test
    void eachSettingComesFromTheHighestSourceThatSetsIt() throws Exception {
        Layer[] layers = Layer.values();
        for (int run = 0; run < layers.length; run++) {
            Map<Layer, Map<String, String>> sources = new LinkedHashMap<>();
            for (Layer layer : layers) {
                sources.put(layer, new LinkedHashMap<>());
            }
            Map<String, Layer> top = new HashMap<>();
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < SETTINGS.size(); i++) {
                Setting setting = SETTINGS.get(i);
                Layer highest = layers[(i + run) % layers.length];
                top.put(setting.key(), highest);
                for (Layer layer : layers) {
                    if (layer.ordinal() <= highest.ordinal()) { // every source below the highest sets it too
                        String value = value(setting, layer, run);
                        sources.get(layer).put(setting.key(), value);
                        if (setting.secret()) {
                            secrets.add(value);
                        }
                    }
                }
            }
            String output = printSettings(sources);
            Map<String, String[]> printed = parse(output);
            for (Setting setting : SETTINGS) {
                Layer highest = top.get(setting.key());
                String expected = setting.secret() ? "****" : value(setting, highest, run);
                String[] line = printed.get(setting.key());
                assertTrue(line != null, "run " + run + ": no line for " + setting.key() + "\n" + output);
                assertEquals(expected + " from " + sourceName(highest), line[0] + " from " + line[1],
                        "run " + run + ": " + setting.key() + " set up to " + highest);
            }
            String url = value(SETTINGS.stream().filter(s -> s.key().equals("leads.crm.url")).findFirst().orElseThrow(),
                    top.get("leads.crm.url"), run);
            assertTrue(output.contains(StartUp.CRM_LINE + url + " (leads.crm.url)\n"), "the CRM of the file or flag:\n"
                    + output);
            assertFalse(output.contains("SANDBOX CRM"), "no sandbox when leads.crm.url is set anywhere");
            // read before logging starts, from the same sources: Camel's inventory is logged when it is true
            assertEquals(printed.get("leads.log.verbose")[0], Boolean.toString(output.contains("Auto-configuration summary")),
                    "leads.log.verbose from " + top.get("leads.log.verbose"));
            for (String secret : secrets) {
                assertFalse(output.contains(secret), "a secret printed or logged: " + secret);
            }
        }
    }

    @Test
    void nothingSetIsTheDefaultsAndTheSandboxOnItsPortFromAFile() throws Exception {
        int port = freePort();
        Map<Layer, Map<String, String>> sources = new LinkedHashMap<>();
        sources.put(Layer.WORKING_DIRECTORY, Map.of("leads.sandbox.port", Integer.toString(port)));
        String output = printSettings(sources);
        assertTrue(output.contains(StartUp.CRM_LINE + "http://127.0.0.1:" + port + "/api/v1 (the embedded sandbox)\n"),
                output);
        Map<String, String[]> printed = parse(output);
        for (Setting setting : SETTINGS) {
            String[] line = printed.get(setting.key());
            switch (setting.key()) {
                case "leads.sandbox.port" -> assertEquals(List.of(Integer.toString(port), "./application.properties"),
                        List.of(line));
                case "leads.crm.url" -> assertEquals("http://127.0.0.1:" + port + "/api/v1", line[0]);
                case "leads.data-dir" -> assertEquals(List.of("data", "built-in application.properties"), List.of(line));
                case "leads.export.target" -> assertEquals("file:data/outbox", line[0]);
                case "leads.export.sftp.known-hosts" -> assertEquals(System.getProperty("user.home")
                        + "/.ssh/known_hosts", line[0]);
                default -> assertEquals(List.of(setting.byDefault().orElse(""),
                        setting.byDefault().isPresent() ? "default" : "unset"), List.of(line), setting.key());
            }
        }
    }

    @Test
    void aKeyInAFileWithoutAUrlIsCloseAndAUrlInTheEnvironmentWinsOverTheFile() throws Exception {
        Map<Layer, Map<String, String>> sources = new LinkedHashMap<>();
        sources.put(Layer.FIRST_FILE, Map.of("leads.crm.api-key", "api_from_file"));
        String output = printSettings(sources);
        assertTrue(output.contains(StartUp.CRM_LINE + SandboxWhenNoCrm.CLOSE_URL
                + " (Close: a key or token without leads.crm.url)\n"), output);
        assertFalse(output.contains("api_from_file"), output);

        sources.put(Layer.SECOND_FILE, Map.of("leads.crm.url", "http://127.0.0.1:1/from-file/api/v1"));
        sources.put(Layer.ENVIRONMENT, Map.of("leads.crm.url", "http://127.0.0.1:1/from-env/api/v1"));
        output = printSettings(sources);
        assertTrue(output.contains(StartUp.CRM_LINE + "http://127.0.0.1:1/from-env/api/v1 (leads.crm.url)\n"), output);
    }

    @Test
    void anUnknownKeyOrABadValueInAFileStopsTheStartNamingIt() throws Exception {
        Map<Layer, Map<String, String>> sources = new LinkedHashMap<>();
        sources.put(Layer.WORKING_DIRECTORY, Map.of("leads.import.concurency", "4"));
        assertTrue(printSettings(sources, 2).contains("unknown setting leads.import.concurency (did you mean"
                + " leads.import.concurrency?)"));
        sources.put(Layer.WORKING_DIRECTORY, Map.of());
        sources.put(Layer.SECOND_FILE, Map.of("leads.export.timezone", "Mars/Olympus"));
        assertTrue(printSettings(sources, 2).contains("leads.export.timezone is not a time zone"));
        sources.put(Layer.SECOND_FILE, Map.of());
        sources.put(Layer.ENVIRONMENT, Map.of("leads.import.concurrency", "0"));
        String zero = printSettings(sources, 2);
        assertTrue(zero.contains("leads.import.concurrency must be 1 to 256, not 0"), zero);
        sources.put(Layer.ENVIRONMENT, Map.of());
        sources.put(Layer.FIRST_FILE, Map.of("leads.crm.url", "api.close.com/api/v1"));
        String url = printSettings(sources, 2);
        assertTrue(url.contains("leads.crm.url must be an http or https URL with a host"), url);
    }

    private static Map<String, String[]> parse(String output) {
        Map<String, String[]> printed = new HashMap<>();
        for (String line : output.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                printed.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        return printed;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Writes the sources, runs {@code --print-settings} in the folder and returns what it printed. */
    private String printSettings(Map<Layer, Map<String, String>> sources) throws Exception {
        return printSettings(sources, 0);
    }

    private String printSettings(Map<Layer, Map<String, String>> sources, int exitCode) throws Exception {
        for (Layer layer : List.of(Layer.WORKING_DIRECTORY, Layer.FIRST_FILE, Layer.SECOND_FILE)) {
            StringBuilder text = new StringBuilder();
            sources.getOrDefault(layer, Map.of()).forEach((key, value) -> text.append(key).append(" = ")
                    .append(value.replace("\\", "\\\\")).append('\n'));
            Files.writeString(file(layer), text);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + Path.of("src/app/resources/log4j2.properties").toAbsolutePath()));
        sources.getOrDefault(Layer.JVM, Map.of()).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of(LeadRoutesApplication.class.getName(), "--print-settings",
                "--properties", file(Layer.FIRST_FILE).toString(), "--properties", file(Layer.SECOND_FILE).toString()));
        Path log = dir.resolve("print.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEADS_") || name.startsWith("CAMEL_"));
        Map<String, Setting> byKey = SettingsCatalogue.load().byKey();
        sources.getOrDefault(Layer.ENVIRONMENT, Map.of())
                .forEach((key, value) -> builder.environment().put(byKey.get(key).environmentName(), value));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("--print-settings did not end:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(exitCode, process.exitValue(), output);
        return output;
    }
}
