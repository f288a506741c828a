package org.leadroutes.exporting;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmFolder;
import org.leadroutes.crm.CrmRequest;
import org.leadroutes.crm.CrmTally;
import org.leadroutes.crm.CrmVocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An export run's life in the export flow (bean {@value ExportFlow#STEPS}): opened (file name, spool, the way
 * of reading; the leads are then read by the bean of that way: {@link BulkRead}, {@link SearchRead},
 * {@link PageRead}), the event log's pages, the file rendered, the firing claimed, the file published, the
 * report once published or failed. The
 * run's state is the {@link ExportRun} in the flow's variable {@value ExportFlow#RUN}. One export runs at a
 * time: a trigger that fires while one is running is skipped.
 */
public class ExportSteps {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.exporting");

    private final ExportSettings settings;
    private final AtomicBoolean running = new AtomicBoolean();

    public ExportSteps(ExportSettings settings) {
        this.settings = settings;
    }

    /** Where Quartz keeps a recovered run's original firing (epoch milliseconds, as text) in the job data map. */
    static final String RECOVERED_FIRING = org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS;

    /**
     * The schedule fired: the run is for that firing ({@value ExportFlow#FIRING}). A run recovered on this replica
     * after the replica running it stopped (several replicas, {@code recoverableJob}) is for the original firing,
     * not for the recovery's, so its file has the name the lost run would have published.
     */
    public void firing(Exchange exchange) {
        Object merged = exchange.getMessage().getHeader("mergedJobDataMap");
        Object original = merged instanceof Map<?, ?> map ? map.get(RECOVERED_FIRING) : null;
        if (original != null) {
            java.util.Date firing = new java.util.Date(Long.parseLong(original.toString().strip()));
            LOG.info("export: the run of the firing at {} stopped with its replica: run again here, once", firing.toInstant());
            exchange.getMessage().setHeader(ExportFlow.FIRING, firing);
            return;
        }
        Object scheduled = exchange.getMessage().getHeader("scheduledFireTime");
        exchange.getMessage().setHeader(ExportFlow.FIRING, scheduled instanceof java.util.Date ? scheduled : new java.util.Date());
    }

    /** Starts a run: its file name, its spool, its way of reading; or stops the exchange when one is running. */
    public void open(Exchange exchange) throws IOException {
        if (!running.compareAndSet(false, true)) {
            LOG.warn("an export is still running: this trigger is skipped");
            exchange.setRouteStop(true);
            return;
        }
        try {
            boolean shared = FiringClaims.in(exchange.getContext()) != null;
            removeLeftovers(shared);
            java.util.Date scheduled = exchange.getMessage().getHeader(ExportFlow.FIRING, java.util.Date.class);
            if (scheduled == null) { // not the schedule: a run for now
                exchange.getMessage().setHeader(ExportFlow.FIRING, new java.util.Date());
            }
            String evaluated = exchange.getContext().resolveLanguage("simple").createExpression(settings.fileName())
                    .evaluate(exchange, String.class);
            String fileName = fileName(evaluated, settings.format(), settings.gzip());
            // several replicas: two runs of one firing may upload at once (one paused, its claim taken over), each
            // under a temporary name of its own
            String runTag = shared ? java.util.UUID.randomUUID().toString().substring(0, 8) : null;
            String target = ExportTarget.publishing(settings.target(), settings.knownHosts(), runTag);
            String crmUrl = exchange.getContext().getPropertiesComponent().resolveProperty("leads.crm.url").orElse("crm");
            Path lastSuccess = settings.stateDir().resolve("export-" + CrmFolder.name(crmUrl) + ".last-success");
            Instant since = settings.incremental() && Files.exists(lastSuccess)
                    ? Instant.parse(Files.readString(lastSuccess).strip()) : null;
            // an incremental run's file also says which leads are gone: from Close's event log, or by comparing ids
            Deletions deletions = settings.incremental() ? Deletions.plan(settings.closeStyle(), since,
                    KnownIds.read(KnownIds.beside(lastSuccess)), settings.eventOverlap(), Instant.now()) : null;
            Instant changedSince = deletions == null ? since : deletions.readSince();
            ExportRun run = new ExportRun(settings, fileName, target, runTag, ExportTarget.describe(settings.target()),
                    changedSince, lastSuccess, deletions);
            if (deletions != null) {
                deletions.warnings().forEach(w -> LOG.warn("export {}: {}", fileName, w));
            }
            if (scheduled != null) {
                run.scheduledFiring(scheduled.toInstant());
            }
            exchange.setVariable(ExportFlow.RUN, run);
            exchange.setProperty(CrmTally.PROPERTY, run.crmTally()); // every CRM call of the run counts in its report
            exchange.getMessage().setBody(null);
            LOG.info("export {}: started: {} of {} at {} as {}{}, to {}", fileName,
                    changedSince == null ? "every lead" : "the leads created or changed since " + changedSince
                            + " (the start of the last successful run)",
                    run.style().describe(), ExportTarget.describe(crmUrl),
                    settings.format().name().toLowerCase(), settings.gzip() ? " (gzip)" : "", run.destination());
        } catch (IOException | RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    /** Close's custom field values come by id: the run's columns are named after the CRM's fields. */
    public void customFields(@Variable(ExportFlow.RUN) ExportRun run, @Variable(ExportFlow.VOCABULARY) CrmVocabulary vocabulary) {
        run.customFields(vocabulary);
    }

    /** Makes the exchange the call for the next page of Close's event log (leads deleted, merged away). */
    public void eventRequest(@Variable(ExportFlow.RUN) ExportRun run, Exchange exchange) {
        CrmRequest.set(exchange, "GET", EventPages.PATH, run.deletions().events().query());
        exchange.getMessage().setBody(null);
    }

    /** A page of the event log: what it says is gone goes to the run's deletions. */
    public void events(@Variable(ExportFlow.RUN) ExportRun run, Map<String, Object> answer) {
        EventPages events = run.deletions().events();
        events.read(answer, run.deletions());
        if (!events.hasMore()) {
            LOG.info("export {}: Close's event log from {} to {}: {} leads deleted or merged away, in {} pages, {} ms",
                    run.fileName(), events.from(), events.to(), events.events(), events.pages(), events.millis());
        }
    }

    /** The spool becomes the file to publish (CSV or JSON lines, gzip or not); the body is that file. */
    public void render(@Variable(ExportFlow.RUN) ExportRun run, Exchange exchange) throws IOException {
        File file = run.render();
        exchange.getMessage().setBody(file);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, run.fileName());
    }

    /**
     * Several replicas ({@link FiringClaims} bound): a scheduled run claims its firing before publishing, waiting
     * while another run of it publishes. Refused (that firing is published already, by a run another replica
     * recovered or the one it recovered from), the run stops here: nothing published twice, the incremental state
     * left to the run that published, the report left as that run wrote it.
     */
    public void claim(@Variable(ExportFlow.RUN) ExportRun run, Exchange exchange) {
        FiringClaims claims = FiringClaims.in(exchange.getContext());
        if (claims == null || run.scheduledFiring() == null) {
            return; // one process, or a run no schedule fired: nothing another replica runs too
        }
        FiringClaims.Claim claim = claims.claim(SCHEDULE, run.scheduledFiring(), run.fileName());
        run.claim(claim);
        if (claim.publishedBy() != null) {
            LOG.info("export {}: the firing at {} is published already, by {}: this run stops, nothing published twice",
                    run.fileName(), run.scheduledFiring(), claim.publishedBy());
            stopUnpublished(run, exchange, "published by " + claim.publishedBy());
        }
    }

    /**
     * Publishes the rendered file to leads.export.target: written under a temporary name and renamed when complete
     * (file, ftp, sftp). A run holding its firing's claim confirms it right before the rename ({@link
     * FencedPublish}); taken over meanwhile (this replica was paused for longer than the claims allow, and a run
     * on another replica took the firing), it stops as a refused run does: nothing published, the incremental
     * state and the report left to the run that took it.
     */
    public void publish(@Variable(ExportFlow.RUN) ExportRun run, Exchange exchange) throws Exception {
        FiringClaims.Claim claim = run.claim() != null && run.claim().publishedBy() == null ? run.claim() : null;
        org.apache.camel.Endpoint endpoint = exchange.getContext().getEndpoint(run.target());
        try {
            FencedPublish.send(endpoint, exchange, claim, run.runTag());
        } catch (Exception e) {
            FiringClaims.TakenOver takenOver = ExceptionUtils.throwableOfType(e, FiringClaims.TakenOver.class);
            if (takenOver == null) {
                throw e;
            }
            LOG.warn("export {}: the claim on the firing at {} was taken over by {} while this run was paused or cut"
                    + " off from the database: this run stops, nothing published", run.fileName(), run.scheduledFiring(), takenOver.by());
            stopUnpublished(run, exchange, "the claim was taken over by " + takenOver.by());
        } finally {
            if (run.runTag() != null) {
                try {
                    exchange.getContext().removeEndpoint(endpoint); // its temporary name is this run's: never used again
                } catch (Exception e) { // the publish's outcome stands either way
                    LOG.warn("export {}: its endpoint could not be removed ({}): it stays registered until the replica"
                            + " stops", run.fileName(), ExportTarget.masked(e.toString(), settings.target()));
                }
            }
        }
    }

    /** Another run publishes this run's firing: this one stops here, its report is not written. */
    private void stopUnpublished(ExportRun run, Exchange exchange, String why) {
        exchange.getMessage().setBody(run.report("skipped", why));
        end(run);
        exchange.setRouteStop(true);
    }

    /**
     * Several replicas: who published this run's firing already (its report is theirs); else null. Asked even when
     * this run held the claim: it may have been taken over while this run was paused, and the run resumed only to
     * fail (its connection to the server gone with the pause).
     */
    private static String publishedElsewhere(ExportRun run, Exchange exchange) {
        FiringClaims claims = FiringClaims.in(exchange.getContext());
        if (claims == null || run.scheduledFiring() == null) {
            return null; // one process, or a run for now
        }
        return claims.publishedBy(SCHEDULE, run.scheduledFiring());
    }

    /** The schedule's name in the claims: its Quartz group and name. */
    static final String SCHEDULE = ExportFlow.SCHEDULE_GROUP + "." + ExportFlow.SCHEDULE_NAME;

    /** The file is at its destination under its final name: summary line, report, clean up. */
    public ExportReport published(@Variable(ExportFlow.RUN) ExportRun run) {
        try {
            if (run.claim() != null) {
                run.claim().published(); // from here on, a run of this firing elsewhere stops before publishing
            }
            if (settings.incremental()) {
                // the ids first: a stop between the two leaves the newer ids with the older mark, and the next run
                // then reads from the older mark (deletions said twice are harmless), never the other way round
                remember(run.lastSuccess(), run.startedAt(), run.deletions());
            }
            ExportReport report = run.report("published", null);
            LOG.info("export {}: published to {}: {} leads, {} rows, {}, {} duplicates skipped, {} retries"
                    + " ({} rate limited), {} bytes in {} ms ({} leads/s)", report.file(), report.destination(), report.leads(),
                    report.rows(), run.pages().pagesRead(), report.duplicates(), report.retries(),
                    report.rateLimited(), report.bytes(),
                    report.durationMillis(), report.leadsPerSecond());
            report.warnings().forEach(w -> LOG.warn("export {}: {}", report.file(), w));
            writeQuietly(report);
            return report;
        } finally {
            end(run);
        }
    }

    /** What a run that failed before it opened is called in its summary line and its report. */
    static final String NOT_STARTED = "(not started)";

    /** The run failed: nothing was published under the final name. Says why and what to do; the trigger goes on. */
    public ExportReport failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ExportRun run = exchange.getVariable(ExportFlow.RUN, ExportRun.class);
        String name = run == null ? NOT_STARTED : run.fileName();
        try {
            String error = ExportTarget.masked(ExportFailures.explain(e, run, settings), settings.target());
            if (ExceptionUtils.throwableOfType(e, CrmException.class) != null || PublishFailure.of(e) != null) {
                LOG.error("export {}: failed, nothing was published: {}", name, error);
            } else {
                LOG.error("export {}: failed, nothing was published under its final name: {}", name, error, e);
            }
            if (run != null) {
                ExportReport report = run.report("failed", error);
                String publishedBy = publishedElsewhere(run, exchange);
                if (publishedBy != null) { // a resumed run of a firing another replica ran again and published
                    LOG.warn("export {}: the firing at {} was published by {}: its file and report stand", name,
                            run.scheduledFiring(), publishedBy);
                } else {
                    writeQuietly(report);
                }
                return report;
            }
            // failed before the run opened (its state folder, its file name, the last success it reads): no file
            // name to write a report under, but the run failed all the same and is counted so
            Instant now = Instant.now();
            return ExportReport.builder().file(NOT_STARTED).status("failed").error(error).api(settings.api())
                    .format(settings.format().name().toLowerCase()).gzip(settings.gzip())
                    .destination(ExportTarget.describe(settings.target()))
                    .startedAt(now.toString()).finishedAt(now.toString()).build();
        } finally {
            if (run != null) {
                end(run);
            } else {
                running.set(false);
            }
        }
    }

    private static void remember(Path lastSuccess, Instant started, Deletions deletions) {
        try {
            KnownIds.write(KnownIds.beside(lastSuccess), deletions.knownAfter());
        } catch (IOException e) {
            LOG.warn("cannot record the lead ids of this export in {}: the next incremental run reads from the one"
                    + " before ({})", KnownIds.beside(lastSuccess), e.toString());
            return;
        }
        try {
            Files.createDirectories(lastSuccess.getParent());
            Path tmp = lastSuccess.resolveSibling(lastSuccess.getFileName() + ".tmp");
            Files.writeString(tmp, started.toString() + "\n");
            Files.move(tmp, lastSuccess, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot record the start of this export in {}: the next incremental run reads from the one"
                    + " before ({})", lastSuccess, e.toString());
        }
    }

    private void end(ExportRun run) {
        run.cleanup();
        running.set(false);
    }

    private void writeQuietly(ExportReport report) {
        try {
            report.write(settings.reportsDir());
        } catch (RuntimeException e) {
            LOG.warn("export {}: cannot write its report: {}", report.file(), e.getMessage());
        }
    }

    /** Several replicas share the folder: another's work files are left alone until they are this old. */
    static final Duration SHARED_LEFTOVER_AGE = Duration.ofHours(24);

    /**
     * Work files of a run that was killed. One process runs one export at a time, so none of them is in use.
     * Replicas share the data folder: a run on a paused replica may still use its files (the claim decides which
     * run publishes), so only files no one has written for {@link #SHARED_LEFTOVER_AGE} are removed.
     */
    private void removeLeftovers(boolean shared) throws IOException {
        Path state = settings.stateDir();
        if (!Files.isDirectory(state)) {
            return;
        }
        Instant before = Instant.now().minus(SHARED_LEFTOVER_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(state, ExportRun.SPOOL_PREFIX + "*.part")) {
            for (Path file : files) {
                if (shared && Files.getLastModifiedTime(file).toInstant().isAfter(before)) {
                    continue;
                }
                LOG.info("removing {} left by an export that did not finish", file.getFileName());
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * The published name: a {@code .csv}/{@code .jsonl} ending follows the format, {@code .gz} follows
     * the gzip switch, so the name always says what the file holds.
     */
    static String fileName(String evaluated, ExportSettings.Format format, boolean gzip) {
        String name = evaluated.trim();
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        String extension = format == ExportSettings.Format.CSV ? ".csv" : ".jsonl";
        if (name.endsWith(".csv") || name.endsWith(".jsonl")) {
            name = name.substring(0, name.lastIndexOf('.')) + extension;
        }
        return gzip ? name + ".gz" : name;
    }
}
