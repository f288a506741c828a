package org.leadroutes.importing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.leadroutes.crm.CrmTally;
import org.leadroutes.mapping.LeadAssembler;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.MappedRow;
import org.leadroutes.mapping.ResolvedColumns;
import org.leadroutes.mapping.RowMapper;
import org.leadroutes.matching.LeadMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one drop of one file holds while it runs: its mapper, ledger, spill, rejects file and
 * counters. Opened by {@link ImportSteps#open} and held by the {@link Drop}; the flow's steps are stateless
 * and act on it.
 */
public final class DropSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fileName;
    private final DropName name;
    private final DropFile file;
    private final ImportSettings settings;
    private final RowMapper mapper;
    private final List<String> warnings;
    private final DropLedger ledger;
    private final GroupSpill spill;
    private final RejectsFile rejects;
    private final ResultsFile results;
    private final BufferedWriter payloads;
    private final Instant started = Instant.now();

    final AtomicLong rows = new AtomicLong();
    final AtomicLong leads = new AtomicLong();
    final AtomicLong rowsDone = new AtomicLong();
    final AtomicLong leadsCreated = new AtomicLong();
    final AtomicLong contactsCreated = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong uncertain = new AtomicLong();
    final AtomicLong leadsMatched = new AtomicLong();
    final AtomicLong leadsUpdated = new AtomicLong();
    final AtomicLong contactsAdded = new AtomicLong();
    private final CrmTally crmTally = new CrmTally();
    private final AtomicLong nextProgress;
    private final Map<String, Instant> inFlightAtStop = new java.util.concurrent.ConcurrentHashMap<>();
    private LeadMatcher matcher;
    // rows come one at a time, in order (the split streams on one thread): no locking for these
    private final ResolvedColumns columns;
    private final List<String> skippedLines = new ArrayList<>();
    private long linesSkipped;
    private boolean blankAfterData;
    private final List<Map.Entry<Long, List<String>>> heldLines = new ArrayList<>();

    DropSession(DropName name, DropFile file, ImportSettings settings, Path ledgerDir, ResolvedColumns columns,
                RowMapper mapper, List<String> warnings) throws IOException {
        this.columns = columns;
        this.name = name;
        this.fileName = name.file();
        this.file = file;
        this.settings = settings;
        this.mapper = mapper;
        this.warnings = new ArrayList<>(warnings);
        this.ledger = DropLedger.open(ledgerDir, file.sha256(), settings.dryRun());
        this.spill = new GroupSpill(settings.stateDir().resolve(file.sha256() + ".work"), Files.size(file.path()),
                settings.bucketBytes());
        this.rejects = new RejectsFile(settings.reportsDir().resolve(name.rejects()), file.headers());
        this.results = new ResultsFile(settings.reportsDir().resolve(name.results()),
                settings.stateDir().resolve(file.sha256() + ".results"), file.headers());
        this.payloads = settings.dryRun()
                ? Files.newBufferedWriter(payloadsPath(), StandardCharsets.UTF_8)
                : null;
        this.nextProgress = new AtomicLong(System.nanoTime() + progressNanos());
        if (ledger.hasHistory()) {
            LOG.info("{}: this content was dropped before; resuming from {}", fileName,
                    ledgerDir.resolve(file.sha256() + ".ledger"));
        }
    }

    public String fileName() {
        return fileName;
    }

    public boolean dryRun() {
        return settings.dryRun();
    }

    public CrmTally crmTally() {
        return crmTally;
    }

    /**
     * Takes one record of the file: the header and the lines above it are passed over, a data row is mapped;
     * a row the mapping refuses goes to the rejects file, never further. A line of one cell that reads as a
     * report's footer ("Grand Totals (5 records)"), or follows a blank line, is held until the file shows
     * whether a data row follows it (then it was data) or not ({@link #endOfRows()}).
     *
     * @param line the record's line in a spreadsheet: the first is line 1, blank lines count, as a
     *             spreadsheet shows them
     */
    void stage(long line, List<String> cells) throws IOException {
        long filled = cells.stream().filter(c -> c != null && !c.isBlank()).count();
        if (line - 1 <= file.headerIndex()) {
            if (line - 1 < file.headerIndex() && filled > 0) {
                skipLine(line, cells, "above the header row");
            }
            return;
        }
        if (filled == 0) { // a blank line, or one of only delimiters, as spreadsheets write them
            blankAfterData = true;
            return;
        }
        if (filled == 1 && heldLines.size() < MAX_HELD) {
            boolean footerWords = ReportFooters.reason(text(cells)) != null;
            boolean belowBlank = (blankAfterData || !heldLines.isEmpty()) && file.headers().size() > 1;
            if (footerWords || belowBlank) {
                heldLines.add(Map.entry(line, cells));
                return;
            }
        }
        for (Map.Entry<Long, List<String>> held : heldLines) { // a data row follows them: they were data too
            mapRow(held.getKey(), held.getValue());
        }
        heldLines.clear();
        blankAfterData = false;
        mapRow(line, cells);
    }

    /**
     * The end of the rows: the lines still held are the file's footer, and skipped with the reason, unless
     * one holds what only a row holds (an email, a phone, a person): that one is a row.
     */
    void endOfRows() throws IOException {
        for (Map.Entry<Long, List<String>> held : heldLines) {
            String footer = ReportFooters.reason(text(held.getValue()));
            if (footer == null && looksLikeARow(held.getKey(), held.getValue())) {
                mapRow(held.getKey(), held.getValue());
            } else {
                skipLine(held.getKey(), held.getValue(), footer != null ? footer
                        : "a line of one cell below the data, after a blank line (a report's footer)");
            }
        }
        heldLines.clear();
    }

    private boolean looksLikeARow(long line, List<String> cells) {
        try {
            MappedRow row = mapper.map(line, cells);
            return row.contact() != null;
        } catch (RowMapper.RejectedRowException e) {
            return true; // it holds a value a row would (a bad email, say): rejected as a row, with the reason
        }
    }

    private static final int MAX_HELD = 100;
    private static final int SKIPPED_LINES_LISTED = 100;

    /** A line that is not a row: counted and listed in the report, and kept in the results file with the reason. */
    private void skipLine(long line, List<String> cells, String reason) {
        linesSkipped++;
        String why = reason + ": '" + text(cells) + "'";
        if (skippedLines.size() < SKIPPED_LINES_LISTED) {
            skippedLines.add("line " + line + ": " + why);
        }
        results.row(line, cells, null, null, "skipped-line", why);
    }

    private static String text(List<String> cells) {
        return cells.stream().filter(c -> c != null && !c.isBlank()).map(String::strip)
                .collect(java.util.stream.Collectors.joining(" | "));
    }

    private void mapRow(long line, List<String> cells) throws IOException {
        rows.incrementAndGet();
        try {
            spill.add(mapper.map(line, cells));
        } catch (RowMapper.RejectedRowException e) {
            rejects.reject(cells, "line " + line + ": " + e.getMessage());
            results.row(line, cells, null, null, "rejected", e.getMessage());
            rowsDone.incrementAndGet();
        }
        progress(false);
    }

    /** The leads to send, grouped one bucket at a time; leads an earlier run settled are passed over. */
    Iterator<PendingLead> pendingLeads() throws IOException {
        endOfRows();
        Iterator<Map.Entry<String, List<MappedRow>>> groups = spill.groups();
        return new Iterator<>() {
            private PendingLead next;

            @Override
            public boolean hasNext() {
                while (next == null && groups.hasNext()) {
                    Map.Entry<String, List<MappedRow>> group = groups.next();
                    PendingLead lead = LeadAssembler.assemble(group.getKey(), group.getValue());
                    leads.incrementAndGet();
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

    private boolean settled(PendingLead lead) {
        DropLedger.Entry earlier = ledger.earlier(lead.groupKey());
        if (earlier == null) {
            return false;
        }
        switch (earlier.state()) {
            case NOT_CREATED -> {
                return false;
            }
            case CREATED -> {
                skipped.incrementAndGet();
                rowsDone.addAndGet(lead.rows().size());
                for (MappedRow row : lead.rows()) {
                    results.row(row.row(), row.original(), earlier.detail(), null, "skipped",
                            "an earlier drop of the same content settled this lead");
                }
                return true;
            }
            case UNCERTAIN -> {
                uncertain(lead, "uncertain: an earlier run could not tell whether the CRM created this lead;"
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

    LeadMatcher matcher() {
        return matcher;
    }

    /** When an earlier run sent this lead and stopped before hearing the answer, or null. */
    Instant inFlightAtStop(PendingLead lead) {
        return inFlightAtStop.get(lead.groupKey());
    }

    void sending(PendingLead lead) {
        ledger.sending(lead.groupKey());
    }

    /** @param contactIds the ids of the payload's contacts, in its order, as the CRM answered */
    void created(PendingLead lead, String leadId, List<String> contactIds) {
        ledger.created(lead.groupKey(), leadId);
        rowResults(lead, leadId, contactIds, "created");
        leadsCreated.incrementAndGet();
        contactsCreated.addAndGet(lead.contacts());
        done(lead);
    }

    /**
     * The group is a lead the CRM already held: left alone, or merged into (contacts added, empty fields
     * filled). Recorded like a created lead, so the same content dropped again passes it over.
     */
    void matched(PendingLead lead, String leadId, int contactsAdded, boolean fieldsFilled, List<String> contactIds,
                 String action) {
        rowResults(lead, leadId, contactIds, action);
        if (!settings.dryRun()) {
            ledger.created(lead.groupKey(), leadId);
        }
        leadsMatched.incrementAndGet();
        this.contactsAdded.addAndGet(contactsAdded);
        if (fieldsFilled) {
            leadsUpdated.incrementAndGet();
        }
        done(lead);
    }

    /** The group's rows are refused before anything is sent (an ambiguous match, a failed look-up): a later drop may try again. */
    void refusedBeforeSending(PendingLead lead, String reason) {
        rejected(lead, reason, "rejected");
    }

    void preview(PendingLead lead) throws IOException {
        rowResults(lead, null, List.of(), "would-create");
        synchronized (payloads) {
            payloads.write(JSON.writeValueAsString(lead.payload()));
            payloads.write('\n');
        }
        done(lead);
    }

    /** The lead was not created (refused, or never taken): its rows are rejected, a later drop may send it. */
    void notCreated(PendingLead lead, String reason) {
        if (!settings.dryRun()) {
            ledger.notCreated(lead.groupKey());
        }
        rejected(lead, reason, "rejected");
    }

    /** Every row of the lead goes to the rejects file with the reason, and to the results with the action. */
    private void rejected(PendingLead lead, String reason, String action) {
        for (MappedRow row : lead.rows()) {
            rejects.reject(row.original(), "line " + row.row() + ": " + reason);
            results.row(row.row(), row.original(), null, null, action, reason);
        }
        done(lead);
    }

    /** Each row of the lead in the results file, with the id of the contact it became. */
    private void rowResults(PendingLead lead, String leadId, List<String> contactIds, String action) {
        for (int i = 0; i < lead.rows().size(); i++) {
            MappedRow row = lead.rows().get(i);
            int contact = lead.rowContacts().get(i);
            String contactId = contact >= 0 && contact < contactIds.size() ? contactIds.get(contact) : null;
            results.row(row.row(), row.original(), leadId, contactId, action, null);
        }
    }

    void uncertain(PendingLead lead, String reason) {
        uncertain.incrementAndGet();
        if (!settings.dryRun()) {
            ledger.uncertain(lead.groupKey());
        }
        rejected(lead, reason, "uncertain");
    }

    private void done(PendingLead lead) {
        rowsDone.addAndGet(lead.rows().size());
        progress(true);
    }

    /** Logs progress every few seconds: rows read while staging, then rows done with a rate and ETA. */
    private void progress(boolean delivering) {
        long now = System.nanoTime();
        long due = nextProgress.get();
        if (now - due < 0 || !nextProgress.compareAndSet(due, now + progressNanos())) {
            return;
        }
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        if (!delivering) {
            LOG.info("{}: rows read {}, {} rows/s, {} rejected", fileName, rows.get(), Math.round(rows.get() / seconds),
                    rejects.count());
            return;
        }
        long done = rowsDone.get();
        double rate = done / seconds;
        String eta = rate > 0
                ? ", ETA " + Duration.ofSeconds((long) (Math.max(0, rows.get() - done) / rate)).toString().substring(2).toLowerCase()
                : "";
        LOG.info("{}: rows done {} of {}, {} rows/s, {} leads created, {} rejected{}", fileName, done, rows.get(),
                Math.round(rate), leadsCreated.get(), rejects.count(), eta);
    }

    private long progressNanos() {
        return Duration.ofSeconds(Math.max(1, settings.progressSeconds())).toNanos();
    }

    private Path payloadsPath() {
        return settings.reportsDir().resolve(name.payloads());
    }

    /** Writes the report, logs the summary line and clears the drop's work files. */
    ImportReport finish(String status, String error) {
        try {
            close();
            try {
                results.finish();
                Files.deleteIfExists(settings.stateDir().resolve(file.sha256() + ".results"));
            } finally {
                if (file.path().startsWith(settings.stateDir())) {
                    Files.deleteIfExists(file.path()); // a workbook's sheet, read as CSV
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant finished = Instant.now();
        if ("done".equals(status) && rows.get() == 0) {
            String warning = linesSkipped > 0 ? "no data rows: every line below the header was skipped"
                    : "no data rows: the file has a header row and nothing below it";
            warnings.add(warning);
            LOG.warn("{}: {}", fileName, warning);
        }
        ImportReport report = new ImportReport(fileName, ("failed".equals(status) ? ".failed/" : ".done/") + name.archived(),
                status, error, settings.dryRun(), file.sha256(), rows.get(),
                leads.get(), leadsCreated.get(), contactsCreated.get(), leadsMatched.get(), leadsUpdated.get(),
                contactsAdded.get(), rejects.count(), skipped.get(), uncertain.get(),
                crmTally.retries(), crmTally.rateLimited(), Duration.between(started, finished).toMillis(), started.toString(), finished.toString(),
                rejects.path().toString(), results.path().toString(), settings.dryRun() ? payloadsPath().toString() : null,
                columns.exporter(), columns.ignored(), linesSkipped, List.copyOf(skippedLines), warnings);
        ImportReports.write(settings.reportsDir(), name, report);
        LOG.info("{}: {} in {} ms: {} rows, {} leads ({} created, {} contacts, {} matched in the CRM, {} contacts added"
                        + " to them, {} skipped as already created, {} uncertain), {} rows rejected, {} retries ({} rate limited){}{}{}",
                fileName, status, report.durationMillis(), report.rows(), report.leads(), report.leadsCreated(),
                report.contactsCreated(), report.leadsMatched(), report.contactsAdded(), report.skipped(),
                report.uncertain(), report.rejected(), report.retries(), report.rateLimited(),
                columns.ignored().isEmpty() ? "" : "; columns not imported: " + ImportSteps.quoted(columns.ignored()),
                linesSkipped == 0 ? "" : "; " + linesSkipped + " lines skipped (" + String.join("; ",
                        skippedLines.subList(0, Math.min(3, skippedLines.size()))) + (linesSkipped > 3 ? "; …" : "") + ")",
                settings.dryRun() ? " (dry run: nothing sent)" : "");
        return report;
    }

    @Override
    public void close() throws IOException {
        spill.close();
        ledger.close();
        rejects.close();
        results.close();
        if (payloads != null) {
            payloads.close();
        }
    }
}
