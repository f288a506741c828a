package org.leadroutes.exporting;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Limiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export's pages go through the same client as the import: a silent limiter is followed, not hammered. */
class ExportRateLimitTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.page-size", "5");
        p.setProperty("leads.export.close-read", "pages"); // GET /lead/ by _skip: the search path has its own tests
        return p;
    }

    @Test
    void pagesBehindASilentTokenBucketArePacedAndComplete() throws Exception {
        seed(crm, 400); // 80 pages
        crm.limiter(Limiter.BUCKET).rateLimit(25);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(400L, count(report, "leads"));
        assertEquals(80L, count(report, "pages"));
        long limited = count(report, "rateLimited");
        assertTrue(limited > 0, "the bucket's burst is spent within the run: some 429s are how it is found");
        assertTrue(limited < 12, limited + " of the " + crm.requestCount("GET /lead/") + " page requests answered 429");
    }
}
