package org.leadroutes.docs;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/embedding.md shows a host's configuration "from src/it/...": the host applications that {@code mvn verify}
 * builds and runs. Each setting and dependency the page shows is the host's, so what the page tells a Spring Boot
 * or Camel Main user to write is what a tested host runs with.
 */
class EmbeddingDocTest {

    static final Markdown PAGE = read(Path.of("docs/embedding.md"));

    @Test
    void theSpringBootSettingsShownAreTheHostsOwn() throws Exception {
        Map<String, String> shown = leaves(PAGE.blockContaining("readinessState,leads"));
        for (String boot : List.of("spring-boot-3", "spring-boot-4")) {
            Map<String, String> host = leaves(Files.readString(Path.of("src/it/" + boot + "/src/main/resources/application.yml")));
            shown.forEach((key, value) -> assertEquals(value, host.get(key), key + " as docs/embedding.md shows it, in " + boot));
        }
    }

    @Test
    void theSpringBootDependenciesShownAreTheHostsOwn() throws Exception {
        String shown = PAGE.blockContaining("camel-spring-boot-bom");
        String host = Files.readString(Path.of("src/it/spring-boot-4/pom.xml"))
                .replace("@project.version@", projectVersion()).replace("@camel.version@", camelVersion());
        Matcher dependency = Pattern.compile("<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "(\\s*<version>([^<]+)</version>)?").matcher(shown);
        int found = 0;
        while (dependency.find()) {
            found++;
            String shape = "<groupId>" + dependency.group(1) + "</groupId>\\s*<artifactId>" + dependency.group(2)
                    + "</artifactId>" + (dependency.group(4) == null ? "" : "\\s*<version>"
                    + Pattern.quote(dependency.group(4)) + "</version>");
            assertTrue(Pattern.compile(shape).matcher(host).find(), dependency.group() + " as docs/embedding.md shows it");
        }
        assertTrue(found >= 7, "the page shows the parent, the two BOMs and the dependencies: " + found);
        assertTrue(shown.contains("<camel.version>4.22.0</camel.version>") && host.contains("<camel.version>4.22.0</camel.version>"),
                "the Camel version shown is the host's");
    }

    @Test
    void theCamelMainSettingsShownAreTheHostsOwn() throws Exception {
        Properties shown = new Properties();
        shown.load(new StringReader(PAGE.blockContaining("camel.main.routes-builder-classes")));
        Properties host = new Properties();
        host.load(new StringReader(Files.readString(Path.of("src/it/embedding-host/src/main/resources/application.properties"))));
        Set<String> setByTheHostsTest = Set.of("leads.crm.url", "leads.data-dir"); // a sandbox's URL, a temporary folder
        for (String key : shown.stringPropertyNames()) {
            if (!setByTheHostsTest.contains(key)) {
                assertEquals(shown.getProperty(key), host.getProperty(key), key + " as docs/embedding.md shows it");
            }
        }
    }

    /** A YAML document's leaves as dotted keys. */
    static Map<String, String> leaves(String yaml) throws Exception {
        Map<String, String> leaves = new LinkedHashMap<>();
        flatten("", new YAMLMapper().readValue(yaml, Map.class), leaves);
        return leaves;
    }

    private static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else {
            into.put(prefix, String.valueOf(node));
        }
    }

    static String projectVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>crm-lead-routes</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "the project's version in pom.xml");
        return m.group(1);
    }

    static String camelVersion() throws Exception {
        Matcher m = Pattern.compile("<camel.version>([^<]+)</camel.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "camel.version in pom.xml");
        return m.group(1);
    }

    private static Markdown read(Path file) {
        try {
            return Markdown.read(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
