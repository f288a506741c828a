package org.leadroutes.app;

import org.leadroutes.TestKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.leadroutes.sandbox.SandboxCrm;

/**
 * Boots the real application (application.properties, the YAML flows in routes/, the Java routes)
 * against a sandbox CRM over real HTTP on loopback, with a fresh data folder per test. Subclasses
 * name the settings of the flow they test; test classes add their own.
 */
@TestKinds.BootsFlow
public abstract class AppTestSupport extends CamelMainTestSupport {

    protected static final ObjectMapper JSON = org.leadroutes.crm.Json.MAPPER;

    /**
     * The report file of a drop of {@code file} in {@code data}, once written (null until then): reports are
     * named after the archived file, {@code leads.csv} as {@code leads.<stamp>.csv.<kind>}.
     */
    public static Path droppedReport(Path data, String file, String kind) {
        int dot = file.lastIndexOf('.');
        String glob = (dot > 0 ? file.substring(0, dot) : file) + ".*" + (dot > 0 ? file.substring(dot) : "") + "." + kind;
        Path reports = data.resolve("reports");
        if (!Files.isDirectory(reports)) {
            return null;
        }
        try (var found = Files.newDirectoryStream(reports, glob)) {
            Path last = null;
            for (Path f : found) {
                last = last == null || f.getFileName().toString().compareTo(last.getFileName().toString()) > 0 ? f : last;
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // set up from the super constructor, which asks for the properties: no field initialisers here
    protected Path dataDir;
    protected SandboxCrm crm;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        if (crm == null) {
            crm = new SandboxCrm().start();
            configureSandbox(crm);
            try {
                dataDir = Files.createTempDirectory("leads-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Properties p = new Properties();
        p.setProperty("leads.crm.url", crm.closeBaseUrl());
        p.setProperty("leads.data-dir", dataDir.toString());
        p.setProperty("leads.crm.retry.initial-delay-ms", "20");
        p.setProperty("leads.crm.response-timeout-ms", "3000");
        p.setProperty("camel.main.routes-include-pattern", "file:routes/*.yaml"); // as the jar run from the project
        p.setProperty("camel.management.enabled", "false"); // one port for all: on only where a test asks for it
        p.setProperty("leads.health.crm-check-ms", "0"); // no readiness calls among the calls a test counts
        p.putAll(flowSettings());
        p.putAll(settings());
        return p;
    }

    /** The settings of the flow under test (e.g. the other flow switched off). */
    protected abstract Properties flowSettings();

    /** Extra settings of a test class. */
    protected Properties settings() {
        return new Properties();
    }

    /** Sandbox setup of a test class (auth, limits, faults) before the app starts. */
    protected void configureSandbox(SandboxCrm sandbox) {
    }

    @AfterEach
    void stopSandbox() throws IOException {
        if (crm != null) {
            crm.close();
        }
        deleteTree(dataDir);
    }

    /** Deletes a test's data folder, unless KEEP_TEST_DATA is set (to look at it after a failure). */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir) || System.getenv("KEEP_TEST_DATA") != null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
