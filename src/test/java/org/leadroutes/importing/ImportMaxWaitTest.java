package org.leadroutes.importing;

import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waiting for the CRM's permission is bounded by time: past max-wait the CRM does not take calls now, so the drop
 * waits for it (the report says why) and its next try sends what is left; no row is rejected for it.
 */
class ImportMaxWaitTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.retry.max-wait", "2s");
        p.setProperty("leads.import.outage-retry-ms", "1000");
        return p;
    }

    @Test
    void waitingLongerThanMaxWaitMakesTheDropWaitAndItsNextTrySendsTheRest() throws Exception {
        Fault[] refusals = new Fault[16]; // at least 0.2 s apart: 3.2 s and more, past the 2 s max-wait of one try
        Arrays.fill(refusals, Fault.STATUS_429);
        crm.faults().sequence("POST /lead/", refusals);

        drop("three.csv", ImportFaultsTest.THREE_COMPANIES);

        String error = (String) awaitReport("three.csv", "waiting").get("error");
        assertTrue(error.startsWith("waiting for the CRM: ") && error.contains("leads.crm.retry.max-wait (2s)"), error);
        Map<String, Object> report = awaitReport("three.csv", "done");
        assertEquals(3L, count(report, "leadsCreated") + count(report, "skipped"), "what the first try created is skipped");
        assertEquals(0L, count(report, "rejected"));
        assertEquals(0L, count(report, "uncertain"));
        assertEquals(3, crm.leadCount());
    }
}
