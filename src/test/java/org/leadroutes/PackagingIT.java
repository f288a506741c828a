package org.leadroutes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the packaged jars hold (run by failsafe after {@code package}; the pom names the jars): the library a
 * host embeds has no sandbox or application class, the sandbox jar only the sandbox, and the runnable
 * crm-lead-routes.jar all three with the dependencies. Every compiled class is in exactly one of the three.
 */
class PackagingIT {

    private static final String SANDBOX = "org/leadroutes/sandbox/";
    private static final String APP = "org/leadroutes/app/";

    private static Path jar(String which) {
        String path = System.getProperty("leads.jar." + which);
        assertNotNull(path, "leads.jar." + which + " is not set: run by failsafe (mvn verify)");
        Path file = Path.of(path);
        assertTrue(Files.isRegularFile(file), "no " + file);
        return file;
    }

    private static Set<String> entries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            Collections.list(file.entries()).forEach(e -> names.add(e.getName()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> classes(Set<String> entries) {
        Set<String> classes = new TreeSet<>();
        entries.stream().filter(n -> n.startsWith("org/leadroutes/") && n.endsWith(".class")).forEach(classes::add);
        return classes;
    }

    private static List<String> under(Set<String> names, String... prefixes) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            for (String prefix : prefixes) {
                if (name.startsWith(prefix)) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    @Test
    void theLibraryHoldsNoSandboxAndNoApplication() {
        Set<String> library = entries(jar("library"));
        assertEquals(List.of(), under(library, SANDBOX, APP), "sandbox or application in the library jar");
        assertTrue(library.contains("org/leadroutes/embedding/LeadRoutes.class"), "the library's facade");
        assertTrue(library.contains("org/leadroutes/crm/CrmVocabulary.class"), "the CRM client and its vocabulary");
        assertTrue(library.contains("org/leadroutes/routes/import.yaml"), "the YAML flows, for classpath: loading");
        assertTrue(!library.contains("application.properties") && !library.contains("log4j2.properties"),
                "the runnable jar's settings and logging are not the library's");
    }

    @Test
    void theSandboxJarHoldsTheSandboxOnly() {
        Set<String> sandbox = classes(entries(jar("sandbox")));
        assertTrue(sandbox.contains(SANDBOX + "SandboxCrm.class") && sandbox.contains(SANDBOX + "SandboxMain.class"), "" + sandbox);
        assertEquals(List.of(), sandbox.stream().filter(n -> !n.startsWith(SANDBOX)).toList(), "not the sandbox's");
        Set<String> app = classes(entries(jar("app")));
        assertTrue(app.contains(APP + "LeadRoutesApplication.class"), "" + app);
        assertEquals(List.of(), app.stream().filter(n -> !n.startsWith(APP)).toList(), "not the application's");
    }

    @Test
    void everyCompiledClassIsInOneJarAndAllAreInTheRunnableJar() throws IOException {
        Set<String> compiled = new TreeSet<>();
        Path dir = Path.of(System.getProperty("leads.jar.classes"));
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .forEach(f -> compiled.add(dir.relativize(f).toString().replace('\\', '/')));
        }
        List<String> split = new ArrayList<>();
        for (String which : List.of("library", "sandbox", "app")) {
            split.addAll(classes(entries(jar(which))));
        }
        assertEquals(List.copyOf(classes(compiled)), split.stream().sorted().toList(), "each class once in library, sandbox, app");
        Set<String> runnable = entries(jar("runnable"));
        assertEquals(List.of(), compiled.stream().filter(c -> !runnable.contains(c)).toList(), "missing in crm-lead-routes.jar");
        assertTrue(runnable.contains("application.properties") && runnable.contains("log4j2.properties"), "the runnable jar's settings");
        assertTrue(runnable.contains("org/apache/camel/main/Main.class"), "the dependencies");
        try (JarFile file = new JarFile(jar("runnable").toFile())) {
            assertEquals("org.leadroutes.app.LeadRoutesApplication", file.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }
}
