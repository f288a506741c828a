package host;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.sandbox.SandboxCrm;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot 4.0 / camel-spring-boot 4.22 application (a newer Camel than the library's 4.17: the host's Camel
 * wins, one Camel version on the class path) with crm-lead-routes as one dependency: the flows come with it, read leads.*
 * from application.yml (the test points them at a sandbox CRM it starts outside the host, and at its own folder),
 * import a drop and run an export; the CRM check is in /actuator/health and the meters in /actuator/prometheus.
 * The application is started as its main method would (not as a Spring test context, which leaves metrics out).
 */
class HostTest {

    @TempDir
    Path data;

    @Test
    void importsAndExportsWithActuatorHealthAndPrometheus() throws Exception {
        String camelVersion = System.getProperty("host.camel.version");
        assertEquals(List.of(camelVersion), camelVersionsOnTheClassPath(), "one Camel, the host's");
        try (SandboxCrm crm = new SandboxCrm().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(HostApplication.class)
                     .run("--server.port=0", "--leads.crm.url=" + crm.closeBaseUrl(), "--leads.data-dir=" + data)) {
            CamelContext camel = app.getBean(CamelContext.class);
            String port = app.getEnvironment().getProperty("local.server.port");
            assertNotNull(camel.getRoute("import-inbox"), "the YAML flows, loaded from the library's jar");
            assertEquals("host", camel.getName(), "the host's CamelContext, not one of the library's");
            assertEquals(camelVersion, camel.getVersion(), "the host's Camel runs the library");

            Path inbox = Files.createDirectories(data.resolve("inbox"));
            Path file = Files.writeString(data.resolve("week.csv"),
                    "Company,Contact Name,Email\nAcme Ltd,Ada Lovelace,ada@acme-ltd.com\nGlobex,Hank Scorpio,hank@globex-corp.com\n");
            Files.move(file, inbox.resolve("week.csv"), StandardCopyOption.ATOMIC_MOVE);
            await("the drop imported").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> names(inbox.resolve(".done")).size() == 1);
            assertEquals(2, crm.leadCount());

            camel.createProducerTemplate().requestBody("direct:export-run", (Object) null);
            List<String> published = names(data.resolve("outbox"));
            assertEquals(1, published.size(), "one export published: " + published);
            assertEquals(3, Files.readAllLines(data.resolve("outbox").resolve(published.get(0))).size(),
                    "a header and the two leads");

            await("the CRM check in Actuator's health").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        String health = get(port, "/actuator/health");
                        assertTrue(status(health).equals("UP") && health.contains("\"crm\":\"UP\""), health);
                    });
            String scrape = get(port, "/actuator/prometheus");
            assertTrue(scrape.contains("leads_import_rows_total 2.0"), "the import's meters in the host's registry:\n" + grep(scrape));
            assertTrue(scrape.contains("leads_export_leads_total 2.0"), "the export's meters in the host's registry:\n" + grep(scrape));

            crm.close(); // the CRM goes away: the host's health says so
            await("the CRM check DOWN in Actuator's health").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        String health = get(port, "/actuator/health");
                        assertEquals("DOWN", status(health), health);
                    });
        }
    }

    @Test
    void theLibraryBringsItsIdeMetadataAndNoServerOrSandboxOfItsOwn() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        try (var in = loader.getResource("META-INF/spring-configuration-metadata.json").openStream()) {
            String metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(metadata.contains("\"leads.crm.url\""), metadata);
        }
        assertNull(loader.getResource("org/apache/camel/component/platform/http/main/MainHttpServer.class"),
                "no HTTP server of the library's: the host's own serves Actuator");
        assertNull(loader.getResource("org/leadroutes/app/LeadRoutesApplication.class"), "no runnable-jar classes");
    }

    /** The versions of the Camel jars (org.apache.camel and camel-spring-boot's) the test runs with. */
    private static List<String> camelVersionsOnTheClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> versions = Stream.of(classPath.split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize())
                .filter(jar -> jar.toString().replace('\\', '/').contains("/org/apache/camel/"))
                .map(jar -> jar.getParent().getFileName().toString()).distinct().sorted().toList();
        assertTrue(!versions.isEmpty(), "Camel jars on the class path: " + classPath);
        return versions;
    }

    /** The overall status of Actuator's health answer (Spring Boot 4 lists its components before it). */
    private static String status(String health) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(health).path("status").asText();
    }

    private static String get(String port, String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.body();
    }

    private static String grep(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("leads_")).reduce("", (a, b) -> a + b + "\n");
    }

    private static List<String> names(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
