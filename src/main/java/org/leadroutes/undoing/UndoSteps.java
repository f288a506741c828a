package org.leadroutes.undoing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.leadroutes.crm.CrmIdentity;
import org.leadroutes.crm.CrmRequest;
import org.leadroutes.crm.Json;
import org.leadroutes.importing.ImportSettings;
import org.leadroutes.importing.inbox.DropWaits;
import org.leadroutes.importing.ledger.DropWrites;
import org.leadroutes.mapping.SpreadsheetCells;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The undo of a drop (bean {@value UndoFlow#STEPS}): its record read, each write looked at in the CRM and taken
 * back when it is still as the drop left it, the report and the results file written. The flow is
 * {@code routes/undo.yaml}; every call goes through {@code direct:crm-call} (paced, retried by {@code RetryRule}).
 */
public class UndoSteps {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.undoing");
    /** What a drop's name may be given as besides its archived name: one of its reports. */
    private static final List<String> REPORT_SUFFIXES = List.of(".undo-preview.report.json", ".undo.report.json",
            ".undo-preview.results.csv", ".undo.results.csv", ".report.json", ".results.csv", ".rejects.csv",
            ".payloads.jsonl", DropWrites.SUFFIX);

    private final ImportSettings settings;
    private final Clock clock;
    private final DropWaits waits;
    private final UndoMetrics metrics = new UndoMetrics();

    /** @param waits the filter of {@code inbox/undo/}: an undo that waits for the CRM is held back there */
    public UndoSteps(ImportSettings settings, Clock clock, DropWaits waits) {
        this.settings = settings;
        this.clock = clock;
        this.waits = waits;
    }

    /** Registers the undo's meters when the runtime has a Micrometer registry (at start; again harmlessly). */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        metrics.bindIfPresent(registry);
    }

    /** The drop's archived name from what a user gives: that name, or one of its reports, with or without a folder. */
    public static String dropName(String given) {
        String name = given == null ? "" : given.trim();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        for (String suffix : REPORT_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** Opens the undo of the drop the body names, from the record of what it wrote to this organisation. */
    public void open(@Body String given, @Variable(UndoFlow.ORGANISATION) CrmIdentity organisation, Exchange exchange)
            throws IOException {
        String drop = dropName(given);
        Path ledgerDir = settings.ledgerDir(organisation == null ? null : organisation.organizationId());
        if (drop.isEmpty() || !Files.exists(DropWrites.path(ledgerDir, drop))) {
            throw new UnknownDropException("no record of a drop named '" + given + "' having written to this CRM ("
                    + ledgerDir + " has no " + drop + DropWrites.SUFFIX + "): give the name it was archived under in"
                    + " inbox/.done/ (e.g. leads.20261123-151200.123.csv) or its report, and the same CRM (leads.crm.url,"
                    + " key) it was imported into");
        }
        Undo undo = Undo.open(drop, ledgerDir, settings.reportsDir().resolve(drop + ".results.csv"), settings.dryRun(),
                clock.instant());
        exchange.setVariable(UndoFlow.UNDO, undo);
        LOG.info("undo of {}: {} writes to take back{}{}", drop, undo.all().size(),
                undo.ledger().hasHistory() ? ", resuming an earlier run" : "",
                undo.dryRun() ? " (dry run: nothing is deleted or changed)" : "");
    }

    /** The writes to look at, in order: what an earlier run of this undo settled is passed over. */
    public List<UndoTarget> targets(@Variable(UndoFlow.UNDO) Undo undo) {
        return undo.targets();
    }

    /** Makes the exchange the look at the target's lead or contact as the CRM holds it now. */
    public void lookingAt(@Body UndoTarget target, Exchange exchange) {
        exchange.setVariable(UndoFlow.TARGET, target);
        CrmRequest.set(exchange, "GET", target.path(), null);
        exchange.getMessage().setBody(null);
    }

    /** Decides from what the CRM holds: kept when changed since the drop; a dry run only says what it would do. */
    public void lookedAt(@Variable(UndoFlow.UNDO) Undo undo, @Variable(UndoFlow.TARGET) UndoTarget target,
                         @Body Map<String, Object> current) {
        target.decide(current);
        if (target.toUndo() && undo.dryRun()) {
            target.ended(target.kind() == UndoTarget.Kind.FIELDS ? UndoTarget.Outcome.WOULD_EMPTY
                    : UndoTarget.Outcome.WOULD_DELETE, target.fieldsWords());
        }
        if (!target.toUndo()) {
            undo.ledger().ended(target);
        }
    }

    /** Makes the exchange the call that takes it back ({@code DELETE}, or the {@code PUT} of the fields' earlier values). */
    public void undoing(@Variable(UndoFlow.UNDO) Undo undo, @Variable(UndoFlow.TARGET) UndoTarget target,
                        Exchange exchange) {
        undo.ledger().undoing(target); // a stop after this makes the next run look again
        if (target.kind() == UndoTarget.Kind.FIELDS) {
            CrmRequest.set(exchange, "PUT", target.path(), null);
            exchange.getMessage().setBody(new java.util.LinkedHashMap<>(target.patch()));
        } else {
            CrmRequest.set(exchange, "DELETE", target.path(), null);
            exchange.getMessage().setBody(null);
        }
    }

    /** The CRM took it back. */
    public void undone(@Variable(UndoFlow.UNDO) Undo undo, @Variable(UndoFlow.TARGET) UndoTarget target) {
        if (target.kind() == UndoTarget.Kind.FIELDS) {
            target.ended(UndoTarget.Outcome.EMPTIED, target.fieldsWords());
        } else {
            target.ended(UndoTarget.Outcome.DELETED, null);
        }
        undo.ledger().ended(target);
    }

    /**
     * The {@code DELETE} was answered 404: the record was there when looked at, so a first try of the call whose
     * answer was lost deleted it (a {@code DELETE} is sent again after a lost answer), or someone just did. A 404 to
     * the {@code PUT} of a lead's earlier field values: the lead went meanwhile, counted as gone.
     */
    public void goneWhenDeleted(@Variable(UndoFlow.UNDO) Undo undo, @Variable(UndoFlow.TARGET) UndoTarget target) {
        if (target.kind() == UndoTarget.Kind.FIELDS) { // the PUT of the fields' earlier values: the lead went meanwhile
            target.ended(UndoTarget.Outcome.GONE, "the lead is gone");
            undo.ledger().ended(target);
            return;
        }
        target.ended(UndoTarget.Outcome.DELETED, "the CRM answered 404 to the DELETE: gone");
        undo.ledger().ended(target);
    }

    /** The lead or contact is not in the CRM (404): already gone, counted; or deleted by the run this one resumes. */
    public void alreadyGone(@Variable(UndoFlow.UNDO) Undo undo, @Variable(UndoFlow.TARGET) UndoTarget target) {
        if (target.resumed() && target.kind() != UndoTarget.Kind.FIELDS) {
            target.ended(UndoTarget.Outcome.DELETED, "deleted by an earlier run that stopped before its answer");
        } else {
            target.ended(UndoTarget.Outcome.GONE, target.kind() == UndoTarget.Kind.CONTACT ? "the contact is gone"
                    : "the lead is gone");
        }
        undo.ledger().ended(target);
    }

    /** The CRM does not take calls (unreachable, 5xx or 429 past the retries, the key refused): the undo stops. */
    public void crmOutage(@Variable(UndoFlow.UNDO) Undo undo, @Variable(UndoFlow.TARGET) UndoTarget target,
                          @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        undo.waitFor(e.getMessage());
        waiting(target);
    }

    /** Not taken back in this run: the undo stopped for the CRM; the next run takes it. */
    public void waiting(@Variable(UndoFlow.TARGET) UndoTarget target) {
        target.ended(UndoTarget.Outcome.WAITING, null);
    }

    /** The CRM refused the look or the call: not taken back, for the next run or a person. */
    public void failed(@Variable(UndoFlow.TARGET) UndoTarget target,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        target.ended(UndoTarget.Outcome.FAILED, e.getMessage());
    }

    /** The report and the results file are written, the summary line logged; the report is the answer. */
    public UndoReport finish(@Variable(UndoFlow.UNDO) Undo undo) throws IOException {
        try (undo) {
            String kind = undo.dryRun() ? ".undo-preview" : ".undo";
            Path results = settings.reportsDir().resolve(undo.drop() + kind + ".results.csv");
            long leads = 0;
            long contacts = 0;
            long fields = 0;
            long gone = 0;
            long kept = 0;
            long failed = 0;
            long waiting = 0;
            List<String> keptItems = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            Files.createDirectories(results.getParent());
            Path tmp = results.resolveSibling("." + results.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                         .setHeader("what", "name", "lead_id", "contact_id", "lines", "action", "detail").get())) {
                for (UndoTarget t : undo.all()) {
                    UndoTarget.Outcome o = t.outcome() == null ? UndoTarget.Outcome.WAITING : t.outcome();
                    String lines = undo.lines(t);
                    csv.printRecord(t.what(), cell(t.name()), t.leadId(), t.contactId() == null ? "" : t.contactId(), lines, o.words,
                            cell(t.detail()));
                    String item = t.described() + (lines.isEmpty() ? "" : " (lines " + lines + ")") + ": " + t.detail();
                    switch (o) {
                        case DELETED, WOULD_DELETE -> {
                            if (t.kind() == UndoTarget.Kind.LEAD) {
                                leads++;
                            } else {
                                contacts++;
                            }
                        }
                        case EMPTIED, WOULD_EMPTY -> fields += emptied(t);
                        case GONE -> gone++;
                        case KEPT -> {
                            kept++;
                            keptItems.add(item);
                        }
                        case FAILED -> {
                            failed++;
                            failures.add(item);
                        }
                        case WAITING -> waiting++;
                    }
                    if (!undo.dryRun() && !undo.settledBefore(t)) {
                        metrics.ended(t.kind(), o, emptied(t));
                    }
                    if (t.partlyKept() && o != UndoTarget.Outcome.KEPT) {
                        kept++;
                        keptItems.add(item);
                    }
                }
            }
            Files.move(tmp, results, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            UndoReport report = new UndoReport(undo.drop(), waiting > 0 ? "waiting" : "done", undo.dryRun(),
                    undo.started().toString(), Duration.between(undo.started(), clock.instant()).toMillis(), leads,
                    contacts, fields, gone, kept, failed, waiting, undo.settledBefore(), keptItems, failures,
                    undo.waitingFor(), results.getFileName().toString());
            if (!undo.dryRun()) {
                metrics.undoEnded(waiting > 0);
            }
            Path target = settings.reportsDir().resolve(undo.drop() + kind + ".report.json");
            Path reportTmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Json.INDENTED.writeValue(reportTmp.toFile(), report);
            Files.move(reportTmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (waiting > 0 || failed > 0) {
                LOG.warn("{}", report.summary());
            } else {
                LOG.info("{}", report.summary());
            }
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the undo's report of " + undo.drop(), e);
        }
    }

    /** How many fields the write's undo emptied: this run's, or, settled before, as its detail names them. */
    private static long emptied(UndoTarget t) {
        if (!t.emptiedFields().isEmpty()) {
            return t.emptiedFields().size();
        }
        return t.detail() == null ? 0 : t.detail().split(";")[0].split(",").length;
    }

    /** A cell of the results file: names come from the CRM, so a spreadsheet's formula is escaped as the import does. */
    private String cell(String value) {
        String cell = value == null ? "" : value;
        return settings.escapeFormulas() ? SpreadsheetCells.escape(cell) : cell;
    }

    /**
     * An undo from {@code inbox/undo/} ended: done, the file goes to {@code .done/}; waiting for the CRM, it stays
     * (the exchange fails, the consumer rolls back) and is tried again after a growing pause, resuming.
     */
    public void fromInbox(@Body UndoReport report, Exchange exchange) {
        Path file = inboxFile(exchange);
        if (report.waiting() > 0) {
            DropWaits.Waiting w = waits.waitFor(file, clock.instant(), report.waitingFor());
            LOG.warn("{}: {} stays in inbox/undo/ and is tried again at {}, resuming", report.drop(), file.getFileName(),
                    w.nextTry());
            throw new UndoWaitingException("undo of " + report.drop() + ": waiting for the CRM (" + report.waitingFor()
                    + "); " + file.getFileName() + " stays in inbox/undo/ and is tried again at " + w.nextTry());
        }
        waits.forget(file);
    }

    /** The inbox's file names no drop this CRM has a record of: said once, and the file goes to {@code .failed/}. */
    public void refused(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) UnknownDropException e, Exchange exchange) {
        LOG.error("undo: {}; nothing was changed, the file goes to inbox/undo/.failed/", e.getMessage());
        exchange.setVariable(UndoFlow.REFUSED, true);
        waits.forget(inboxFile(exchange));
    }

    /** Where the inbox's file goes once its undo ended: {@code .done/<name>}, or {@code .failed/<name>}. */
    public String archivedAs(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return (Boolean.TRUE.equals(exchange.getVariable(UndoFlow.REFUSED)) ? ".failed/" : ".done/") + name;
    }

    private static Path inboxFile(Exchange exchange) {
        return Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
    }
}
