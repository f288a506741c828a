package org.leadroutes.exporting;

import java.util.Date;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A scheduled run is for its firing; a run recovered on another replica for the original firing. */
class ExportFiringTest {

    private final CamelContext context = new DefaultCamelContext();

    @Test
    void aFiringIsTheScheduledTime() {
        Exchange exchange = new DefaultExchange(context);
        Date scheduled = new Date(1_796_000_000_000L);
        exchange.getMessage().setHeader("scheduledFireTime", scheduled);
        exchange.getMessage().setHeader("mergedJobDataMap", Map.of("CamelQuartzEndpoint", "quartz://leads/export"));
        new ExportSteps(null).firing(exchange);
        assertEquals(scheduled, exchange.getMessage().getHeader(ExportFlow.FIRING));
    }

    @Test
    void aRecoveredRunIsForTheOriginalFiringNotTheRecoverys() {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("scheduledFireTime", new Date(1_796_000_060_000L)); // the recovery's
        exchange.getMessage().setHeader("mergedJobDataMap", Map.of(ExportSteps.RECOVERED_FIRING, "1796000000000"));
        new ExportSteps(null).firing(exchange);
        assertEquals(new Date(1_796_000_000_000L), exchange.getMessage().getHeader(ExportFlow.FIRING));
    }
}
