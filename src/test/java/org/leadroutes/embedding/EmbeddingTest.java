package org.leadroutes.embedding;

import org.leadroutes.TestKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.leadroutes.app.AppTestSupport;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The routes in a Camel runtime that is not this jar: a plain CamelContext, no Camel Main, no
 * application.properties, only the runtime's own properties. Unset keys take the shipped defaults.
 */
@TestKinds.BootsFlow
class EmbeddingTest {

    @Test
    void leadRoutesAndTheYamlFlowRunInAPlainCamelContext() throws Exception {
        Path data = Files.createTempDirectory("leads-embedded");
        try (SandboxCrm crm = new SandboxCrm().start(); CamelContext context = new DefaultCamelContext()) {
            Properties runtime = new Properties();
            runtime.setProperty("leads.crm.url", crm.closeBaseUrl());
            runtime.setProperty("leads.data-dir", data.toString());
            runtime.setProperty("leads.import.read-lock-min-age-ms", "0");
            runtime.setProperty("leads.import.poll-delay-ms", "100");
            context.getPropertiesComponent().setInitialProperties(runtime);

            context.addRoutes(new LeadRoutes());
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.resolveResource(context, "classpath:org/leadroutes/routes/import.yaml"));
            context.start();

            Path inbox = Files.createDirectories(data.resolve("inbox"));
            Path part = Files.writeString(data.resolve("drop.part"), "company,email\nEmbedded Inc,e@embedded.example.com\n");
            Files.move(part, inbox.resolve("drop.csv"));

            await("the embedded import finished").atMost(Duration.ofSeconds(10))
                    .until(() -> AppTestSupport.droppedReport(data, "drop.csv", "report.json") != null);
            assertEquals(1, crm.leadCount());
            assertEquals("Embedded Inc", crm.leads().get(0).get("name"));
        } finally {
            AppTestSupport.deleteTree(data);
        }
    }
}
