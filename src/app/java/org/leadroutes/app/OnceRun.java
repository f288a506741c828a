package org.leadroutes.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.leadroutes.crm.CrmAuthException;
import org.leadroutes.embedding.LeadSettings;
import org.leadroutes.exporting.ExportFlow;
import org.leadroutes.importing.InboxBacklog;
import org.leadroutes.importing.ImportFlow;
import org.leadroutes.importing.inbox.DropWaits;
import org.leadroutes.operating.RunRecord;
import org.leadroutes.undoing.UndoFlow;
import org.leadroutes.undoing.UndoReport;
import org.leadroutes.undoing.UnknownDropException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run and out, for cron and Kubernetes CronJobs ({@code --once}): the CRM is checked before any file is
 * touched (a refused key ends the run with {@value RunRecord#INVALID_CONFIGURATION}, the files stay in the
 * inbox), every file in the inbox is imported, one export runs (unless {@code leads.export.enabled=false}),
 * and the exit code says how it went ({@link RunRecord#exitCode()}).
 */
final class OnceRun {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.app");
    private static final String INBOX_ROUTE = ImportFlow.ROUTE;
    /**
     * Routes a one-shot run starts itself, or not at all (the schedule): Camel's {@code autoStartupExcludePattern}
     * ({@link StartUp}); the others start with the context, so the run logs no route starts but the inbox's.
     */
    static final String NOT_STARTED = String.join(",", INBOX_ROUTE, ExportFlow.SCHEDULE_ROUTE,
            ExportFlow.ON_START_ROUTE, org.leadroutes.operating.OperatingRoutes.CRM_CHECK_ROUTE,
            org.leadroutes.undoing.UndoFlow.INBOX_ROUTE); // a one-shot run undoes only what --undo names
    private static final long WAIT_LOG_NANOS = 30_000_000_000L;
    /** The setting {@code --undo DROP} sets: the run takes that drop back out of the CRM instead. */
    static final String UNDO = "leads.undo";

    private final CamelContext context;
    private final LeadSettings settings;

    OnceRun(CamelContext context) {
        this.context = context;
        this.settings = LeadSettings.of(context);
    }

    int run() {
        boolean allTaken = true;
        boolean exported = true;
        java.sql.Connection lead = null; // several replicas: the session that holds the import's lock
        try {
            Integer refused = checkCrm();
            if (refused != null) {
                return refused;
            }
            org.leadroutes.replicas.ImportLeadership replicas = context.getRegistry().lookupByNameAndType(
                    org.leadroutes.replicas.Replicas.LEADERSHIP_BEAN, org.leadroutes.replicas.ImportLeadership.class);
            if (replicas != null) { // several replicas: this run works only if no other replica imports
                lead = replicas.tryLeadOnce();
                if (lead == null) {
                    LOG.info("one-shot run: another replica imports the inbox (it holds the lock in the replicas'"
                            + " database): this run imports and exports nothing");
                    return RunRecord.ALL_DONE;
                }
                LOG.info("one-shot run: replica {} leads the import for this run", replicas.replica());
            }
            if (!property(UNDO).isEmpty()) {
                return undo(property(UNDO));
            }
            if (flag("leads.import.enabled")) {
                allTaken = importInbox();
            }
            if (flag("leads.export.enabled")) {
                exported = export();
            }
        } catch (Exception e) {
            LOG.error("the one-shot run failed: {}", e.toString(), e);
            return RunRecord.FAILED;
        } finally {
            if (lead != null) {
                try {
                    org.leadroutes.replicas.ImportLeadership.release(lead);
                } catch (java.sql.SQLException e) {
                    LOG.debug("closing the lock's session: {}", e.toString());
                }
            }
        }
        RunRecord record = context.getRegistry().lookupByNameAndType(RunRecord.BEAN, RunRecord.class);
        int code = allTaken && exported ? record.exitCode() : RunRecord.FAILED;
        LOG.info("one-shot run done, exit code {}: {}", code, record.summary());
        return code;
    }

    /**
     * Runs one export. Its flow says why a run failed and counts it ({@link RunRecord}); a failure that escaped the
     * flow is said here, and counted too (the run's exchange failed).
     *
     * @return whether the run did not fail
     */
    private boolean export() {
        RunRecord record = context.getRegistry().lookupByNameAndType(RunRecord.BEAN, RunRecord.class);
        long failedBefore = record.exportsFailed();
        try {
            context.createProducerTemplate().requestBody(ExportFlow.ENDPOINT, (Object) null);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("one-shot run: the export failed, nothing was published: {}", org.leadroutes.exporting.ExportTarget
                    .masked(String.valueOf(cause.getMessage()), property("leads.export.target")), cause);
            return false;
        }
        return record.exportsFailed() == failedBefore;
    }

    /** Null when the CRM answers and takes the key; else the exit code. */
    private Integer checkCrm() {
        try {
            context.createProducerTemplate().requestBody("direct:crm-check", (Object) null);
            return null;
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof CrmAuthException) {
                LOG.error("{}: fix {}. Nothing was imported or exported; the files stay in the inbox",
                        e.getCause().getMessage(), settings.credentialKey()); // the message names the CRM and the refusal
                return RunRecord.INVALID_CONFIGURATION;
            }
            if (e.getCause() instanceof org.leadroutes.crm.CrmOutageException outage) { // as a service's drops do
                LOG.error("waiting for the CRM: {}; nothing was imported or exported, the files stay in the inbox and"
                        + " the next run imports them: {}", outage.getMessage(), outage.advice());
            } else {
                LOG.error("the CRM at {} cannot be checked: {}. Nothing was imported or exported; the files stay in"
                        + " the inbox", settings.crmForMessages(), e.getCause() == null ? e.toString() : e.getCause().getMessage());
            }
            return RunRecord.FAILED;
        }
    }

    /**
     * Starts the inbox, waits until every file that was in it has been taken and moved, then stops it. A file
     * that is not taken while no drop is in progress for {@code leads.once.wait-seconds} (still being written,
     * not readable) is left for the next run, and the run fails: a cron job must not wait for ever.
     *
     * @return whether every file was taken
     */
    private boolean importInbox() throws Exception {
        Path inbox = Path.of(property("leads.data-dir")).resolve("inbox");
        List<Path> waiting = eligible();
        LOG.info("one-shot run: {} files in {}", waiting.size(), inbox);
        context.getRouteController().startRoute(INBOX_ROUTE);
        long lastLog = System.nanoTime();
        long lastProgress = System.nanoTime();
        long stallSeconds = Long.parseLong(property("leads.once.wait-seconds"));
        DropWaits waits = context.getRegistry().lookupByNameAndType(ImportFlow.WAITS, DropWaits.class);
        RunRecord record = context.getRegistry().lookupByNameAndType(RunRecord.BEAN, RunRecord.class);
        List<Path> forCrm = new ArrayList<>();
        while (!waiting.isEmpty()) {
            for (Path file : waiting) { // a drop that met a CRM outage waits in the inbox: for the next run here
                if (waits != null && waits.of(file).isPresent()) {
                    forCrm.add(file);
                }
            }
            if (waiting.removeIf(file -> !Files.exists(file) || forCrm.contains(file)
                    || record.previewed(file.getFileName().toString())) // a dry run leaves it in the inbox
                    || context.getInflightRepository().size(INBOX_ROUTE) > 0) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallSeconds * 1_000_000_000L) {
                LOG.error("one-shot run: {} files were not taken in {} s (still being written, or not readable); they"
                        + " stay in the inbox for the next run: {}", waiting.size(), stallSeconds,
                        waiting.stream().map(f -> f.getFileName().toString()).toList());
                break;
            }
            if (System.nanoTime() - lastLog > WAIT_LOG_NANOS) {
                lastLog = System.nanoTime();
                LOG.info("one-shot run: waiting for {} files to be imported: {}", waiting.size(),
                        waiting.stream().map(f -> f.getFileName().toString()).toList());
            }
            Thread.sleep(100);
        }
        context.getRouteController().stopRoute(INBOX_ROUTE); // a file dropped meanwhile waits for the next run
        if (!forCrm.isEmpty()) {
            LOG.warn("one-shot run: {} files wait for the CRM ({}); they stay in the inbox and the next run imports"
                    + " them, resuming where they stopped: {}", forCrm.size(), waits.of(forCrm.get(0))
                    .map(DropWaits.Waiting::reason).orElse("an outage"),
                    forCrm.stream().map(f -> f.getFileName().toString()).toList());
        }
        return waiting.isEmpty();
    }

    /**
     * {@code --undo DROP}: the drop taken back out of the CRM ({@code routes/undo.yaml}). 0: all of it taken back
     * (or already gone); 3: done, with items changed in the CRM since the drop kept (listed in the report); 1: some
     * failed, or the CRM stopped answering (run it again: it resumes); 2: no drop of that name wrote to this CRM.
     */
    private int undo(String drop) {
        UndoReport report;
        try {
            report = context.createProducerTemplate().requestBody(UndoFlow.ENDPOINT, drop, UndoReport.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof UnknownDropException unknown) {
                LOG.error("undo: {}; nothing was changed", unknown.getMessage());
                return RunRecord.INVALID_CONFIGURATION;
            }
            LOG.error("undo of {} failed: {}", drop, e.getCause() == null ? e.toString() : e.getCause().getMessage(), e);
            return RunRecord.FAILED;
        }
        int code = report.failed() > 0 || report.waiting() > 0 ? RunRecord.FAILED
                : report.kept() > 0 ? RunRecord.DONE_WITH_REJECTS : RunRecord.ALL_DONE;
        LOG.info("one-shot run done, exit code {}: undo of {} {}; report {}", code, report.drop(), report.status(),
                report.results().replace(".results.csv", ".report.json"));
        return code;
    }

    /** The files the inbox's consumer takes ({@link InboxBacklog#eligible}). */
    private List<Path> eligible() {
        return InboxBacklog.eligible((GenericFileEndpoint<?>) context.getRoute(INBOX_ROUTE).getEndpoint());
    }

    private boolean flag(String key) {
        return Boolean.parseBoolean(property(key));
    }

    private String property(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).orElse("");
    }
}
