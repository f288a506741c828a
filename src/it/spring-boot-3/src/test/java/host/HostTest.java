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
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.sandbox.SandboxCrm;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A camel-spring-boot application with crm-lead-routes as one dependency: the flows come with it, read leads.*
 * from application.yml (the test points them at a sandbox CRM it starts outside the host and at its own folder),
 * import a drop and run an export; the CRM check is in /actuator/health and the meters in /actuator/prometheus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // a test context has no Prometheus registry without it
class HostTest {

    @TempDir
    static Path data;

    static SandboxCrm crm;

    @DynamicPropertySource
    static void leads(DynamicPropertyRegistry registry) {
        crm = new SandboxCrm().start();
        registry.add("leads.crm.url", crm::closeBaseUrl);
        registry.add("leads.data-dir", data::toString);
    }

    @AfterAll
    static void stopCrm() {
        crm.close();
    }

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @LocalServerPort
    int port;

    @Test
    void importsAndExportsWithActuatorHealthAndPrometheus() throws Exception {
        assertNotNull(camel.getRoute("import-inbox"), "the YAML flows, loaded from the library's jar");
        assertEquals("host", camel.getName(), "the host's CamelContext, not one of the library's");

        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Path file = Files.writeString(data.resolve("week.csv"),
                "Company,Contact Name,Email\nAcme Ltd,Ada Lovelace,ada@acme-ltd.com\nGlobex,Hank Scorpio,hank@globex-corp.com\n");
        Files.move(file, inbox.resolve("week.csv"), StandardCopyOption.ATOMIC_MOVE);
        await("the drop imported").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> names(inbox.resolve(".done")).size() == 1);
        assertEquals(2, crm.leadCount());

        producer.requestBody("direct:export-run", (Object) null);
        List<String> published = names(data.resolve("outbox"));
        assertEquals(1, published.size(), "one export published: " + published);
        assertEquals(3, Files.readAllLines(data.resolve("outbox").resolve(published.get(0))).size(),
                "a header and the two leads");

        String health = get("/actuator/health");
        assertTrue(health.startsWith("{\"status\":\"UP\""), health);
        await("the CRM check in Actuator's health").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertTrue(get("/actuator/health").contains("\"crm\""), get("/actuator/health")));
        String scrape = get("/actuator/prometheus");
        assertTrue(scrape.contains("leads_import_rows_total 2.0"), "the import's meters in the host's registry:\n" + grep(scrape));
        assertTrue(scrape.contains("leads_export_leads_total 2.0"), "the export's meters in the host's registry:\n" + grep(scrape));
    }

    @Test
    void theLibraryBringsItsIdeMetadataAndNoServerOrSandboxOfItsOwn() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        String metadata = new String(loader.getResource("META-INF/spring-configuration-metadata.json").openStream().readAllBytes());
        assertTrue(metadata.contains("\"leads.crm.url\""), metadata);
        assertTrue(loader.getResource("org/apache/camel/component/platform/http/main/MainHttpServer.class") == null,
                "no HTTP server of the library's: the host's own serves Actuator");
        assertTrue(loader.getResource("org/leadroutes/app/LeadRoutesApplication.class") == null, "no runnable-jar classes");
    }

    private String get(String path) throws Exception {
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
