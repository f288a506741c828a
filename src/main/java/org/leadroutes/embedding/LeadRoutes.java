package org.leadroutes.embedding;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.leadroutes.crm.CrmAnswers;
import org.leadroutes.crm.CrmClientRoutes;
import org.leadroutes.crm.CrmHttpClient;
import org.leadroutes.crm.RequestPacer;
import org.leadroutes.crm.RetryRule;
import org.leadroutes.crm.VocabularyRoutes;
import org.leadroutes.exporting.BulkRead;
import org.leadroutes.exporting.ExportFlow;
import org.leadroutes.exporting.PageRead;
import org.leadroutes.exporting.SearchRead;
import org.leadroutes.exporting.ExportSettings;
import org.leadroutes.exporting.ExportSteps;
import org.leadroutes.importing.ImportFlow;
import org.leadroutes.importing.ImportSettings;
import org.leadroutes.importing.ImportSteps;
import org.leadroutes.importing.MatchSteps;
import org.leadroutes.importing.SendSteps;
import org.leadroutes.matching.MatchKey;
import org.leadroutes.matching.OnMatch;

/**
 * Adds the Java side of crm-lead-routes to any CamelContext: the beans the routes call (bound by
 * name) and the Java DSL routes the YAML flows in {@code routes/} are built from. Use it as
 * {@code context.addRoutes(new LeadRoutes())}, or list it in Camel Main's
 * {@code camel.main.routes-builder-classes}. Configuration comes from the runtime's
 * {@code leads.*} properties; nothing here assumes the standalone jar.
 */
public class LeadRoutes implements RoutesBuilder {

    @Override
    public void addRoutesToCamelContext(CamelContext context) throws Exception {
        LeadSettings settings = LeadSettings.register(context);
        RequestPacer pacer = new RequestPacer(settings.decimal("leads.import.max-requests-per-second"));
        RetryRule retries = new RetryRule((int) settings.number("leads.crm.retry.max-retries"),
                Duration.ofMillis(settings.number("leads.crm.retry.initial-delay-ms")),
                Duration.ofMillis(settings.number("leads.crm.retry.max-delay-ms")),
                TimeUtils.toDuration(settings.get("leads.crm.retry.max-wait")));
        bindBeans(context, settings);
        installReplicas(context, settings);
        org.leadroutes.crm.CrmTraffic traffic = new org.leadroutes.crm.CrmTraffic();
        context.getRegistry().bind(org.leadroutes.crm.CrmTraffic.BEAN, traffic);
        context.getRegistry().bind("requestPacer", pacer);
        new CrmClientRoutes(new CrmAnswers(pacer, retries, traffic)).addRoutesToCamelContext(context);
        long crmCheckMillis = settings.number("leads.health.crm-check-ms");
        org.leadroutes.operating.CrmReadiness readiness = crmCheckMillis > 0 ? new org.leadroutes.operating.CrmReadiness(
                Duration.ofMillis(crmCheckMillis), settings.crmForMessages(), settings.credentialKey()) : null;
        if (readiness != null) {
            context.getRegistry().bind(org.leadroutes.operating.CrmReadiness.BEAN, readiness);
        }
        org.leadroutes.operating.Observability.install(context, readiness,
                context.getRegistry().lookupByNameAndType(org.leadroutes.operating.RunRecord.BEAN,
                        org.leadroutes.operating.RunRecord.class), traffic, pacer);
        if (readiness != null) {
            new org.leadroutes.operating.OperatingRoutes().addRoutesToCamelContext(context);
        }
        new VocabularyRoutes().addRoutesToCamelContext(context);
    }

    /**
     * Several replicas on one data folder ({@code leads.cluster.*}): the import on one of them at a time, each
     * scheduled export once. Nothing changes when no database is configured.
     */
    private static void installReplicas(CamelContext context, LeadSettings s) throws Exception {
        boolean once = context.getPropertiesComponent().resolveProperty("leads.once")
                .map(v -> Boolean.parseBoolean(v.trim())).orElse(false);
        try {
            org.leadroutes.replicas.Replicas.install(context, new org.leadroutes.replicas.Replicas.Settings(
                    s.get("leads.cluster.jdbc-url"), s.get("leads.cluster.username"), s.get("leads.cluster.password"),
                    (int) s.number("leads.cluster.pool-size"), Duration.ofMillis(s.number("leads.cluster.lock-check-ms")),
                    Duration.ofMillis(s.number("leads.cluster.restart-grace-ms")),
                    s.number("leads.cluster.checkin-ms"), ImportFlow.ROUTE, ExportFlow.SCHEDULE_GROUP,
                    ExportFlow.SCHEDULE_NAME, s.get("leads.export.cron"), s.get("leads.export.timezone"), once,
                    s.flag("leads.import.enabled"), s.flag("leads.export.enabled")));
        } catch (org.leadroutes.replicas.DatabaseUnreachableException e) {
            throw new InvalidSettingException(e.getMessage());
        }
    }

    @Override
    public void addTemplatedRoutesToCamelContext(CamelContext context) {
        // no route templates
    }

    @Override
    public Set<String> updateRoutesToCamelContext(CamelContext context) throws Exception {
        addRoutesToCamelContext(context);
        return Set.of();
    }

    private static void bindBeans(CamelContext context, LeadSettings s) {
        Registry registry = context.getRegistry();
        registry.bind("crmHttpClient", new CrmHttpClient(s.get("leads.crm.api-key"), s.get("leads.crm.token")));
        ImportSettings importing = new ImportSettings(
                Path.of(s.get("leads.data-dir")),
                s.get("leads.crm.url"),
                s.flag("leads.import.dry-run"),
                s.get("leads.import.mapping-file"),
                s.flag("leads.import.group-by-company"),
                s.get("leads.import.default-region"),
                Charset.forName(s.get("leads.import.charset")),
                s.number("leads.import.bucket-bytes"),
                s.number("leads.import.progress-seconds"),
                MatchKey.parse(s.get("leads.import.match")),
                OnMatch.parse(s.get("leads.import.on-match")));
        registry.bind(ImportFlow.STEPS, new ImportSteps(importing));
        registry.bind(ImportFlow.MATCHING, new MatchSteps(importing));
        registry.bind(ImportFlow.SENDING, new SendSteps());
        int senders = (int) Math.max(1, s.number("leads.import.concurrency"));
        // leads.import.concurrency sends at a time, whichever batch they are of: at most two batches are in flight
        // (one sent while the next is looked up), so the queue never holds more than their leads and the
        // batches' own threads never send (caller-runs is only a safety valve)
        ExecutorService pool = context.getExecutorServiceManager().newThreadPool(LeadRoutes.class, "lead-senders",
                new ThreadPoolProfileBuilder("lead-senders").poolSize(senders).maxPoolSize(senders)
                        .maxQueueSize(2 * ImportSteps.BATCH).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
        // one batch looked up (on this thread) while the drop's thread sends the one before: two batches at most
        registry.bind(ImportFlow.LOOKUPS, context.getExecutorServiceManager().newThreadPool(LeadRoutes.class,
                "lead-lookups", new ThreadPoolProfileBuilder("lead-lookups").poolSize(1).maxPoolSize(1)
                        .maxQueueSize(0).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build()));
        registry.bind(ImportFlow.SENDERS, pool);
        ExportSettings export = ExportSettings.read(s::get);
        int readers = Math.max(1, export.concurrency());
        // a window's pages are submitted together; the pool runs leads.export.concurrency of them at a time,
        // plus the thread that waits for the search's next range call
        registry.bind(ExportFlow.READERS, context.getExecutorServiceManager().newThreadPool(LeadRoutes.class, "export-readers",
                new ThreadPoolProfileBuilder("export-readers").poolSize(readers + 1).maxPoolSize(readers + 1)
                        .maxQueueSize(readers * 2).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build()));
        registry.bind(ExportFlow.STEPS, new ExportSteps(export));
        registry.bind(ExportFlow.BULK, new BulkRead());
        registry.bind(ExportFlow.SEARCH, new SearchRead());
        registry.bind(ExportFlow.PAGES, new PageRead(export.concurrency()));
        // what the drops and exports of this process did: a one-shot run's exit code, the metrics
        org.leadroutes.operating.RunRecord record = new org.leadroutes.operating.RunRecord();
        registry.bind(org.leadroutes.operating.RunRecord.BEAN, record);
        org.leadroutes.operating.RunEvents events = new org.leadroutes.operating.RunEvents(record);
        context.getManagementStrategy().addEventNotifier(events);
        if (context.isStarted()) { // added to a running host
            org.apache.camel.support.service.ServiceHelper.startService(events);
        }
    }
}
