package org.leadroutes.app;

import org.leadroutes.TestKinds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.exporting.SftpTestServer;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped logging configuration with the root turned down to TRACE (all that DEBUG prints, and more), as a
 * user does to see what happens: a one-shot
 * run in a JVM of its own imports a drop into a CRM that takes only the API key (given in the environment and as
 * {@code -D}) and publishes the export to an SFTP server that takes only a password (from the environment, as a
 * {@code {{env:SFTP_PASSWORD}}} placeholder in {@code leads.export.target}). Neither the key, nor the key as the
 * Basic header carries it, nor the password appears anywhere in what the run printed, or in its data folder.
 */
@TestKinds.StartsJvm
class SecretsInLogTest {

    private static final String KEY = "api_K3yGivenInTheEnvironment0123456789";
    private static final String BASIC = Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
    private static final String PASSWORD = "pw5ftpPasswordNeverLogged9876";
    private static final Path SHIPPED_LOGGING = Path.of("src/app/resources/log4j2.properties");

    @TempDir
    Path data;
    @TempDir
    Path elsewhere; // the SFTP server's root, its known_hosts and the logging configuration: not in the data folder
    private SandboxCrm crm;
    private SftpTestServer sftp;

    @AfterEach
    void stop() throws IOException {
        if (crm != null) {
            crm.close();
        }
        if (sftp != null) {
            sftp.close();
        }
    }

    @Test
    void neitherTheKeyNorThePasswordIsLoggedWithTheRootAtTrace() throws Exception {
        crm = new SandboxCrm().requireApiKey(KEY).start();
        sftp = new SftpTestServer(elsewhere.resolve("sftp-root"), PASSWORD);
        Path knownHosts = elsewhere.resolve("known_hosts");
        sftp.writeKnownHosts(knownHosts, sftp.hostKey);
        Files.createDirectories(data.resolve("inbox"));
        Files.writeString(data.resolve("inbox").resolve("week.csv"), """
                Company,Contact Name,Email
                Acme Ltd,Ada Lovelace,ada@acme-ltd.com
                Globex,Hank Scorpio,hank@globex-corp.com
                """);

        String shipped = Files.readString(SHIPPED_LOGGING, StandardCharsets.UTF_8);
        String atTrace = shipped.replaceFirst("(?m)^rootLogger\\.level\\s*=\\s*\\w+\\s*$", "rootLogger.level = TRACE");
        assertNotEquals(shipped, atTrace, "the shipped configuration sets the root level on a line of its own");
        Path logging = Files.writeString(elsewhere.resolve("log4j2-trace.properties"), atTrace);

        Path log = Files.createDirectories(Path.of("target/test-logs")).resolve("SecretsInLogTest-run.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + logging,
                "-Dleads.data-dir=" + data,
                "-Dleads.crm.url=" + crm.closeBaseUrl(),
                "-Dleads.crm.api-key=" + KEY, // and in the environment: whichever Camel reads, it must not print it
                "-Dleads.export.target=sftp://" + SftpTestServer.USER + "@127.0.0.1:" + sftp.port()
                        + "/partner?password={{env:SFTP_PASSWORD}}",
                "-Dleads.export.sftp.known-hosts=" + knownHosts,
                "-Dleads.export.file-name=leads.csv",
                "-Dleads.import.read-lock-min-age-ms=0", "-Dleads.import.poll-delay-ms=100",
                "-Dcamel.management.port=" + freePort(),
                LeadRoutesApplication.class.getName(), "--once"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEADS_"));
        builder.environment().putAll(Map.of("LEADS_CRM_API_KEY", KEY, "SFTP_PASSWORD", PASSWORD));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the one-shot run did not end:\n" + Files.readString(log));
        }
        String logged = Files.readString(log, StandardCharsets.UTF_8);

        assertEquals(0, process.exitValue(), tail(logged));
        assertEquals(2, crm.leadCount(), "the CRM takes only the key: it was sent");
        assertTrue(Files.isRegularFile(sftp.root.resolve("partner/leads.csv")),
                "the SFTP server takes only the password: it was sent");
        assertTrue(logged.contains(" DEBUG [main] o.a.c.") && logged.contains(" TRACE [main] o.a.c."),
                "Camel logged at DEBUG and TRACE");
        assertTrue(logged.lines().anyMatch(line -> line.contains(" DEBUG [") && line.contains("] o.a.h.c.h.")),
                "the HTTP client logged at DEBUG");

        assertSecretless("the run's log", logged);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertSecretless(data.relativize(file).toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** Every line that shows one, the secret itself masked, so a failure names the loggers without leaking. */
    private static void assertSecretless(String where, String text) {
        List<String> showing = text.lines().filter(line -> line.contains(KEY) || line.contains(BASIC) || line.contains(PASSWORD))
                .map(line -> line.replace(KEY, "<key>").replace(BASIC, "<basic>").replace(PASSWORD, "<password>"))
                .toList();
        assertEquals(List.of(), showing, where + " shows a secret on " + showing.size() + " lines");
    }

    private static String tail(String logged) {
        String[] lines = logged.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
