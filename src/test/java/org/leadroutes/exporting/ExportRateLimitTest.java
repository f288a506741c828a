package org.leadroutes.exporting;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Limiter;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        List<String> ids = seed(crm, 400); // 80 pages
        // The bucket's time moves 31.25 ms with each page request, not with the machine's clock, so what it refuses
        // follows from the requests alone: 20 tokens a second are 0.625 of a token a request, the burst of 20 lasts
        // 51 requests, then 5 requests in 8 pass, which is 17 429s for the last 29 pages.
        crm.limiter(Limiter.BUCKET).rateLimit(20).rateLimitStep(Duration.ofNanos(31_250_000));

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        assertEquals(400L, count(report, "leads"));
        assertEquals(80L, count(report, "pages"));
        assertEquals(ids.stream().sorted().toList(),
                csv(published(report)).stream().map(r -> r.get("lead_id")).sorted().toList(), "every lead once");
        long limited = count(report, "rateLimited");
        assertEquals(17L, limited, "the bucket's 429s, as its arithmetic gives them");
        assertEquals(crm.rateLimitedCount(), (int) limited, "the report counts every 429 the CRM sent");
        assertEquals(80 + limited, crm.requestCount("GET /lead/"), "a 429 costs one more request, its page asked again");
        assertEquals(0, crm.askedTooSoonCount(), "each page refused was asked again only after the reset its 429 said");
    }
}
