package org.leadroutes.exporting;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import org.apache.camel.component.quartz.QuartzEndpoint;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;
import org.quartz.CronTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The triggers: the Quartz schedule takes its cron and time zone from properties; run-on-start runs once. */
class ExportScheduleTest extends ExportTestSupport {

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        seed(sandbox, 3);
    }

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.cron", "0 30 4 ? * MON-FRI");
        p.setProperty("leads.export.timezone", "Europe/Berlin");
        p.setProperty("leads.export.run-on-start", "true");
        p.setProperty("leads.export.start-delay-ms", "0");
        return p;
    }

    @Test
    void cronAndTimeZoneComeFromPropertiesAndRunOnStartExportsOnce() throws Exception {
        QuartzEndpoint endpoint = (QuartzEndpoint) context.getRoute("export-schedule").getEndpoint();
        assertEquals("0 30 4 ? * MON-FRI", endpoint.getCron());
        Trigger trigger = endpoint.getComponent().getScheduler().getTrigger(TriggerKey.triggerKey("export", "leads"));
        CronTrigger cron = assertInstanceOf(CronTrigger.class, trigger);
        assertEquals("0 30 4 ? * MON-FRI", cron.getCronExpression());
        assertEquals("Europe/Berlin", cron.getTimeZone().getID());
        assertTrue(context.getRouteController().getRouteStatus("export-schedule").isStarted());

        Map<String, Object> report = awaitReport();
        assertEquals("published", report.get("status"));
        assertEquals(3L, count(report, "leads"));
    }

    /** The start-up run's report, once written (reports are written whole: temp file, then rename). */
    private Map<String, Object> awaitReport() {
        return await("the start-up run's report").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(this::report, Objects::nonNull);
    }
}
