package org.leadroutes.importing;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Limiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limiters that do not announce themselves until they refuse: the drop still creates every lead once,
 * rejects nothing, and meets few 429s. (How close to the limit it runs is the benchmark's to measure.)
 */
class ImportRateLimitTest extends ImportTestSupport {

    static final int COMPANIES = 240;

    static String companies() {
        return "company,email\n" + IntStream.range(0, COMPANIES)
                .mapToObj(i -> "Company " + i + ",buyer@company" + i + ".example.com")
                .collect(Collectors.joining("\n")) + "\n";
    }

    @Test
    void aSilentTokenBucketIsFollowedNotHammered() throws Exception {
        crm.limiter(Limiter.BUCKET).rateLimit(60);

        Map<String, Object> report = importFile("bucket.csv", companies());

        assertEveryCompanyOnceWithFew429s(report);
    }

    @Test
    void aHiddenOrganizationLimitUnderTheAnnouncedOneIsFound() throws Exception {
        crm.rateLimit(120).organizationRateLimit(50); // the announced window would allow 120/s

        Map<String, Object> report = importFile("organization.csv", companies());

        assertEveryCompanyOnceWithFew429s(report);
    }

    private void assertEveryCompanyOnceWithFew429s(Map<String, Object> report) {
        assertEquals("done", report.get("status"));
        assertEquals((long) COMPANIES, count(report, "leadsCreated"));
        assertEquals(0L, count(report, "rejected"), "a 429 is a wait, never a rejected row");
        assertEquals(COMPANIES, crm.leadCount());
        long limited = count(report, "rateLimited");
        assertEquals(crm.rateLimitedCount(), (int) limited, "the report counts every 429 the CRM sent");
        // today's client without adaptive pacing met 23% to 35% 429s against these shapes
        assertTrue(limited < COMPANIES / 10, limited + " requests answered 429 for " + COMPANIES + " leads");
    }
}
