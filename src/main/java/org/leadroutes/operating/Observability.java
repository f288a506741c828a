package org.leadroutes.operating;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.leadroutes.crm.CrmTraffic;
import org.leadroutes.crm.RequestPacer;

/**
 * Hooks the application into the runtime's health checks and metrics: the CRM and data folder readiness checks
 * ({@link CrmReadiness}, {@link DataFolderReadiness}) and the importer's liveness check ({@link ImportLiveness}) into Camel's
 * health-check registry, and the application's meters ({@link RunMetrics}) into its Micrometer registry
 * when it has one (the jar does, a host may not).
 */
public final class Observability {

    private Observability() {
    }

    public static void install(CamelContext context, CrmReadiness readiness, DataFolderReadiness dataFolder,
                               ImportLiveness liveness, RunRecord record, CrmTraffic traffic, RequestPacer pacer)
            throws Exception {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null && dataFolder != null) {
            health.register(dataFolder);
        }
        if (health != null && liveness != null) {
            health.register(liveness);
        }
        if (health != null && readiness != null) { // null: leads.health.crm-check-ms=0, no CRM check
            health.register(readiness);
        }
        if (context.getClassResolver().resolveClass("io.micrometer.core.instrument.MeterRegistry") != null) {
            // once: the listener hears each later route start too (a one-shot run starts its routes itself), and
            // registering the meters again only earns Micrometer's "already registered" warning
            java.util.concurrent.atomic.AtomicBoolean bound = new java.util.concurrent.atomic.AtomicBoolean();
            context.addStartupListener((started, alreadyStarted) -> {
                if (!bound.get() && RunMetrics.bindIfPresent(started, record, traffic, pacer)) {
                    bound.set(true);
                }
            });
        }
    }
}
