package org.leadroutes.exporting;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** leads.export.enabled=false switches the export off, the start-up run included. */
class ExportDisabledTest extends ExportTestSupport {

    private NotifyBuilder startUpTrigger;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // before the start: the start-up trigger fires as soon as the routes run (start-delay-ms=0)
        startUpTrigger = new NotifyBuilder(context).fromRoute("export-on-start").whenDone(1).create();
        return context;
    }

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
        assertEquals(null, context.getRoute("export-schedule"), "no schedule route");
        org.apache.camel.component.quartz.QuartzComponent quartz = context.getComponent("quartz",
                org.apache.camel.component.quartz.QuartzComponent.class);
        assertTrue(quartz.getScheduler() == null || quartz.getScheduler().getJobKeys(
                org.quartz.impl.matchers.GroupMatcher.anyGroup()).isEmpty(), "nothing is scheduled");
        // the start-up trigger has fired and is over: an export it started would be over too (direct: runs in it)
        assertTrue(startUpTrigger.matches(20, TimeUnit.SECONDS), "the start-up trigger fired");
        // whichever way it reads (bulk export, search, GET /lead/), an export asks the CRM
        assertEquals(0, crm.requestCountTotal(), "no call to the CRM");
        assertEquals(List.of(), names(outbox()));
        assertEquals(List.of(), names(dataDir.resolve("reports")), "no export report");
    }
}
