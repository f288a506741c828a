package org.leadroutes.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

import org.leadroutes.crm.CrmTally;
import org.leadroutes.importing.inbox.DropFile;
import org.leadroutes.importing.inbox.DropName;
import org.leadroutes.importing.ledger.DropLedger;
import org.leadroutes.importing.ledger.ImportReport;
import org.leadroutes.importing.ledger.ImportReports;
import org.leadroutes.mapping.LeadAssembler;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.MappedRow;
import org.leadroutes.mapping.ResolvedColumns;
import org.leadroutes.mapping.RowMapper;
import org.leadroutes.matching.LeadMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop once it is open: its rows staged ({@link RowStaging}), its leads handed out from the spill with what
 * an earlier drop of the same content settled passed over, its outcomes written ({@link DropOutcomes}), its
 * counts ({@link DropTally}) and, at the end, its report. Opened by {@link ImportSteps#open} and held by the
 * {@link Drop}; the flow's steps are stateless and act on it.
 */
public final class DropSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");

    private final DropName name;
    private final DropFile file;
    private final ImportSettings settings;
    private final ResolvedColumns columns;
    private final List<String> warnings;
    private final DropTally tally;
    private final GroupSpill spill;
    private final DropOutcomes outcomes;
    private final RowStaging staging;
    private final Map<String, Instant> inFlightAtStop = new ConcurrentHashMap<>();
    private LeadMatcher matcher;
    private final MergeTurns mergeTurns = new MergeTurns();

    DropSession(DropName name, DropFile file, ImportSettings settings, Path ledgerDir, ResolvedColumns columns,
                RowMapper mapper, List<String> warnings) throws IOException {
        this.name = name;
        this.file = file;
        this.settings = settings;
        this.columns = columns;
        this.warnings = new ArrayList<>(warnings);
        this.tally = new DropTally(name.shown(), settings.progressSeconds());
        this.spill = new GroupSpill(settings.stateDir().resolve(file.sha256() + ".work"), Files.size(file.path()),
                settings.bucketBytes());
        this.outcomes = new DropOutcomes(name, file, settings, ledgerDir, tally);
        this.staging = new RowStaging(file, mapper, spill, outcomes, tally);
        this.ledger = outcomes.hasHistory() ? ledgerDir.resolve(file.sha256() + ".ledger") : null;
        if (ledger != null) { // whether it resumes or was imported already, the end says
            LOG.debug("{}: this content was dropped before: {}", name.shown(), ledger);
        }
    }

    /** The ledger of an earlier drop of the same content, or null. */
    private final Path ledger;

    /** Called at each row read or done, so liveness can tell a drop that moves from one that is stuck. */
    void onProgress(Runnable moved) {
        tally.onProgress(moved);
    }

    public boolean dryRun() {
        return settings.dryRun();
    }

    public CrmTally crmTally() {
        return tally.crm;
    }

    RowStaging staging() {
        return staging;
    }

    DropOutcomes outcomes() {
        return outcomes;
    }

    /** The leads to send, grouped one bucket at a time; leads an earlier run settled are passed over. */
    Iterator<PendingLead> pendingLeads() throws IOException {
        staging.endOfRows();
        Iterator<Map.Entry<String, List<MappedRow>>> groups = spill.groups();
        return new Iterator<>() {
            private PendingLead next;

            @Override
            public boolean hasNext() {
                while (next == null && groups.hasNext()) {
                    Map.Entry<String, List<MappedRow>> group = groups.next();
                    PendingLead lead = LeadAssembler.assemble(group.getKey(), group.getValue());
                    tally.leads.incrementAndGet();
                    if (!settled(lead)) {
                        next = lead;
                    }
                }
                return next != null;
            }

            @Override
            public PendingLead next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PendingLead lead = next;
                next = null;
                return lead;
            }
        };
    }

    /** Whether an earlier drop of the same content settled the lead; a lead it left in flight is looked up first. */
    private boolean settled(PendingLead lead) {
        DropLedger.Entry earlier = outcomes.earlier(lead);
        if (earlier == null) {
            return false;
        }
        switch (earlier.state()) {
            case NOT_CREATED -> {
                return false;
            }
            case CREATED -> {
                outcomes.settledBefore(lead, earlier.detail());
                return true;
            }
            case CARRIED -> { // created by a try of this drop that read less of the file: merged into, not skipped
                if (settings.match().isEmpty()) { // no look-up to find it by: settled, its later rows not added
                    outcomes.settledBefore(lead, earlier.detail());
                    return true;
                }
                outcomes.createdByEarlierTry(lead, earlier.detail());
                return false;
            }
            case UNCERTAIN -> {
                if (earlier.detail() != null && !settings.dryRun()) { // sent at a known time: looked up at the end
                    outcomes.uncertainBefore(lead, "uncertain: an earlier try of this drop could not tell whether the"
                            + " CRM created this lead", Instant.ofEpochMilli(Long.parseLong(earlier.detail())));
                    return true;
                }
                outcomes.uncertain(lead, "uncertain: an earlier run could not tell whether the CRM created this lead;"
                        + " check the CRM for '" + lead.payload().get("name") + "' before importing these rows again");
                return true;
            }
            default -> { // SENDING: the process stopped while this lead was in flight; it is looked up first
                if (!settings.dryRun()) {
                    inFlightAtStop.put(lead.groupKey(), Instant.ofEpochMilli(Long.parseLong(earlier.detail())));
                }
                return false;
            }
        }
    }

    /** The matcher of this drop, its custom: keys resolved against the CRM's fields. */
    void matchWith(LeadMatcher matcher) {
        this.matcher = matcher;
    }

    /** Merges into one CRM lead, one after another. */
    MergeTurns mergeTurns() {
        return mergeTurns;
    }

    LeadMatcher matcher() {
        return matcher;
    }

    /** When an earlier run sent this lead and stopped before hearing the answer, or null. */
    Instant inFlightAtStop(PendingLead lead) {
        return inFlightAtStop.get(lead.groupKey());
    }

    /** Writes the report, logs the summary line and clears the drop's work files. */
    ImportReport finish(String status, String error) {
        boolean waiting = "waiting".equals(status);
        try {
            outcomes.settleUncertain("waiting".equals(status)); // before the work files close: the uncertain creates found, or not
            close();
            try {
                outcomes.finish(!"waiting".equals(status)); // a try that waits or is handed over leaves no rejects or results
            } finally {
                if (file.path().startsWith(settings.stateDir())) {
                    Files.deleteIfExists(file.path()); // a workbook's sheet, read as CSV
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant started = tally.started();
        Instant finished = Instant.now();
        if ("done".equals(status) && tally.rows.get() == 0) {
            String warning = staging.linesSkipped() > 0 ? "no data rows: every line below the header was skipped"
                    : "no data rows: the file has a header row and nothing below it";
            warnings.add(warning);
            LOG.warn("{}: {}", name.shown(), warning);
        }
        Path payloads = outcomes.payloadsPath();
        ImportReport report = ImportReport.builder()
                .file(name.file())
                .archivedAs(ImportReport.archivedAs(status, name, settings.dryRun()))
                .status(status).error(error).dryRun(settings.dryRun()).sha256(file.sha256())
                .rows(tally.rows.get()).leads(tally.leads.get())
                .leadsToCreate(tally.leadsToCreate.get()).contactsToCreate(tally.contactsToCreate.get())
                .leadsCreated(tally.leadsCreated.get()).contactsCreated(tally.contactsCreated.get())
                .leadsMatched(tally.leadsMatched.get()).leadsUpdated(tally.leadsUpdated.get())
                .contactsAdded(tally.contactsAdded.get())
                .rejected(outcomes.rejected()).valuesDropped(tally.valuesDropped())
                .skipped(tally.skipped.get()).uncertain(tally.uncertain.get())
                .uncertainResolved(tally.uncertainResolved.get())
                .retries(tally.crm.retries()).rateLimited(tally.crm.rateLimited())
                .durationMillis(Duration.between(started, finished).toMillis())
                .startedAt(started.toString()).finishedAt(finished.toString())
                .rejectsFile(waiting ? null : outcomes.rejectsPath().toString())
                .resultsFile(waiting ? null : outcomes.resultsPath().toString())
                .payloadsFile(payloads == null ? null : payloads.toString())
                .exporter(columns.exporter()).ignoredColumns(columns.ignored())
                .linesSkipped(staging.linesSkipped()).skippedLines(staging.skippedLines())
                .warnings(warnings)
                .build();
        ImportReports.write(settings.reportsDir(), name, report);
        if ("waiting".equals(status)) {
            return report; // the flow logs the wait
        }
        if (ledger != null && "done".equals(status)) {
            long settledBefore = report.skipped();
            if (settledBefore > 0 && report.leadsCreated() == 0 && report.leadsMatched() == 0
                    && settledBefore + report.uncertain() == report.leads()) {
                LOG.info("{}: already imported: an earlier drop of the same content settled its {} leads; nothing was"
                        + " sent", name.shown(), settledBefore);
            } else if (settledBefore > 0) {
                LOG.info("{}: resumed from {}: {} leads an earlier drop of the same content settled were skipped",
                        name.shown(), ledger, settledBefore);
            }
        }
        LOG.info("{}", summary(report));
        return report;
    }

    /**
     * The summary line of a drop: its counts, every reason values were left out for, the columns not imported and
     * the lines skipped. Nothing is cut with an ellipsis: the reasons (a handful of kinds) are all named, and of the
     * lines skipped the first {@value #SKIPPED_LINES_IN_SUMMARY} are quoted and the line says where the rest are.
     */
    static String summary(ImportReport report) {
        List<String> skipped = report.skippedLines();
        String linesSkipped = "";
        if (report.linesSkipped() > 0) {
            List<String> quoted = skipped.subList(0, Math.min(SKIPPED_LINES_IN_SUMMARY, skipped.size()));
            long more = report.linesSkipped() - quoted.size();
            linesSkipped = "; " + report.linesSkipped() + (report.linesSkipped() == 1 ? " line" : " lines") + " skipped ("
                    + String.join("; ", quoted) + (more == 0 ? "" : "; " + more + " more: see the report's skippedLines"
                    + " and the results file's skipped-line rows") + ")";
        }
        return DropName.shown(report.file()) + ": " + report.status() + " in " + report.durationMillis() + " ms: " + report.rows()
                + " rows, " + report.leads() + " leads (" + leadCounts(report) + "), " + report.rejected() + " rows rejected" + valuesDropped(report.valuesDropped()) + ", "
                + report.retries() + " retries (" + report.rateLimited() + " rate limited)"
                + (report.ignoredColumns() == null || report.ignoredColumns().isEmpty() ? ""
                        : "; columns not imported: " + ImportSteps.quoted(report.ignoredColumns()))
                + linesSkipped + (report.dryRun() ? " (dry run: nothing sent; the file stays in the inbox for the real run)" : "");
    }

    /** What became of the leads: created and matched; in a dry run, what the real run would create and merge. */
    static String leadCounts(ImportReport report) {
        if (report.dryRun()) {
            return report.leadsToCreate() + " would be created with " + report.contactsToCreate() + " contacts, "
                    + report.leadsMatched() + " would be merged into the CRM's leads, " + report.skipped()
                    + " skipped as already created";
        }
        return report.leadsCreated() + " created, " + report.contactsCreated() + " contacts, " + report.leadsMatched()
                + " matched in the CRM, " + report.contactsAdded() + " contacts added to them, " + report.skipped()
                + " skipped as already created, " + report.uncertain() + " uncertain";
    }

    /** Of the lines skipped, how many the summary line quotes. */
    static final int SKIPPED_LINES_IN_SUMMARY = 3;

    /** For the summary line: {@code , 12 values left out (invalid-phone 9, unknown-country 3; see …)}, every reason. */
    static String valuesDropped(Map<String, Long> byReason) {
        long total = byReason.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "";
        }
        List<String> all = byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
        return ", " + total + (total == 1 ? " value" : " values") + " left out (" + String.join(", ", all)
                + "; see the results file's warnings)";
    }

    @Override
    public void close() throws IOException {
        spill.close();
        outcomes.close();
    }
}
