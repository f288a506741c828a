package host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host application runs an import and an export of crm-lead-routes, with the flows from the library's jar,
 * and logs the host's way: the library brings no logging binding, no logging configuration and no
 * application.properties of its own.
 */
class HostTest {

    @TempDir
    Path data;

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(30))
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

    @Test
    void importsAndExportsInTheHostLoggingTheHostsWay() throws Exception {
        try (SandboxCrm crm = new SandboxCrm().start()) {
            Main main = new Main(HostApplication.class);
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
