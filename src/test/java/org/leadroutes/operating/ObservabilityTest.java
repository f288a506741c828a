package org.leadroutes.operating;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.leadroutes.app.AppTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health and metrics on the management port, as the jar serves them: readiness follows the CRM (DOWN within
 * moments of the key being refused or the CRM going away, UP again when it answers), liveness does not; the
 * Prometheus scrape counts what a drop did.
 */
class ObservabilityTest extends AppTestSupport {

    private static final int PORT = freePort();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Properties flowSettings() {
        Properties p = new Properties();
        p.setProperty("leads.import.poll-delay-ms", "100");
        p.setProperty("leads.import.read-lock-min-age-ms", "0");
        p.setProperty("leads.export.enabled", "false");
        p.setProperty("camel.management.enabled", "true");
        p.setProperty("camel.management.port", Integer.toString(PORT));
        p.setProperty("leads.health.crm-check-ms", "200");
        p.setProperty("leads.crm.retry.max-retries", "1");
        return p;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }

    private static int status(String path) {
        try {
            return get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String body(String path) {
        try {
            return get(path).body();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void readinessFollowsTheCrmAndLivenessDoesNot() throws Exception {
        await("ready", () -> status("/observe/health/ready") == 200);
        assertTrue(body("/observe/health/ready").contains("\"crm\""), body("/observe/health/ready"));

        crm.requireApiKey("a-key-the-app-does-not-have"); // the key revoked
        await("readiness DOWN", () -> status("/observe/health/ready") == 503);
        assertTrue(body("/observe/health/ready").contains("refused the credentials"), body("/observe/health/ready"));
        assertEquals(200, status("/observe/health/live"), "a CRM that refuses the key must not restart the process");
        assertTrue(body("/observe/health/live").contains("\"import\""), "the importer's liveness: " + body("/observe/health/live"));

        crm.requireApiKey(null); // the key fixed
        await("ready again", () -> status("/observe/health/ready") == 200);
    }

    /** Checked at start-up in one try, not after the retries; its message a plain string a person reads. */
    @Test
    void anUnreachableCrmIsDownAtOnceInPlainWords() throws Exception {
        await("ready", () -> status("/observe/health/ready") == 200);
        crm.close(); // the CRM goes away

        await("readiness DOWN", () -> status("/observe/health/ready") == 503);
        var checks = JSON.readTree(body("/observe/health/ready")).path("checks");
        String message = null;
        for (var check : checks) {
            if ("crm".equals(check.path("name").asText())) {
                message = check.path("message").asText();
            }
        }
        assertTrue(message != null && message.startsWith("cannot reach the CRM at 127.0.0.1:" + crm.port() + " (")
                && message.endsWith("): check leads.crm.url and the network"), String.valueOf(message));
        assertTrue(!message.contains("\\") && !message.contains("Exception"), "plain words: " + message);
    }

    /** A file where the reports folder should be: readiness DOWN naming it, liveness UP; ready again once mended. */
    @Test
    void anUnwritableReportsFolderIsNotReady() throws Exception {
        await("ready", () -> status("/observe/health/ready") == 200);
        assertTrue(body("/observe/health/ready").contains("\"data-folder\""), body("/observe/health/ready"));
        Path reports = dataDir.resolve("reports");
        AppTestSupport.deleteTree(reports);
        Files.writeString(reports, "in the way");

        await("readiness DOWN", () -> status("/observe/health/ready") == 503);
        assertTrue(body("/observe/health/ready").contains("the data folder's reports is not a folder"),
                body("/observe/health/ready"));
        assertEquals(200, status("/observe/health/live"), "a restart would not mend it");

        Files.delete(reports);
        await("ready again", () -> status("/observe/health/ready") == 200);
    }

    @Test
    void metricsCountWhatADropDid() throws Exception {
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        Path file = Files.writeString(dataDir.resolve("week.csv"), """
                Company,Contact Name,Email
                Acme Ltd,Ada Lovelace,ada@acme-ltd.com
                Globex,Hank Scorpio,hank@globex-corp.com
                ,,not-an-email
                """);
        Files.move(file, inbox.resolve("week.csv"), StandardCopyOption.ATOMIC_MOVE);
        await("the drop done", () -> body("/observe/metrics").contains("leads_import_drop_seconds_count{outcome=\"done\"} 1"));

        String metrics = body("/observe/metrics");
        assertTrue(metrics.contains("leads_import_rows_total 3.0"), metrics);
        assertTrue(metrics.contains("leads_import_new_leads_total 2.0"), metrics);
        assertTrue(metrics.contains("leads_import_rows_rejected_total 1.0"), metrics);
        assertTrue(metrics.contains("leads_crm_calls_total{group=\"POST /lead/\"} 2.0"), metrics);
        assertTrue(metrics.contains("leads_crm_rate_limited_total{group=\"POST /lead/\"} 0.0"), metrics);
        assertTrue(metrics.contains("camel_exchanges_total"), "Camel's own metrics too");
    }
}
