package org.leadroutes.importing;

import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting for the CRM's permission is bounded by time: past max-wait the lead was not created, and says why. */
class ImportMaxWaitTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.retry.max-wait", "2s");
        return p;
    }

    @Test
    void waitingLongerThanMaxWaitGivesTheLeadUpAsNotCreated() throws Exception {
        Fault[] refusals = new Fault[40]; // at least 0.2 s apart: 8 s and more, past the 2 s max-wait
        Arrays.fill(refusals, Fault.STATUS_429);
        crm.faults().sequence("POST /lead/", refusals);

        Map<String, Object> report = importFile("three.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals(2L, count(report, "leadsCreated"));
        assertEquals(1L, count(report, "rejected"));
        assertEquals(0L, count(report, "uncertain"));
        String error = rejects("three.csv").get(0).get("error");
        assertTrue(error.contains("not created") && error.contains("leads.crm.retry.max-wait (2s)"), error);
        assertEquals(2, crm.leadCount());
        assertTrue(crm.requestCount("POST /lead/") < 2 + 40, "it stopped before the CRM stopped refusing");
    }
}
