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
        p.setProperty("leads.crm.retry.max-retries", "2");
        p.setProperty("leads.crm.retry.initial-delay-ms", "10");
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

    @Test
    void aDownloadAnsweredWithAServerErrorIsSentAgainAsTheRetryRuleSaysAndCounted() throws Exception {
        List<String> ids = seed(crm, 5);
        crm.failNextDownloads(1, 503);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(Set.copyOf(ids), exportedIds(report));
        assertEquals(2, crm.requestCount("GET /downloads/"), "the 503, then the file");
        assertEquals(1L, count(report, "retries"), "counted in the run's report like any call sent again");
    }

    @Test
    void aDownloadThatBreaksOffHalfwayIsSentAgainAndEachLeadIsWrittenOnce() throws Exception {
        List<String> ids = seed(crm, 400);
        crm.cutNextDownloads(1);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(400L, count(report, "leads"));
        assertEquals(400L, count(report, "rows"), "the leads spooled before the break are not written twice");
        assertEquals(0L, count(report, "duplicates"), "leads read again after the break are no duplicates");
        assertEquals(Set.copyOf(ids), exportedIds(report));
        assertEquals(2, crm.requestCount("GET /downloads/"));
    }

    @Test
    void breaksPastTheLinksMinuteTakeFreshLinksAndAreBoundedByTheRetryRuleNotByTheLinks() throws Exception {
        List<String> ids = seed(crm, 400);
        crm.linksLiveForOneUse(); // a big file: the link's minute ran out while it was read
        crm.cutNextDownloads(2);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(Set.copyOf(ids), exportedIds(report));
        // link 1 breaks, is refused (403), link 2 breaks, is refused, link 3 is read whole: 3 links, 2 retries
        assertEquals(5, crm.requestCount("GET /downloads/"));
        assertEquals(2L, count(report, "retries"));
    }

    @Test
    void aDownloadThatKeepsBreakingFailsByTheRetryRuleSayingSo() throws Exception {
        seed(crm, 400);
        crm.linksLiveForOneUse();
        crm.cutNextDownloads(10);

        Map<String, Object> report = exportNow();

        assertEquals("failed", report.get("status"), report.toString());
        String error = (String) report.get("error");
        assertTrue(error.contains("downloading Close's bulk export file failed: the answer broke off"), error);
        assertTrue(error.contains("retries exhausted (2)"), error);
        assertEquals(List.of(), names(outbox()));
    }

    @Test
    void a2xxThatIsNotTheWholeFileIsAskedAgain() throws Exception {
        List<String> ids = seed(crm, 5);
        crm.failNextDownloads(1, 206); // a proxy's partial answer: no file

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(Set.copyOf(ids), exportedIds(report));
        assertEquals(2, crm.requestCount("GET /downloads/"));
        assertEquals(1L, count(report, "retries"));
    }

    @Test
    void aDownloadFailingPastTheRetriesFailsTheRunSayingSoAndPublishesNothing() throws Exception {
        seed(crm, 5);
        crm.failNextDownloads(10, 500);

        Map<String, Object> report = exportNow();

        assertEquals("failed", report.get("status"), report.toString());
        String error = (String) report.get("error");
        assertTrue(error.contains("downloading Close's bulk export file failed: HTTP 500"), error);
        assertTrue(error.contains("retries exhausted (2)"), error);
        assertEquals(3, crm.requestCount("GET /downloads/"), "the first try and leads.crm.retry.max-retries more");
        assertEquals(List.of(), names(outbox()));
    }
}
