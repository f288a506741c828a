package org.leadroutes.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmIdentity;
import org.leadroutes.crm.CrmTally;
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
    /** How long a failed drop waits for the leads still on their way before it closes. */
    private static final java.time.Duration LEADS_ON_THEIR_WAY = java.time.Duration.ofMinutes(2);

    private final ImportSettings settings;
    private final ColumnMapping mapping;
    private final LeadMatcher matcher;

    public ImportSteps(ImportSettings settings) {
        this.settings = settings;
        this.mapping = ColumnMapping.load(settings.mappingFile());
        this.matcher = new LeadMatcher(settings.match());
    }

    /**
     * The names of the drop on the exchange: the file consumer's {@code move} and {@code moveFailed} archive the
     * file under {@link DropName#archived()}, and its reports are named after that.
     */
    static DropName dropName(Exchange exchange) {
        Drop drop = exchange.getVariable(ImportFlow.DROP, Drop.class);
        if (drop != null) {
            return drop.name();
        }
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (file == null) { // a header lost on the way: the consumer's own record of the file still has it
            Object consumed = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE);
            file = consumed instanceof GenericFile<?> f ? f.getFileNameOnly() : "unnamed";
        }
        return DropName.of(file, Instant.ofEpochMilli(exchange.getClock().getCreated()));
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
        Path path = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(4);
        }
        DropFile file;
        if (Workbook.isXlsx(path.getFileName().toString(), head)) { // its first sheet, as CSV in state/
            removeSheetsLeftBehind();
            Path csv = settings.stateDir().resolve(name.archived() + ".csv");
            List<String> notes = Workbook.firstSheetAsCsv(path, csv);
            file = DropFile.inspect(csv, StandardCharsets.UTF_8, mapping::knows).noting(notes);
        } else {
            file = DropFile.inspect(path, settings.charset(), mapping::knows);
        }
        exchange.setVariable(ImportFlow.DROP, new Drop(name, file));
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
        warnings.addAll(columnWarnings(drop.name().file(), columns));
        RowMapper mapper = new RowMapper(columns, vocabulary, settings.defaultRegion(), settings.groupByCompany(),
                settings.rejectUnknownStatus());
        DropSession session = new DropSession(drop.name(), file, settings, settings.ledgerDir(identity.organizationId()),
                columns, mapper, warnings);
        try {
            session.matchWith(matcher.resolved(vocabulary::customFieldId));
        } catch (IllegalArgumentException e) {
            session.close();
            throw new BadDropException(e.getMessage());
        }
        drop.open(session);
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
        return drop.records();
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
        Iterator<PendingLead> leads = drop.session().pendingLeads();
        LeadMatcher resolved = drop.session().matcher();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return leads.hasNext();
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
        };
    }

    /** Each lead of the batch with what it matched, for the senders. */
    public List<LeadSend> sends(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.BATCH) LeadBatch batch) {
        return batch.sends(drop);
    }

    /** The drop is done: the report, the summary line; the file consumer archives the file in {@code .done/}. */
    public ImportReport finish(@Variable(ImportFlow.DROP) Drop drop) {
        return drop.session().finish("done", null);
    }

    /**
     * The drop failed as a whole: the report says why, then the failure is raised again so the file
     * consumer moves the file to {@code .failed/}. The ledger keeps what was created, for a retry.
     */
    public void failed(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable cause = userFacing(e);
        String error = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        Drop drop = exchange.getVariable(ImportFlow.DROP, Drop.class);
        DropName name = dropName(exchange);
        if (cause instanceof BadDropException || cause instanceof CrmException) {
            LOG.error("{}: the drop failed and goes to .failed/: {}", name.file(), error);
        } else {
            LOG.error("{}: the drop failed and goes to .failed/: {}", name.file(), error, e);
        }
        if (drop != null) {
            drop.closeRecords();
            drop.stopAndAwaitLeads(LEADS_ON_THEIR_WAY);
        }
        if (drop != null && drop.opened()) {
            drop.session().finish("failed", error);
        } else {
            Files.deleteIfExists(settings.stateDir().resolve(name.archived() + ".csv")); // a workbook's sheet
            DropFile file = drop == null ? null : drop.file();
            ImportReports.write(settings.reportsDir(), name, ImportReport.failedBeforeOpening(name, error, settings.dryRun(),
                    file == null ? null : file.sha256(), file == null ? List.of() : file.warnings(), Instant.now()));
        }
        throw e;
    }

    /** The failure a user can act on, under the wrappers of splitters and bean calls: ours, or the root cause. */
    static Throwable userFacing(Throwable e) {
        for (Throwable t : ExceptionUtils.getThrowableList(e)) {
            if (t instanceof BadDropException || t instanceof CrmException) {
                return t;
            }
        }
        return ExceptionUtils.getRootCause(e);
    }
}
