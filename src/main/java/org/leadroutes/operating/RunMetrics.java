package org.leadroutes.operating;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.leadroutes.crm.CrmTraffic;
import org.leadroutes.crm.RequestPacer;
import org.leadroutes.exporting.ExportReport;

/**
 * The application's own metrics, next to Camel's, in the runtime's Micrometer registry (Prometheus at
 * {@code /observe/metrics} in the jar): rows read, leads created and matched, rows rejected and uncertain,
 * drops and exports with their durations, the last successful export, and per CRM endpoint group the calls,
 * 429s, retries and the pace the adaptive limiter holds. Read from {@link RunRecord} and {@link CrmTraffic}.
 */
public final class RunMetrics {

    private RunMetrics() {
    }

    /**
     * The runtime's registry: the only one, or where there are several (Spring Boot with two exporters) the
     * composite that feeds them all.
     */
    public static MeterRegistry registry(CamelContext context) {
        MeterRegistry single = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (single != null) {
            return single;
        }
        return context.getRegistry().findByType(MeterRegistry.class).stream()
                .filter(io.micrometer.core.instrument.composite.CompositeMeterRegistry.class::isInstance)
                .findFirst().orElse(null);
    }

    /** Registers the meters when the runtime has a Micrometer registry; does nothing otherwise. @return whether it did */
    static boolean bindIfPresent(CamelContext context, RunRecord record, CrmTraffic traffic, RequestPacer pacer) {
        MeterRegistry registry = registry(context);
        if (registry == null) {
            return false;
        }
        counter(registry, "leads.import.rows", "data rows read from drops", record, RunRecord::rowsRead);
        counter(registry, "leads.import.new.leads", "leads created in the CRM", record, RunRecord::leadsCreated);
        counter(registry, "leads.import.leads.matched", "leads the CRM already had, matched", record, RunRecord::leadsMatched);
        counter(registry, "leads.import.rows.rejected", "rows rejected (in a rejects file)", record, RunRecord::rowsRejected);
        counter(registry, "leads.import.rows.uncertain", "rows whose lead may or may not have been created", record,
                RunRecord::rowsUncertain);
        counter(registry, "leads.export.leads", "leads in published exports", record, RunRecord::leadsExported);
        Gauge.builder("leads.export.last.success", record,
                        r -> r.lastExport() == null ? Double.NaN : r.lastExport().toEpochMilli() / 1000.0)
                .description("when the last export of this process was published (Unix time)").baseUnit("seconds")
                .register(registry);
        Timer dropsDone = timer(registry, "leads.import.drop", "done");
        Timer dropsFailed = timer(registry, "leads.import.drop", "failed");
        Timer exportsPublished = timer(registry, "leads.export.run", "published");
        Timer exportsFailed = timer(registry, "leads.export.run", "failed");
        record.listen(new RunRecord.Listener() {
            @Override
            public void dropEnded(long durationMillis, boolean failed) {
                (failed ? dropsFailed : dropsDone).record(Duration.ofMillis(Math.max(0, durationMillis)));
            }

            @Override
            public void exportEnded(ExportReport report) {
                ("published".equals(report.status()) ? exportsPublished : exportsFailed)
                        .record(report.durationMillis(), TimeUnit.MILLISECONDS);
            }
        });
        traffic.eachGroup(group -> {
            FunctionCounter.builder("leads.crm.calls", traffic, t -> t.attempts(group)).tag("group", group)
                    .description("attempts sent to the CRM").register(registry);
            FunctionCounter.builder("leads.crm.rate.limited", traffic, t -> t.rateLimited(group)).tag("group", group)
                    .description("answers that were 429").register(registry);
            FunctionCounter.builder("leads.crm.retries", traffic, t -> t.retries(group)).tag("group", group)
                    .description("attempts sent again after a 429 or a failure").register(registry);
            Gauge.builder("leads.crm.pace", pacer, p -> {
                        double rate = p.learnedRate(group);
                        return Double.isInfinite(rate) ? Double.NaN : rate;
                    }).tag("group", group).baseUnit("requests.per.second")
                    .description("the pace the adaptive limiter holds after 429s (NaN: none met)").register(registry);
        });
        return true;
    }

    private static void counter(MeterRegistry registry, String name, String description, RunRecord record,
                                ToDoubleFunction<RunRecord> value) {
        FunctionCounter.builder(name, record, value).description(description).register(registry);
    }

    private static Timer timer(MeterRegistry registry, String name, String outcome) {
        return Timer.builder(name).tag("outcome", outcome).register(registry);
    }
}
