package org.leadroutes.exporting;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code leads.export.close-read=bulk} (and {@code auto} for a full export): Close's bulk export, a job polled
 * until done, its gzip file streamed into the spool; an expired link replaced, a job in error failing the run.
 */
class ExportBulkTest extends ExportTestSupport {

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.bulkExports(4, Duration.ofSeconds(60)); // three polls say started / in_progress first
    }

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.bulk.poll-ms", "20");
        p.setProperty("leads.export.page-size", "2");
        return p;
    }

    @Test
    void aFullExportIsOneJobPolledUntilDoneAndOneStreamedDownloadPastMaxSkip() throws Exception {
        List<String> ids = seed(crm, 25);
        crm.maxSkip(4);
        crm.faults().on("GET /export/", Fault.STATUS_503, 1);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(25L, count(report, "leads"));
        assertEquals(25L, count(report, "rows"));
        assertEquals(Set.copyOf(ids), exportedIds(report));
        assertEquals(1, crm.requestCount("POST /export/lead/"));
        assertTrue(crm.requestCount("GET /export/{id}/") >= 4, "polled until done");
        assertEquals(1, crm.requestCount("GET /downloads/"));
        assertEquals(1L, count(report, "pages"), "one download, however often the job was polled");
        assertEquals(0, crm.requestCount("GET /lead/") + crm.requestCount("POST /data/search/"), "auto: the bulk export");
    }

    @Test
    void anExpiredDownloadLinkIsReplacedByPollingAgain() throws Exception {
        List<String> ids = seed(crm, 5);
        crm.expireNextDownloadLink();

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(Set.copyOf(ids), exportedIds(report));
        assertEquals(2, crm.requestCount("GET /downloads/"), "the expired link, then a fresh one");
    }

    @Test
    void aJobThatEndsInErrorFailsTheRunAndPublishesNothing() throws Exception {
        seed(crm, 5);
        crm.failNextBulkExport();

        Map<String, Object> report = exportNow();

        assertEquals("failed", report.get("status"), report.toString());
        assertTrue(((String) report.get("error")).contains("ended in error"), report.toString());
        assertEquals(List.of(), names(outbox()));
    }
}
