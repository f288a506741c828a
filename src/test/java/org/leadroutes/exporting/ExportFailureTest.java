package org.leadroutes.exporting;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Complete or not at all: a run that fails half way publishes nothing under the final name. */
class ExportFailureTest extends ExportTestSupport {

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.maxSkip(4); // Close's is 250,000: the same refusal, reached with a handful of leads
    }

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.page-size", "2");
        p.setProperty("leads.export.close-read", "pages"); // GET /lead/ by _skip: the search path has its own tests
        p.setProperty("leads.export.file-name", "nightly.csv");
        p.setProperty("leads.crm.retry.max-retries", "2");
        return p;
    }

    @Test
    void deepPagingRefusedByCloseFailsTheRunAndPublishesNothing() throws Exception {
        seed(crm, 9); // pages at _skip 0, 2, 4, then 6 > max_skip

        Map<String, Object> report = exportNow();

        assertEquals("failed", report.get("status"));
        String error = (String) report.get("error");
        assertTrue(error.contains("max_skip = 4"), error);
        assertTrue(error.contains("leads.export.close-read=auto") && error.contains("POST /export/lead/"),
                "says what to do: " + error);
        assertEquals(2L, count(report, "leads"), "the first page; the pages after it were read together, up to the refusal");
        assertEquals(List.of(), names(outbox()), "nothing published, not even a temporary file");
        assertEquals(List.of(), names(dataDir.resolve("state")), "the spool is removed");
        assertTrue(Files.exists(dataDir.resolve("reports/nightly.csv.export.json")));
    }

    @Test
    void retriesRunningOutHalfWayPublishNothingAndTheNextRunPublishesAll() throws Exception {
        seed(crm, 3);
        crm.faults().on("GET /lead/", Fault.STATUS_503, 3); // page 1: 1 try + 2 retries, all 503

        Map<String, Object> failed = exportNow();

        assertEquals("failed", failed.get("status"));
        assertEquals(2L, count(failed, "retries"));
        assertTrue(((String) failed.get("error")).contains("503"), failed.toString());
        assertEquals(List.of(), names(outbox()));

        Map<String, Object> next = exportNow(); // the fault is used up: the same settings now succeed
        assertEquals("published", next.get("status"), next.toString());
        assertEquals(3L, count(next, "leads"));
        assertEquals(List.of("nightly.csv"), names(outbox()));
    }

    @Test
    void revokedCredentialsOnALaterPageFailTheRun() throws Exception {
        seed(crm, 5);
        whileRequestWaits("GET /lead/", 2, () -> crm.faults().on("GET /lead/", Fault.STATUS_401, 1));

        Map<String, Object> report = exportNow();

        assertEquals("failed", report.get("status"));
        assertEquals(2L, count(report, "leads"), "page 1 was read");
        assertTrue(((String) report.get("error")).contains("401"), report.toString());
        assertEquals(List.of(), names(outbox()));
        assertEquals(List.of(), names(dataDir.resolve("state")));
    }

    @Test
    void aKilledRunsLeftoversAreClearedByTheNextRun() throws Exception {
        // what kill -9 during paging leaves: a spool in state/, nothing in the outbox
        Files.createDirectories(dataDir.resolve("state"));
        Files.writeString(dataDir.resolve("state/export-20240101-020000-000.jsonl.part"), "{\"id\":\"lead_x\"}\n");
        seed(crm, 2);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"));
        assertEquals(2L, count(report, "leads"));
        assertEquals(List.of(), names(dataDir.resolve("state")));
    }
}
