package org.leadroutes.exporting;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** leads.export.enabled=false switches the export off, the start-up run included. */
class ExportDisabledTest extends ExportTestSupport {

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        seed(sandbox, 1);
    }

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.enabled", "false");
        p.setProperty("leads.export.run-on-start", "true");
        p.setProperty("leads.export.start-delay-ms", "0");
        return p;
    }

    @Test
    void noScheduleAndNoStartUpRun() throws Exception {
        assertTrue(context.getRouteController().getRouteStatus("export-schedule").isStopped());
        sleep(1500);
        assertEquals(List.of(), names(outbox()));
        assertEquals(0, crm.requestCount("GET /lead/"));
    }
}
