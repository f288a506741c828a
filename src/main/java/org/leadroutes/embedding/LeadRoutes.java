package org.leadroutes.embedding;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
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

    /** The YAML flows in the library's jar, for a host that loads them from there. */
    public static final List<String> FLOWS = List.of("classpath:org/leadroutes/routes/import.yaml",
            "classpath:org/leadroutes/routes/export.yaml", "classpath:org/leadroutes/routes/undo.yaml");

    /**
     * What a host supplies instead of the library's own parts (null: the library's). {@code settings}: the
     * {@code leads.*} values the host's configuration sets, by their catalogue key, where Camel's properties
     * component cannot read them as written (Spring's relaxed names, YAML lists); they take precedence.
     * {@code clock}: the time of the import's waits and watch. {@code crmHttpClient}: the CRM calls' HTTP client set-up
     * (authentication, no retries, no redirects: extend {@link CrmHttpClient} to add to it). {@code clusterDataSource}:
     * the replicas' database instead of {@code leads.cluster.jdbc-url} ({@code docs/replicas.md}).
     */
    public record Parts(Map<String, String> settings, Clock clock, CrmHttpClient crmHttpClient,
            DataSource clusterDataSource) {
        public Parts {
            settings = settings == null ? Map.of() : Map.copyOf(settings);
        }

        @Override
        public String toString() { // the settings' names only: their values hold the CRM's key and token
            return "Parts[settings " + new java.util.TreeSet<>(settings.keySet()) + ", clock " + clock + ", crmHttpClient "
                    + (crmHttpClient == null ? "the library's" : "the host's") + ", clusterDataSource "
                    + (clusterDataSource == null ? "none" : "the host's") + "]";
        }

        /** The library's own parts, its settings from the runtime's properties alone. */
        public static Parts library() {
            return new Parts(Map.of(), null, null, null);
        }
    }

    private final Parts parts;
    private final boolean flows;

    /** The Java side only: the host loads the YAML flows (Camel Main's {@code routes-include-pattern}). */
    public LeadRoutes() {
        this(Parts.library(), false);
    }

    private LeadRoutes(Parts parts, boolean flows) {
        this.parts = parts;
        this.flows = flows;
    }

    /**
     * The Java side and the YAML flows of the library's jar ({@link #FLOWS}), loaded once the settings are
     * registered, with the parts and settings the host supplies (the Spring Boot auto-configuration's).
     */
    public static LeadRoutes withFlows(Parts parts) {
        return new LeadRoutes(parts, true);
    }

    @Override
    public void addRoutesToCamelContext(CamelContext context) throws Exception {
        CamelLine.check(context);
        LeadSettings settings = LeadSettings.register(context, parts.settings());
        Clock clock = parts.clock() != null ? parts.clock() : Clock.systemUTC();
        RequestPacer pacer = new RequestPacer(settings.decimal("leads.import.max-requests-per-second"));
        RetryRule retries = new RetryRule((int) settings.number("leads.crm.retry.max-retries"),
                Duration.ofMillis(settings.number("leads.crm.retry.initial-delay-ms")),
                Duration.ofMillis(settings.number("leads.crm.retry.max-delay-ms")),
                TimeUtils.toDuration(settings.get("leads.crm.retry.max-wait")));
        org.leadroutes.importing.inbox.DropWaits waits = new org.leadroutes.importing.inbox.DropWaits(clock,
                Duration.ofMillis(settings.number("leads.import.outage-retry-ms")),
                Duration.ofMillis(settings.number("leads.import.outage-retry-max-ms")),
                Duration.ofMillis(settings.number("leads.import.done-watch-ms")));
        context.getRegistry().bind(ImportFlow.WAITS, waits);
        context.getRegistry().bind(ImportFlow.POLLS, new org.leadroutes.importing.inbox.InboxPolls(waits));
        org.leadroutes.crm.CrmTraffic traffic = new org.leadroutes.crm.CrmTraffic();
        context.getRegistry().bind(org.leadroutes.crm.CrmTraffic.BEAN, traffic);
        CrmAnswers answers = new CrmAnswers(pacer, retries, traffic, settings.crmForMessages());
        bindBeans(context, settings, waits, clock, answers);
        if (parts.clusterDataSource() != null) { // the host's, under the name the replicas look it up by
            context.getRegistry().bind(org.leadroutes.replicas.ClusterDatabase.DATA_SOURCE_BEAN, parts.clusterDataSource());
        }
        org.leadroutes.undoing.UndoSteps undo = context.getRegistry().lookupByNameAndType(
                org.leadroutes.undoing.UndoFlow.STEPS, org.leadroutes.undoing.UndoSteps.class);
        if (context.getClassResolver().resolveClass("io.micrometer.core.instrument.MeterRegistry") != null) {
            // the undo's meters, in the registry the run's meters go to (the composite where there are several)
            context.addStartupListener((started, alreadyStarted) -> undo.bindMetrics(
                    org.leadroutes.operating.RunMetrics.registry(started)));
        }
        installReplicas(context, settings);
        new CrmClientRoutes(answers).addRoutesToCamelContext(context);
        long crmCheckMillis = settings.number("leads.health.crm-check-ms");
        org.leadroutes.operating.CrmReadiness readiness = crmCheckMillis > 0 ? new org.leadroutes.operating.CrmReadiness(
                Duration.ofMillis(crmCheckMillis), settings.crmForMessages(), settings.credentialKey()) : null;
        if (readiness != null) {
            context.getRegistry().bind(org.leadroutes.operating.CrmReadiness.BEAN, readiness);
            readiness.onRecovery(waits::crmAnswered); // drops waiting for the CRM are taken at the next poll
        }
        org.leadroutes.operating.ImportLiveness liveness = new org.leadroutes.operating.ImportLiveness(
                context.getRegistry().lookupByNameAndType(org.leadroutes.importing.ImportWatch.BEAN,
                        org.leadroutes.importing.ImportWatch.class),
                TimeUtils.toDuration(settings.get("leads.health.import-stuck-after")),
                TimeUtils.toDuration(settings.get("leads.health.import-abandoned-after")));
        // logged within minutes even when no probe asks: a check every quarter of the bound, at most every 30 s
        liveness.checkEvery(context, Duration.ofMillis(Math.max(1000, Math.min(30_000,
                TimeUtils.toDuration(settings.get("leads.health.import-abandoned-after")).toMillis() / 4))));
        org.leadroutes.operating.DataFolderReadiness dataFolder = new org.leadroutes.operating.DataFolderReadiness(
                Path.of(settings.get("leads.data-dir")));
        context.getRegistry().bind(org.leadroutes.operating.DataFolderReadiness.BEAN, dataFolder);
        org.leadroutes.operating.Observability.install(context, readiness, dataFolder, liveness,
                context.getRegistry().lookupByNameAndType(org.leadroutes.operating.RunRecord.BEAN,
                        org.leadroutes.operating.RunRecord.class), traffic, pacer);
        if (readiness != null) {
            new org.leadroutes.operating.OperatingRoutes().addRoutesToCamelContext(context);
        }
        new VocabularyRoutes().addRoutesToCamelContext(context);
        if (flows) {
            for (String flow : FLOWS) {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, flow));
            }
        }
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
                    s.get(org.leadroutes.replicas.ClusterDatabase.URL_KEY), s.get("leads.cluster.username"), s.get("leads.cluster.password"),
                    (int) s.number("leads.cluster.pool-size"), Duration.ofMillis(s.number("leads.cluster.lock-check-ms")),
                    Duration.ofMillis(s.number("leads.cluster.restart-grace-ms")),
                    s.number("leads.cluster.checkin-ms"), ExportFlow.SCHEDULE_GROUP,
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

    private void bindBeans(CamelContext context, LeadSettings s, org.leadroutes.importing.inbox.DropWaits waits, Clock clock,
                           CrmAnswers answers) {
        Registry registry = context.getRegistry();
        registry.bind(CrmHttpClient.BEAN, parts.crmHttpClient() != null ? parts.crmHttpClient()
                : new CrmHttpClient(s.get("leads.crm.api-key"), s.get("leads.crm.token")));
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
                OnMatch.parse(s.get("leads.import.on-match")),
                s.number("leads.import.max-cell-bytes"),
                s.number("leads.import.max-row-bytes"),
                s.flag("leads.export.escape-formulas"),
                s.get("leads.import.unknown-status"),
                TimeUtils.toDuration(s.get("leads.import.uncertain-pause")),
                TimeUtils.toDuration(s.get("leads.import.uncertain-max-wait")),
                (int) s.number("leads.import.max-killed-tries"));
        org.leadroutes.importing.ImportWatch watch = new org.leadroutes.importing.ImportWatch(clock);
        registry.bind(org.leadroutes.importing.ImportWatch.BEAN, watch);
        ImportSteps importSteps = new ImportSteps(importing, waits, watch);
        registry.bind(ImportFlow.STEPS, importSteps);
        // a stop asked for ends the tries of the drops in flight: only a kill or an OutOfMemoryError leaves one open
        org.apache.camel.support.EventNotifierSupport stopping = new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                importSteps.tries().processStopping();
            }

            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
            }
        };
        context.getManagementStrategy().addEventNotifier(stopping);
        if (context.isStarted()) { // added to a running host
            org.apache.camel.support.service.ServiceHelper.startService(stopping);
        }
        registry.bind(org.leadroutes.importing.InboxBacklog.BEAN, new org.leadroutes.importing.InboxBacklog(context, waits,
                importing.dryRun(), clock));
        registry.bind(ImportFlow.MATCHING, new MatchSteps(importing));
        registry.bind(ImportFlow.SENDING, new SendSteps());
        org.leadroutes.importing.inbox.DropWaits undoWaits = new org.leadroutes.importing.inbox.DropWaits(clock,
                Duration.ofMillis(s.number("leads.import.outage-retry-ms")),
                Duration.ofMillis(s.number("leads.import.outage-retry-max-ms")));
        registry.bind(org.leadroutes.undoing.UndoFlow.WAITS, undoWaits);
        org.leadroutes.undoing.UndoSteps undo = new org.leadroutes.undoing.UndoSteps(importing, clock, undoWaits);
        registry.bind(org.leadroutes.undoing.UndoFlow.STEPS, undo);
        int senders = (int) Math.max(1, s.number("leads.import.concurrency"));
        // leads.import.concurrency sends at a time, whichever batch they are of: at most two batches are in flight
        // (one sent while the next is looked up), so the queue never holds more than their leads and the
        // batches' own threads never send (caller-runs is only a safety valve)
        ExecutorService pool = context.getExecutorServiceManager().newThreadPool(LeadRoutes.class, "lead-senders",
                new ThreadPoolProfileBuilder("lead-senders").poolSize(senders).maxPoolSize(senders)
                        .maxQueueSize(2 * ImportSteps.BATCH).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
        // the drop's batches, one at a time on this thread: each looked up, then its sends handed to the senders.
        // The split's parallel mode schedules its own next turn on this pool from this very thread, so the pool
        // needs a queue: with none (or a full one) caller-runs ran that turn inside the one before, one level deeper
        // per batch, until a StackOverflowError, swallowed by the pool's FutureTask, silently ended the drop's split
        // (the million-row dry run that stopped at 8,452 rows). A drop's split has at most two tasks queued here (its
        // next turn and the batch it handed over), so the queue is not bounded and nothing is ever run by the caller.
        registry.bind(ImportFlow.LOOKUPS, context.getExecutorServiceManager().newThreadPool(LeadRoutes.class,
                "lead-lookups", new ThreadPoolProfileBuilder("lead-lookups").poolSize(1).maxPoolSize(1)
                        .maxQueueSize(Integer.MAX_VALUE).rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build()));
        registry.bind(ImportFlow.SENDERS, pool);
        ExecutorService lookups = registry.lookupByNameAndType(ImportFlow.LOOKUPS, ExecutorService.class);
        watch.working(() -> org.leadroutes.importing.ImportWatch.anyAtWork(lookups, pool)); // the drop's threads, once batching
        ExportSettings export = ExportSettings.read(s::get);
        if (s.flag("leads.export.enabled")) { // a target that cannot work stops the start, naming the setting
            try {
                org.leadroutes.exporting.ExportTarget.check(context, export.target(), export.knownHosts());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(e.getMessage());
            }
        }
        int readers = Math.max(1, export.concurrency());
        // a window's pages are submitted together; the pool runs leads.export.concurrency of them at a time,
        // plus the thread that waits for the search's next range call
        registry.bind(ExportFlow.READERS, context.getExecutorServiceManager().newThreadPool(LeadRoutes.class, "export-readers",
                new ThreadPoolProfileBuilder("export-readers").poolSize(readers + 1).maxPoolSize(readers + 1)
                        .maxQueueSize(readers * 2).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build()));
        registry.bind(ExportFlow.STEPS, new ExportSteps(export));
        registry.bind(ExportFlow.BULK, new BulkRead(answers));
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
