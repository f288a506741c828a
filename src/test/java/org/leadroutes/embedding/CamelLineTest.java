package org.leadroutes.embedding;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CamelLineTest {

    @Test
    void eachTestedLineIsInTheRange() {
        for (String version : new String[] {"4.17.0", "4.17.3", "4.18.0", "4.18.2", "4.19.0", "4.22.0", "4.22.1"}) {
            assertNull(CamelLine.problem(version), version);
        }
        assertDoesNotThrow(() -> CamelLine.checkClasspath(getClass().getClassLoader()), "this build's own classpath");
    }

    @Test
    void anOlderOrNewerLineIsRefusedNamingTheRange() {
        for (String version : new String[] {"4.14.0", "4.16.1", "4.23.0", "5.0.0"}) {
            String problem = CamelLine.problem(version);
            assertTrue(problem != null && problem.startsWith("crm-lead-routes runs on Camel 4.17.x to 4.22.x")
                    && problem.contains("runs Camel " + version), version + ": " + problem);
        }
    }

    @Test
    void aHostWhoseCamelModulesAreOfTwoVersionsIsRefusedNamingTheFix(@TempDir Path jars) throws Exception {
        pomProperties(jars, "org.apache.camel.springboot", "camel-spring-boot", "4.22.0");
        pomProperties(jars, "org.apache.camel", "camel-api", "4.22.0");
        pomProperties(jars, "org.apache.camel", "camel-quartz", "4.17.0"); // the library's, not managed by the host
        try (URLClassLoader host = new URLClassLoader(new URL[] {jars.toUri().toURL()}, null)) {
            String problem = assertThrows(IllegalStateException.class, () -> CamelLine.checkClasspath(host)).getMessage();
            assertTrue(problem.startsWith("crm-lead-routes runs on Camel 4.17.x to 4.22.x")
                    && problem.contains("{camel-api=4.22.0, camel-spring-boot=4.22.0, camel-quartz=4.17.0}")
                    && problem.contains("imports org.apache.camel:camel-bom beside camel-spring-boot-bom"), problem);
        }
        pomProperties(jars, "org.apache.camel", "camel-quartz", "4.22.0");
        try (URLClassLoader host = new URLClassLoader(new URL[] {jars.toUri().toURL()}, null)) {
            assertDoesNotThrow(() -> CamelLine.checkClasspath(host), "one Camel, in the range");
        }
    }

    private static void pomProperties(Path root, String group, String artifact, String version) throws Exception {
        Path file = root.resolve("META-INF/maven/" + group + "/" + artifact + "/pom.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n");
    }

    @Test
    void theJarsItComparesAreTheCamelModulesThePomDeclares() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String afterManagement = pom.substring(pom.indexOf("</dependencyManagement>"));
        String dependencies = afterManagement.substring(0, afterManagement.indexOf("</dependencies>"));
        List<String> declared = new ArrayList<>(List.of("camel-api", "camel-core-engine", "camel-spring-boot"));
        Matcher camel = Pattern.compile("<groupId>org\\.apache\\.camel</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "(?:(?!</dependency>).)*?</dependency>", Pattern.DOTALL).matcher(dependencies);
        while (camel.find()) {
            if (!camel.group().contains("<scope>test</scope>")) {
                declared.add(camel.group(1));
            }
        }
        assertEquals(declared, CamelLine.JARS, "CamelLine.JARS, in the pom's order");
    }
}
