package host;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.crm.CrmHttpClient;
import org.leadroutes.embedding.LeadRoutes;
import org.leadroutes.sandbox.SandboxCrm;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A camel-spring-boot application with crm-lead-routes as one dependency: the flows come with it, read leads.*
 * from application.yml (the test points them at a sandbox CRM it starts outside the host, and at its own folder),
 * import a drop and run an export; the CRM check is in /actuator/health and the host's readiness group with
 * Camel's default health settings, and the meters in /actuator/prometheus. The application is started as its main
 * method would (not as a Spring test context, which leaves metrics out).
 */
class HostTest {

    /** Parts a host replaces with beans of its own: a clock, the CRM client's HTTP set-up (both count their use). */
    static class HostParts {
        static final AtomicInteger CRM_REQUESTS = new AtomicInteger();
        static final AtomicInteger CLOCK_READS = new AtomicInteger();

        @Bean
        Clock leadsClock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    CLOCK_READS.incrementAndGet();
                    return Instant.now();
                }
            };
        }

        @Bean
        CrmHttpClient proxiedCrmClient(@Value("${leads.crm.api-key:}") String apiKey) {
            return new CrmHttpClient(apiKey, null) {
                @Override
                public void configureHttpClient(HttpClientBuilder builder) {
                    super.configureHttpClient(builder); // the credentials, no retries, no redirects
                    builder.addRequestInterceptorLast((request, entity, context) -> CRM_REQUESTS.incrementAndGet());
                }
            };
        }
    }

    @TempDir
    Path data;

    @Test
    void importsAndExportsWithActuatorHealthAndPrometheus() throws Exception {
        try (SandboxCrm crm = new SandboxCrm().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(HostApplication.class, HostParts.class)
                     .run("--server.port=0", "--leads.crm.url=" + crm.closeBaseUrl(), "--leads.data-dir=" + data)) {
            CamelContext camel = app.getBean(CamelContext.class);
            String port = app.getEnvironment().getProperty("local.server.port");
            assertNotNull(camel.getRoute("import-inbox"), "the YAML flows, loaded from the library's jar");
            assertEquals("host", camel.getName(), "the host's CamelContext, not one of the library's");

            Path inbox = Files.createDirectories(data.resolve("inbox"));
            Path file = Files.writeString(data.resolve("week.csv"),
                    "Company,Contact Name,Email\nAcme Ltd,Ada Lovelace,ada@acme-ltd.com\nGlobex,Hank Scorpio,hank@globex-corp.com\n");
            Files.move(file, inbox.resolve("week.csv"), StandardCopyOption.ATOMIC_MOVE);
            await("the drop imported").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> names(inbox.resolve(".done")).size() == 1);
            assertEquals(2, crm.leadCount());
            assertSame(app.getBean(CrmHttpClient.class), camel.getRegistry().lookupByName("crmHttpClient"),
                    "the host's CRM client set-up, not the library's");
            assertTrue(HostParts.CRM_REQUESTS.get() > 0, "the CRM called through the host's client set-up");
            assertTrue(HostParts.CLOCK_READS.get() > 0, "the import timed by the host's clock");

            camel.createProducerTemplate().requestBody("direct:export-run", (Object) null);
            List<String> published = names(data.resolve("outbox"));
            assertEquals(1, published.size(), "one export published: " + published);
            assertEquals(3, Files.readAllLines(data.resolve("outbox").resolve(published.get(0))).size(),
                    "a header and the two leads");

            await("the CRM check in Actuator's health").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        JsonNode health = json(get(port, "/actuator/health"));
                        assertEquals("UP", health.at("/status").asText(), health.toString());
                        assertEquals("UP", health.at("/components/leads/components/crm/status").asText(), health.toString());
                        assertTrue(health.at("/components/leads/components/crm/details/crm").asText().contains("127.0.0.1"),
                                health.toString());
                        assertEquals("UP", health.at("/components/leads/components/data-folder/status").asText(), health.toString());
                        assertEquals("UP", health.at("/components/leads/components/import/status").asText(), health.toString());
                        JsonNode ready = json(get(port, "/actuator/health/readiness"));
                        assertEquals("UP", ready.at("/components/leads/components/crm/status").asText(), ready.toString());
                    });
            String scrape = get(port, "/actuator/prometheus");
            assertTrue(scrape.contains("leads_import_rows_total 2.0"), "the import's meters in the host's registry:\n" + grep(scrape));
            assertTrue(scrape.contains("leads_export_leads_total 2.0"), "the export's meters in the host's registry:\n" + grep(scrape));

            crm.close(); // the CRM goes away: the host's health and readiness say so, its liveness does not
            await("the CRM check DOWN in Actuator's health").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        JsonNode health = json(get(port, "/actuator/health"));
                        assertEquals("DOWN", health.at("/status").asText(), health.toString());
                        assertEquals("DOWN", health.at("/components/leads/components/crm/status").asText(), health.toString());
                        JsonNode ready = json(get(port, "/actuator/health/readiness"));
                        assertEquals("DOWN", ready.at("/status").asText(), ready.toString());
                    });
            assertEquals("UP", json(get(port, "/actuator/health/liveness")).at("/status").asText());
        }
    }

    @Test
    void leadsEnabledFalseLeavesTheLibraryOut() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(HostApplication.class)
                .run("--server.port=0", "--leads.enabled=false", "--leads.data-dir=" + data)) {
            CamelContext camel = app.getBean(CamelContext.class);
            assertTrue(app.getBeansOfType(LeadRoutes.class).isEmpty(), "no routes builder of the library's");
            assertNull(camel.getRoute("import-inbox"), "no flows");
            JsonNode health = json(get(app.getEnvironment().getProperty("local.server.port"), "/actuator/health"));
            assertTrue(health.at("/components/leads").isMissingNode(), health.toString());
            assertFalse(Files.exists(data.resolve("inbox")), "no inbox made");
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
        // commons-logging next to spring-jcl prints "Standard Commons Logging discovery in action with spring-jcl:
        // please remove commons-logging.jar" at the host's start: the library brings none
        List<URL> logFactories = Collections.list(loader.getResources("org/apache/commons/logging/LogFactory.class"));
        assertEquals(1, logFactories.size(), "only spring-jcl's: " + logFactories);
        assertTrue(logFactories.get(0).toString().contains("spring-jcl"), logFactories.toString());
    }

    private static String get(String port, String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.body();
    }

    private static JsonNode json(String body) throws Exception {
        return new ObjectMapper().readTree(body);
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
