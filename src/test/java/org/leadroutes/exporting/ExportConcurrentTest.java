package org.leadroutes.exporting;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pages whose number the first answer made known are read concurrently ({@code leads.export.concurrency}),
 * within the same pacing, and still spooled in page order, each lead once: the file is the one a page-by-page
 * run writes, only sooner.
 */
class ExportConcurrentTest extends ExportTestSupport {

    static final String TOKEN = "paged-token-concurrent";

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.requireToken(TOKEN);
        sandbox.latencyMillis(40); // pages overlap in time, so their answers come back out of order
    }

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.api", "paged");
        p.setProperty("leads.crm.token", TOKEN);
        p.setProperty("leads.export.page-size", "5");
        p.setProperty("leads.export.concurrency", "4");
        return p;
    }

    @Test
    void pagesAreReadTogetherAndWrittenInPageOrderEachLeadOnce() throws Exception {
        List<String> ids = seed(crm, 60); // 12 pages
        crm.faults().on("GET /leads", Fault.STATUS_503, 2).on("GET /leads", Fault.STATUS_429, 1);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        List<String> exported = csv(published(report)).stream()
                .map(r -> r.get("lead_id")).toList();
        assertEquals(60, exported.size());
        assertEquals(60, exported.stream().distinct().count(), "each lead once");
        List<String> newestFirst = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, exported, "the paged CRM's order (newest first), as page after page writes it");
        assertEquals(12L, count(report, "pages"));
        assertEquals(3L, count(report, "retries"), "each page of a window keeps its own retries");
    }
}
