package org.leadroutes.app;

import org.leadroutes.TestKinds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar crm-lead-routes.jar --sandbox-only} (here: the jar's main class on the test classpath): just the
 * sandbox CRM, its port and switches from any settings source, even with a CRM configured, until killed.
 */
@TestKinds.StartsJvm
class SandboxOnlyTest {

    @TempDir
    Path dir;

    /** The command that starts the application: its main class on the test classpath ({@link SandboxOnlyIT}: the jar). */
    protected List<String> application() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + Path.of("src/app/resources/log4j2.properties").toAbsolutePath(),
                LeadRoutesApplication.class.getName());
    }

    @Test
    void theSandboxAloneOnItsPortWithItsSettingsFromEverySourceUntilKilled() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dataFile = dir.resolve("sandbox.json");
        // a CRM configured too (as a replica's settings file would): --sandbox-only starts the sandbox regardless
        Files.writeString(dir.resolve("application.properties"),
                "leads.sandbox.api-key = sandbox-key\nleads.crm.url = https://crm.example.com/api/v1\n");
        Path settings = dir.resolve("sandbox.properties");
        Files.writeString(settings, "leads.sandbox.data-file = " + dataFile + "\n");
        Path log = dir.resolve("sandbox.log");
        List<String> command = new java.util.ArrayList<>(application());
        command.addAll(List.of("--sandbox-only", "--properties", settings.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEADS_"));
        builder.environment().put("LEADS_SANDBOX_PORT", Integer.toString(port));
        Process process = builder.start();
        String url = "http://127.0.0.1:" + port + "/api/v1";
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> !process.isAlive()
                    || Files.readString(log).contains(StartUp.SANDBOX_ONLY_LINE + url));
            assertTrue(process.isAlive(), Files.readString(log));

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url + "/lead/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), "leads.sandbox.api-key from ./application.properties: " + refused.body());
            String auth = "Basic " + Base64.getEncoder().encodeToString("sandbox-key:".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/lead/"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Acme Ltd\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, created.statusCode(), created.body());
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(url + "/lead/"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(listed.body().contains("Acme Ltd"), listed.body());
            assertFalse(Files.readString(log).contains("crm-readiness"), "no routes, no CRM calls of its own");
            assertTrue(process.isAlive(), "it runs until killed");
        } finally {
            process.destroy(); // SIGTERM, as Ctrl-C or kill
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertTrue(Files.readString(dataFile).contains("Acme Ltd"),
                "leads.sandbox.data-file from a --properties file: the lead kept on the way out");
        assertTrue(List.of(0, 130, 143).contains(process.exitValue()), Files.readString(log));
    }
}
