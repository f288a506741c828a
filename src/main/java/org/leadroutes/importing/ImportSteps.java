package org.leadroutes.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.apache.camel.component.file.GenericFile;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.leadroutes.crm.CrmIdentity;
import org.leadroutes.crm.CrmOutageException;
import org.leadroutes.crm.CrmTally;
import org.leadroutes.importing.inbox.BadDropException;
import org.leadroutes.importing.inbox.DropFile;
import org.leadroutes.importing.inbox.DropName;
import org.leadroutes.importing.inbox.DropStamp;
import org.leadroutes.importing.inbox.DropWaits;
import org.leadroutes.importing.inbox.Workbook;
import org.leadroutes.importing.ledger.DataFolderWriteException;
import org.leadroutes.importing.ledger.DropLedger;
import org.leadroutes.importing.ledger.DropStoppedTriesException;
import org.leadroutes.importing.ledger.DropTries;
import org.leadroutes.importing.ledger.ImportReport;
import org.leadroutes.importing.ledger.ImportReports;
import org.leadroutes.mapping.ColumnMapping;
import org.leadroutes.crm.CrmVocabulary;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.ResolvedColumns;
import org.leadroutes.mapping.RowMapper;
import org.leadroutes.matching.LeadMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop's life in the import flow (bean {@value ImportFlow#STEPS}): the file inspected, the drop opened,
 * its records read and staged, its leads handed out in batches, its report. The drop's state is the
 * {@link Drop} in the flow's variable {@value ImportFlow#DROP}; this bean holds none.
 */
public class ImportSteps {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");

    /** Leads looked up in the CRM by one search, and then sent. */
    public static final int BATCH = 25;

    private final ImportSettings settings;
    private final ColumnMapping mapping;
    private final LeadMatcher matcher;
    private final DropWaits waits;
    private final ImportWatch watch;
    private final DropFailures failures;
    private final DropTries tries;

    /**
     * @param waits the drops waiting for the CRM, held back until their next try
     * @param watch what liveness reads: the current drop and its progress
     */
    public ImportSteps(ImportSettings settings, DropWaits waits, ImportWatch watch) {
        this.settings = settings;
        this.watch = watch;
        this.mapping = ColumnMapping.load(settings.mappingFile());
        this.matcher = new LeadMatcher(settings.match());
        this.waits = waits;
        this.failures = new DropFailures(settings, waits, watch);
        this.tries = new DropTries(settings.stateDir(), settings.maxKilledTries(), java.time.Clock.systemUTC());
    }

    /**
     * The names of the drop on the exchange: the file consumer's {@code move} archives the file under {@link
     * DropName#archived()} (as {@link #failed} does for a bad file), and its reports are named after that. A drop
     * that waited for the CRM keeps the stamp of its first try: its report is the same file, updated.
     */
    DropName dropName(Exchange exchange) {
        Drop drop = exchange.getVariable(ImportFlow.DROP, Drop.class);
        if (drop != null) {
            return drop.name();
        }
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Object consumed = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE);
        if (file == null) { // a header lost on the way: the consumer's own record of the file still has it
            file = consumed instanceof GenericFile<?> f ? f.getFileNameOnly() : "unnamed";
        }
        Instant started = Instant.ofEpochMilli(exchange.getClock().getCreated());
        Path path = inboxPath(exchange);
        if (path != null) {
            started = waits.firstTried(path).orElse(started);
        }
        return DropName.of(file, started);
    }

    /** The dropped file where the consumer found it, or null when the exchange lost track of it. */
    private static Path inboxPath(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        if (path == null && exchange.getProperty(Exchange.FILE_EXCHANGE_FILE) instanceof GenericFile<?> f) {
            path = f.getAbsoluteFilePath();
        }
        return path == null ? null : Path.of(path);
    }

    /** The name the drop's file is archived under in {@code .done/} or {@code .failed/} (the consumer's move). */
    public String archivedName(Exchange exchange) {
        return dropName(exchange).archived();
    }

    /**
     * Refuses a bad file before any CRM call: what it is (CSV, a workbook's first sheet, or something to refuse),
     * its charset, delimiter and header row. The drop begins: the variable {@value ImportFlow#DROP}.
     */
    public void inspect(Exchange exchange) throws IOException {
        DropName name = dropName(exchange);
        watch.started(name.shown());
        Path path = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        DropStamp stamp = DropStamp.of(path); // before any open: a link, a pipe, a device or a socket is refused
        String imported = waits.doneBefore(path, stamp);
        if (imported != null) { // done already, but the consumer could not move it to .done/: not imported again
            throw new BadDropException("imported already (its report: " + imported + "), but it could not be moved"
                    + " to .done/ (is the folder writable?): not imported again; it goes to .failed/");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(4);
        }
        DropFile file;
        if (Workbook.isXlsx(path.getFileName().toString(), head)) { // its first sheet, as CSV in state/
            removeSheetsLeftBehind();
            Path csv = settings.stateDir().resolve(name.archived() + ".csv");
            List<String> notes = Workbook.firstSheetAsCsv(path, csv, settings.maxCellBytes());
            file = DropFile.inspect(csv, StandardCharsets.UTF_8, mapping::knows).noting(notes);
        } else {
            file = DropFile.inspect(path, settings.charset(), mapping::knows);
        }
        exchange.setVariable(ImportFlow.DROP, new Drop(name, file, stamp));
    }

    /**
     * This try of the drop begins, recorded in {@code state/} before any CRM call ({@link DropTries}): a file the
     * importer stopped during (killed, out of memory) each of its last {@code leads.import.max-killed-tries} tries is
     * not tried again but fails with a {@link DropStoppedTriesException}, and goes to {@code .failed/}.
     */
    public void startTry(@Variable(ImportFlow.DROP) Drop drop) {
        drop.tryStarted(tries.start(drop.name(), drop.file().sha256()));
    }

    /** The tries of drops, recorded in {@code state/}: what a stop of the process ends ({@link DropTries#processStopping}). */
    public DropTries tries() {
        return tries;
    }

    /** The drop's try, if one was recorded as started, is recorded as ended: it does not count as stopped. */
    private void endTry(Drop drop, String outcome) {
        DropTries.Try ending = drop == null ? null : drop.endTry();
        if (ending != null) {
            tries.ended(ending, outcome);
        }
    }

    /** The CSV of a workbook's sheet that a killed run left in state/: drops run one at a time, so none is in use. */
    private void removeSheetsLeftBehind() throws IOException {
        if (!Files.isDirectory(settings.stateDir())) {
            return;
        }
        try (var left = Files.newDirectoryStream(settings.stateDir(), "*.{xlsx,xlsm}.csv")) {
            for (Path file : left) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Opens the drop with the CRM's organisation (the ledger is kept per organisation) and vocabulary (statuses,
     * custom fields): its columns resolved, its ledger and work files opened.
     */
    public void open(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.ORGANISATION) CrmIdentity identity,
                     @Variable(ImportFlow.VOCABULARY) CrmVocabulary vocabulary, Exchange exchange) throws IOException {
        DropFile file = drop.file();
        ResolvedColumns columns = mapping.resolve(file.headers(), vocabulary);
        List<String> warnings = new ArrayList<>(file.warnings());
        warnings.addAll(vocabulary.warnings());
        warnings.addAll(columns.warnings());
        warnings.addAll(columnWarnings(drop.name().shown(), columns));
        RowMapper mapper = new RowMapper(columns, vocabulary, settings.defaultRegion(), settings.groupByCompany(),
                settings.rejectUnknownStatus());
        Path inbox = inboxPath(exchange);
        if (inbox != null && !settings.dryRun()) { // the file changed under an earlier try: what it created is kept
            waits.changedFrom(inbox).ifPresent(earlier -> DropLedger.carryOver(
                    settings.ledgerDir(identity.organizationId()), earlier, file.sha256()));
            waits.broughtBack(inbox).ifPresent(warnings::add); // written to in .done/ after it was done
        }
        DropSession session = new DropSession(drop.name(), file, settings, settings.ledgerDir(identity.organizationId()),
                columns, mapper, warnings);
        try {
            session.matchWith(matcher.resolved(vocabulary::customFieldId));
        } catch (IllegalArgumentException e) {
            session.close();
            throw new BadDropException(e.getMessage());
        }
        drop.open(session);
        session.onProgress(watch::progressed);
        exchange.setProperty(CrmTally.PROPERTY, session.crmTally()); // every CRM call of the drop counts in its report
    }

    /**
     * What a user must hear about the columns before anything is imported (logged as warnings too): most of
     * them unknown, or none naming a company or a contact.
     */
    static List<String> columnWarnings(String file, ResolvedColumns columns) {
        List<String> loud = new ArrayList<>();
        long named = columns.headers().stream().filter(h -> !h.isBlank()).count();
        if (columns.unknown().size() * 2 > named) {
            loud.add("most columns are unknown (" + columns.unknown().size() + " of " + named + ": "
                    + quoted(columns.unknown()) + ") and are not imported: is this the file meant, or does it need"
                    + " a mapping file (leads.import.mapping-file)?");
        }
        if (!columns.namesCompanyOrContact()) {
            loud.add("no column names a company or a contact (known: company, account name, contact, full name,"
                    + " first name, last name, ...): leads are named after their email or phone");
        }
        loud.forEach(w -> LOG.warn("{}: {}", file, w));
        return loud;
    }

    static String quoted(List<String> headers) {
        return headers.stream().map(h -> "'" + h + "'").collect(Collectors.joining(", "));
    }

    /** The file's records, read one at a time as the flow's split asks for them (commons-csv, the drop's delimiter). */
    public Iterator<List<String>> records(@Variable(ImportFlow.DROP) Drop drop) throws IOException {
        return CrashGuard.guarded(drop.records(settings.maxCellBytes(), settings.maxRowBytes()));
    }

    /** Maps and checks one record: staged for its lead's group, or rejected with its reason (header and preamble passed over). */
    public void stage(@Variable(ImportFlow.DROP) Drop drop, @ExchangeProperty(Exchange.SPLIT_INDEX) long index,
                      List<String> cells) throws IOException {
        drop.session().staging().stage(index + 1, cells); // the split's index 0 is the first line: line 1
    }

    /**
     * The staged rows grouped into leads, {@value #BATCH} at a time; leads an earlier drop of the same content
     * settled are passed over. Each batch is looked up in the CRM by one search when matching is on.
     */
    public Iterator<LeadBatch> batches(@Variable(ImportFlow.DROP) Drop drop) throws IOException {
        drop.closeRecords();
        watch.batching(); // from here the drop's work runs on the look-up and sender pools
        Iterator<PendingLead> leads = drop.session().pendingLeads();
        LeadMatcher resolved = drop.session().matcher();
        return CrashGuard.guarded(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !drop.stopping() && leads.hasNext(); // a CRM outage: no further batch, the drop waits
            }

            @Override
            public LeadBatch next() {
                List<PendingLead> batch = new ArrayList<>(BATCH);
                while (batch.size() < BATCH && leads.hasNext()) {
                    batch.add(leads.next());
                }
                if (batch.isEmpty()) {
                    throw new NoSuchElementException();
                }
                return new LeadBatch(batch, resolved);
            }
        });
    }

    /** Each lead of the batch with what it matched, for the senders. */
    public List<LeadSend> sends(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.BATCH) LeadBatch batch) {
        return batch.sends(drop);
    }

    /**
     * A call of the drop (a look-up, a reconcile search) met a CRM outage ({@link CrmOutageException}): the drop
     * stops (its leads are left alone) and ends waiting for the CRM.
     */
    public void crmOutage(@Variable(ImportFlow.DROP) Drop drop,
                          @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) CrmOutageException e) {
        drop.crmOutage(e);
    }

    /** The drop is done: the report, the summary line; the file consumer archives the file in {@code .done/}. */
    public ImportReport finish(@Variable(ImportFlow.DROP) Drop drop, Exchange exchange) {
        if (drop.outage() != null) {
            throw drop.outage(); // met on the way (a look-up, a send): the drop waits for the CRM (failed)
        }
        if (drop.handedOver() != null) { // another replica may import now: the drop is left to it (failed)
            throw new DropHandedOverException(drop.name().file(), drop.handedOver());
        }
        Path path = inboxPath(exchange);
        String change = path == null ? null : drop.changeSince(path);
        if (change != null) { // written to while it was imported: not done over rows it did not read
            throw new DropChangedException(change);
        }
        try {
            ImportReport report;
            try {
                report = drop.session().finish("done", null);
            } catch (UncheckedIOException e) { // the leads are sent and in the ledger: the drop waits, nothing lost
                throw DataFolderWriteException.of("cannot write the report and results to " + settings.reportsDir(), e);
            }
            ImportReports.removeLeftByStoppedTries(settings.reportsDir(), drop.currentTry());
            endTry(drop, "done");
            if (path != null) {
                Instant started = waits.firstTried(path).orElse(Instant.ofEpochMilli(exchange.getClock().getCreated()));
                waits.forget(path);
                if (!settings.dryRun()) { // a dry run leaves the file in the inbox on purpose; a done file is watched
                    waits.done(path, drop.stamp(), settings.reportsDir().resolve(drop.name().report()), // in .done/
                            path.resolveSibling(".done").resolve(drop.name().archived()), started, drop.file().sha256());
                }
            }
            return report;
        } finally {
            watch.ended();
        }
    }

    /**
     * The drop did not end as done: {@link DropFailures} decides by the failure's type whether it waits (an outage,
     * a data folder it cannot write, a file changed under it, a hand-over to another replica) or failed (its file
     * to {@code .failed/}), and writes its report.
     */
    public void failed(Exchange exchange) throws Exception {
        Path path = inboxPath(exchange);
        try {
            failures.handle(exchange, dropName(exchange), path);
        } catch (Exception ended) { // handle raises the failure again, whatever it comes to: the try ended with it
            endTry(exchange.getVariable(ImportFlow.DROP, Drop.class), "not done: " + ended.getClass().getSimpleName());
            DropStoppedTriesException setAside = ExceptionUtils.throwableOfType(ended, DropStoppedTriesException.class);
            if (setAside != null && path != null && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                tries.setAside(setAside.sha256()); // in .failed/ now: a later drop of it has its tries again
                try {
                    DropOutcomes.removeWorkLeftBy(settings.stateDir(), setAside.sha256());
                } catch (IOException notRemoved) {
                    LOG.warn("{}: cannot remove the work files its stopped tries left in {}: {}",
                            dropName(exchange).shown(), settings.stateDir(), notRemoved.toString());
                }
            }
            throw ended;
        } finally {
            endTry(exchange.getVariable(ImportFlow.DROP, Drop.class), "not done"); // ended above, unless handle returned
            watch.ended();
        }
    }
}
