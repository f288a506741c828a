package org.leadroutes.exporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The start-up export of a jar started with a file in its inbox (the README's quick start): the export holds the
 * file's leads, however long their import takes after the export's delay is up.
 */
class ExportOnStartTest extends ExportTestSupport {

    static final int COMPANIES = 40;

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.latencyMillis(30); // the import takes a while
    }

    @Override
    protected Properties settings() {
        StringBuilder csv = new StringBuilder("company,contact,email\n");
        for (int i = 0; i < COMPANIES; i++) {
            csv.append("Company ").append(i).append(",Person ").append(i).append(",p").append(i).append("@c").append(i)
                    .append(".example.com\n");
        }
        try { // in the inbox before the application starts
            Files.writeString(Files.createDirectories(dataDir.resolve("inbox")).resolve("leads.csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.setProperty("leads.import.enabled", "true");
        p.setProperty("leads.import.read-lock-min-age-ms", "0");
        p.setProperty("leads.import.poll-delay-ms", "100");
        p.setProperty("leads.import.concurrency", "2");
        p.setProperty("leads.export.run-on-start", "true");
        p.setProperty("leads.export.start-delay-ms", "0"); // up before the drop has even begun
        return p;
    }

    @Test
    void theStartUpExportHoldsWhatWasInTheInbox() throws Exception {
        Map<String, Object> report = await("the start-up run's report").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(this::report, Objects::nonNull);
        assertEquals("published", report.get("status"));
        assertEquals((long) COMPANIES, count(report, "leads"), "every lead of the drop in the inbox at start-up");
        assertEquals(COMPANIES, crm.leadCount());
    }
}
