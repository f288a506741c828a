package org.leadroutes.replicas;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/** {@code leads.import.leader}: 1 while this replica imports the inbox, else 0 (only with a Micrometer registry). */
final class LeaderMetric {

    private LeaderMetric() {
    }

    static void bindIfPresent(CamelContext context, ImportLeadership leadership) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        // the startup listeners run again when the leadership starts the import's route: registered once
        if (registry != null && registry.find("leads.import.leader").gauge() == null) {
            Gauge.builder("leads.import.leader", leadership, l -> l.leadsImport() ? 1 : 0)
                    .description("1 while this replica is the one importing the inbox (several replicas), else 0")
                    .register(registry);
        }
    }
}
