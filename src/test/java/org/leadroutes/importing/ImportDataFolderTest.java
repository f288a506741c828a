package org.leadroutes.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.leadroutes.importing.inbox.DropWaits;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reports folder becomes unwritable (a full disk, a folder replaced) after a drop's leads were sent: the drop
 * loses nothing. It waits in the inbox like one that met a CRM outage, never goes to {@code .failed/} without a
 * report; once the folder is writable again its next try skips the leads its ledger says were created and writes
 * the report and results.
 */
class ImportDataFolderTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.outage-retry-ms", "200");
        p.setProperty("leads.import.outage-retry-max-ms", "1000");
        return p;
    }

    /** Once, just before the report is written: the reports folder is moved away and a file put in its place. */
    public static final class ReportsFolderGoes {
        static final AtomicBoolean DONE = new AtomicBoolean();
        static volatile Path reports;

        public void strike(Exchange exchange) throws Exception {
            if (DONE.compareAndSet(false, true)) {
                if (Files.exists(reports)) {
                    Files.move(reports, reports.resolveSibling("reports.away"));
                }
                Files.writeString(reports, "no room here");
            }
        }
    }

    @Test
    void aReportThatCannotBeWrittenAfterTheSendsMakesTheDropWaitAndTheNextTryWritesIt() throws Exception {
        ReportsFolderGoes.DONE.set(false);
        ReportsFolderGoes.reports = dataDir.resolve("reports");
        AdviceWith.adviceWith(context, ImportFlow.ROUTE, a -> a.weaveByToString("^Bean\\[.*leadImport.*finish.*").before()
                .bean(new ReportsFolderGoes(), "strike"));

        Path dropped = drop("three.csv", ImportFaultsTest.THREE_COMPANIES);
        await("the drop waits").atMost(Duration.ofSeconds(60))
                .until(() -> waits().of(dropped).isPresent());
        assertTrue(ReportsFolderGoes.DONE.get(), "the reports folder went after the sends");
        assertEquals(3, crm.leadCount(), "the leads were sent");
        String reason = waits().of(dropped).orElseThrow().reason();
        assertTrue(reason.startsWith("cannot write the report and results to "), reason);
        assertTrue(Files.exists(dropped), "the file waits in the inbox");
        assertFalse(Files.exists(dataDir.resolve("inbox/.failed")), "nothing goes to .failed/");

        Path reports = dataDir.resolve("reports");
        Files.delete(reports); // mended: the folder is back
        if (Files.exists(reports.resolveSibling("reports.away"))) {
            Files.move(reports.resolveSibling("reports.away"), reports);
        }

        Map<String, Object> done = awaitReport("three.csv", "done");
        assertEquals(3, crm.leadCount(), "nothing sent twice");
        assertEquals(3L, count(done, "skipped"), "the leads created by the try that could not report: " + done);
        assertEquals(0L, count(done, "leadsCreated"), done.toString());
        await("archived").atMost(Duration.ofSeconds(10)).until(() -> !archivedFiles("three.csv").isEmpty());
        assertFalse(Files.exists(dropped));
        assertTrue(waits().of(dropped).isEmpty());
    }

    private DropWaits waits() {
        return context.getRegistry().lookupByNameAndType(ImportFlow.WAITS, DropWaits.class);
    }
}
