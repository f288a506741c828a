package host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host application runs an import and an export of crm-lead-routes, with the flows from the library's jar,
 * on the host's Camel (the line the invoker built it with: one Camel version on its class path), shows the CRM
 * check in Camel's health checks and the library's meters in the host's Prometheus registry, and logs the host's
 * way: the library brings no logging binding, no logging configuration and no application.properties of its own.
 */
class HostTest {

    @TempDir
    Path data;

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(120))
                .pollInterval(java.time.Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for Camel's readiness checks (what a host's health page shows) to have the CRM check in that state. */
    private static void awaitCrmCheck(CamelContext context, HealthCheck.State state) {
        org.awaitility.Awaitility.await("the CRM check " + state + " in Camel's health checks")
                .atMost(java.time.Duration.ofSeconds(120)).pollInterval(java.time.Duration.ofMillis(100)).untilAsserted(() -> {
                    Map<String, HealthCheck.State> checks = new TreeMap<>();
                    HealthCheckHelper.invokeReadiness(context).forEach(r -> checks.put(r.getCheck().getId(), r.getState()));
                    assertEquals(state, checks.get("crm"), "readiness checks: " + checks);
                });
    }

    /** The versions of the org.apache.camel jars the test runs with (from the local repository's layout). */
    private static List<String> camelVersionsOnTheClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> versions = Stream.of(classPath.split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize())
                .filter(jar -> jar.toString().replace('\\', '/').contains("/org/apache/camel/")
                        && !jar.toString().contains("springboot"))
                .map(jar -> jar.getParent().getFileName().toString()).distinct().sorted().toList();
        assertTrue(!versions.isEmpty(), "Camel jars on the class path: " + classPath);
        return versions;
    }

    @Test
    void importsAndExportsInTheHostLoggingTheHostsWay() throws Exception {
        String camelVersion = System.getProperty("host.camel.version");
        assertEquals(List.of(camelVersion), camelVersionsOnTheClassPath(), "one Camel, the host's");
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (SandboxCrm crm = new SandboxCrm().start()) {
            Main main = HostApplication.create(metrics);
            main.addInitialProperty("leads.crm.url", crm.closeBaseUrl());
            main.addInitialProperty("leads.data-dir", data.toString());
            Thread runner = new Thread(() -> {
                try {
                    main.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "host-main");
            runner.start();
            await("the host started", () -> main.getCamelContext() != null && main.getCamelContext().isStarted());
            CamelContext context = main.getCamelContext();
            assertEquals(camelVersion, context.getVersion(), "the host's Camel runs the library");
            assertTrue(context.getRoute("import-inbox") != null, "the YAML flows, loaded from the library's jar");

            Path inbox = Files.createDirectories(data.resolve("inbox"));
            Path file = Files.writeString(data.resolve("week.csv"),
                    "Company,Contact Name,Email\nAcme Ltd,Ada Lovelace,ada@acme-ltd.com\nGlobex,Hank Scorpio,hank@globex-corp.com\n");
            Files.move(file, inbox.resolve("week.csv"), StandardCopyOption.ATOMIC_MOVE);
            await("the drop imported", () -> names(inbox.resolve(".done")).size() == 1);
            assertEquals(2, crm.leadCount());

            context.createProducerTemplate().requestBody("direct:export-run", (Object) null);
            List<String> published = names(data.resolve("outbox"));
            assertEquals(1, published.size(), "one export published: " + published);
            List<String> rows = Files.readAllLines(data.resolve("outbox").resolve(published.get(0)));
            assertEquals(3, rows.size(), "a header and the two leads: " + rows);

            awaitCrmCheck(context, HealthCheck.State.UP);
            String scrape = metrics.scrape();
            assertTrue(scrape.contains("leads_import_rows_total 2.0"), "the import's meters in the host's registry:\n" + scrape);
            assertTrue(scrape.contains("leads_export_leads_total 2.0"), "the export's meters in the host's registry:\n" + scrape);

            crm.close(); // the CRM goes away: the host's health says so
            awaitCrmCheck(context, HealthCheck.State.DOWN);

            main.completed();
            runner.join(30_000);
        }

        String log = Files.readString(Path.of("target/host.log"));
        assertTrue(log.contains("org.leadroutes.importing - week.csv: done"), "the library logs through the host's logger");
        ClassLoader loader = getClass().getClassLoader();
        assertEquals(List.of(), Collections.list(loader.getResources("log4j2.properties")), "no logging config from the library");
        assertEquals(1, Collections.list(loader.getResources("application.properties")).size(), "only the host's settings");
        long providers = ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class).stream().count();
        assertEquals(1, providers, "one SLF4J binding: the host's");
    }
}
