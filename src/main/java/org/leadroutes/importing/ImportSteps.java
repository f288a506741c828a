package org.leadroutes.importing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;
import org.leadroutes.crm.CrmAuthException;
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmIdentity;
import org.leadroutes.crm.CrmOutcomeUnknownException;
import org.leadroutes.crm.CrmRequest;
import org.leadroutes.crm.CrmTally;
import org.leadroutes.mapping.ColumnMapping;
import org.leadroutes.crm.CrmVocabulary;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.ResolvedColumns;
import org.leadroutes.mapping.RowMapper;
import org.leadroutes.matching.LeadMatcher;
import org.leadroutes.matching.Match;
import org.leadroutes.matching.MergePlan;
import org.leadroutes.matching.OnMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the import routes, as a stateless bean bound by name ({@code leadImport}); the state
 * of a drop is the {@link DropSession} in the exchange property {@value #DROP}.
 */
public class ImportSteps {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public static final String DROP = "LeadsDrop";
    public static final String DROP_FILE = "LeadsDropFile";
    public static final String VOCABULARY = "LeadsVocabulary";
    public static final String IDENTITY = "LeadsCrmIdentity";
    public static final String PENDING = "LeadsPending";
    public static final String RECOGNISED = "LeadsRecognised";
    /** Header the import route picks its CSV format by: comma, semicolon or tab. */
    public static final String DELIMITER = "LeadsCsvDelimiter";

    public static final String MATCH = "LeadsMatch";
    public static final String MERGE = "LeadsMerge";
    public static final String ADDED = "LeadsContactsAdded";
    /** Groups whose existing leads one search looks for. */
    static final int MATCH_BATCH = 25;

    private final ImportSettings settings;
    private final ColumnMapping mapping;
    private final LeadMatcher matcher;

    public ImportSteps(ImportSettings settings) {
        this.settings = settings;
        this.mapping = ColumnMapping.load(settings.mappingFile());
        this.matcher = new LeadMatcher(settings.match());
    }


    /** The CSV of a workbook's sheet that a killed run left in state/: drops run one at a time, so none is in use. */
    private void removeSheetsLeftBehind() throws IOException {
        if (!java.nio.file.Files.isDirectory(settings.stateDir())) {
            return;
        }
        try (var left = java.nio.file.Files.newDirectoryStream(settings.stateDir(), "*.{xlsx,xlsm}.csv")) {
            for (Path file : left) {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
    }

    /**
     * The names of the drop on the exchange: the file consumer's {@code move} and {@code moveFailed} archive the
     * file under {@link DropName#archived()}, and its reports are named after that.
     */
    public static DropName dropName(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (file == null) { // a header lost on the way: the consumer's own record of the file still has it
            Object consumed = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE);
            file = consumed instanceof org.apache.camel.component.file.GenericFile<?> f ? f.getFileNameOnly() : "unnamed";
        }
        return DropName.of(file, Instant.ofEpochMilli(exchange.getClock().getCreated()));
    }

    /** The name the drop's file is archived under in {@code .done/} or {@code .failed/}. */
    public String archivedName(Exchange exchange) {
        return dropName(exchange).archived();
    }

    /** Refuses a bad file before anything else happens to it. */
    public void inspect(Exchange exchange) throws IOException {
        Path path = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        byte[] head;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(path)) {
            head = in.readNBytes(4);
        }
        if (Workbook.isXlsx(path.getFileName().toString(), head)) { // its first sheet, as CSV in state/
            removeSheetsLeftBehind();
            Path csv = settings.stateDir().resolve(dropName(exchange).archived() + ".csv");
            List<String> notes = Workbook.firstSheetAsCsv(path, csv);
            exchange.setProperty(DROP_FILE, DropFile.inspect(csv, java.nio.charset.StandardCharsets.UTF_8, mapping::knows)
                    .noting(notes));
            return;
        }
        exchange.setProperty(DROP_FILE, DropFile.inspect(path, settings.charset(), mapping::knows));
    }

    /** Opens the drop: resolves the columns, its ledger and work files; the body becomes the rows' text. */
    public void begin(Exchange exchange) throws IOException {
        DropFile file = exchange.getProperty(DROP_FILE, DropFile.class);
        CrmVocabulary vocabulary = exchange.getProperty(VOCABULARY, CrmVocabulary.class);
        ResolvedColumns columns = mapping.resolve(file.headers(), vocabulary);
        List<String> warnings = new ArrayList<>(file.warnings());
        warnings.addAll(vocabulary.warnings());
        warnings.addAll(columns.warnings());
        RowMapper mapper = new RowMapper(columns, vocabulary, settings.defaultRegion(), settings.groupByCompany());
        DropName name = dropName(exchange);
        warnings.addAll(columnWarnings(name.file(), columns));
        CrmIdentity identity = exchange.getProperty(IDENTITY, CrmIdentity.class);
        DropSession drop = new DropSession(name, file, settings, settings.ledgerDir(identity.organizationId()), columns,
                mapper, warnings);
        try {
            drop.matchWith(matcher.resolved(vocabulary::customFieldId));
        } catch (IllegalArgumentException e) {
            drop.close();
            throw new BadDropException(e.getMessage());
        }
        exchange.setProperty(DROP, drop);
        exchange.setProperty(CrmTally.PROPERTY, drop.crmTally()); // shared by every CRM call of the drop
        exchange.setProperty(Exchange.CHARSET_NAME, file.charset().name());
        exchange.getMessage().setHeader(DELIMITER, file.delimiterName());
        exchange.getMessage().setBody(file.open());
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
        return headers.stream().map(h -> "'" + h + "'").collect(java.util.stream.Collectors.joining(", "));
    }

    public void stage(@ExchangeProperty(DROP) DropSession drop, @ExchangeProperty(Exchange.SPLIT_INDEX) long index,
                      List<String> cells) throws IOException {
        drop.stage(index + 1, cells); // the split's index 0 is the header: line 1
    }

    /**
     * The leads to send. With matching on, the CRM's leads are looked up as the leads are read, one
     * Advanced Filtering search ({@code POST /data/search/}, through {@code direct:crm-call}, cursor-paged)
     * for each batch of {@value #MATCH_BATCH} groups, on the drop's own thread, while the senders are busy
     * with the leads before them. Refused credentials fail the drop; any other failure of a look-up is
     * kept with the batch's groups, which are then not created.
     */
    public Iterator<PendingLead> pendingLeads(Exchange exchange) throws IOException {
        DropSession drop = exchange.getProperty(DROP, DropSession.class);
        if (!drop.matcher().enabled()) {
            return drop.pendingLeads();
        }
        Iterator<List<PendingLead>> batches = drop.pendingBatches(MATCH_BATCH);
        CamelContext context = exchange.getContext();
        ProducerTemplate crm = context.createProducerTemplate();
        ExecutorService lookUps = context.getExecutorServiceManager().newSingleThreadExecutor(this, "lead-lookups");
        drop.lookUpsWith(() -> {
            context.getExecutorServiceManager().shutdownNow(lookUps);
            crm.stop();
        });
        // the next batch is looked up while the senders work through this one: searches cost no waiting
        return new Iterator<>() {
            private Iterator<PendingLead> current = java.util.Collections.emptyIterator();
            private Map.Entry<List<PendingLead>, Future<?>> ahead;

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (ahead == null) {
                        if (!batches.hasNext()) {
                            return false;
                        }
                        ahead = start(batches.next());
                    }
                    Map.Entry<List<PendingLead>, Future<?>> ready = ahead;
                    ahead = batches.hasNext() ? start(batches.next()) : null;
                    await(ready.getValue());
                    current = ready.getKey().iterator();
                }
                return true;
            }

            @Override
            public PendingLead next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }

            private Map.Entry<List<PendingLead>, Future<?>> start(List<PendingLead> batch) {
                return Map.entry(batch, lookUps.submit(() -> lookUp(batch, drop, crm, context)));
            }
        };
    }

    /** Waits for a batch's look-up; refused credentials end the drop. */
    private static void await(Future<?> lookUp) {
        try {
            lookUp.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up leads", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private void lookUp(List<PendingLead> batch, DropSession drop, ProducerTemplate crm, CamelContext context) {
        LeadMatcher matcher = drop.matcher();
        Map<String, Object> search = matcher.search(batch);
        if (search == null) {
            return; // nothing to look up by: every group is new
        }
        List<Map<String, Object>> candidates = new ArrayList<>();
        try {
            String cursor = null;
            do {
                Map<String, Object> page = new java.util.LinkedHashMap<>(search);
                if (cursor != null) {
                    page.put("cursor", cursor);
                }
                Exchange call = ExchangeBuilder.anExchange(context).withBody(page)
                        .withProperty(CrmTally.PROPERTY, drop.crmTally()).build();
                CrmRequest.read(call, "POST", "/data/search/", null);
                Exchange answered = crm.send("direct:crm-call", call);
                if (answered.getException() != null) {
                    throw answered.getException();
                }
                Map<String, Object> answer = answered.getMessage().getBody(Map.class);
                if (answer.get("data") instanceof List<?> data) {
                    data.forEach(item -> candidates.add((Map<String, Object>) item));
                }
                cursor = answer.get("cursor") instanceof String next && !next.isBlank() ? next : null;
            } while (cursor != null);
        } catch (CrmAuthException e) {
            throw e;
        } catch (Exception e) {
            Match failed = Match.failed(e.getMessage());
            batch.forEach(lead -> drop.found(lead, failed));
            return;
        }
        batch.forEach(lead -> drop.found(lead, matcher.match(lead, candidates)));
    }

    /** Takes the lead's match from the drop into the exchange, where the send route's choice reads it. */
    public void takeMatch(Exchange exchange) {
        PendingLead lead = exchange.getMessage().getBody(PendingLead.class);
        exchange.setProperty(MATCH, exchange.getProperty(DROP, DropSession.class).takeMatch(lead));
    }

    /** What the lead's group matched in the CRM; none when matching is off. */
    public static Match matchOf(Exchange exchange) {
        Match match = exchange.getProperty(MATCH, Match.class);
        return match == null ? Match.none() : match;
    }

    /** The look-up failed: whether the CRM has the lead cannot be told, so it is not created. */
    public void lookUpFailed(Exchange exchange) {
        PendingLead lead = exchange.getMessage().getBody(PendingLead.class);
        exchange.getProperty(DROP, DropSession.class).refusedBeforeSending(lead, "not created: looking up the leads"
                + " the CRM already has failed (" + matchOf(exchange).failure() + "); drop the same file again to retry"
                + " (leads already created are skipped)");
    }

    /** Several leads in the CRM match the group by one key: it is not given to any of them. */
    public void ambiguous(Exchange exchange) {
        Match match = matchOf(exchange);
        PendingLead lead = exchange.getMessage().getBody(PendingLead.class);
        exchange.getProperty(DROP, DropSession.class).refusedBeforeSending(lead, "not imported: " + match.candidates().size()
 + " leads in the CRM match by " + match.key() + " (" + String.join(", ", match.candidates())
                + "); name the one meant in a lead_id column, or merge them in the CRM first");
    }

    /**
     * The group matched one lead: with {@code on-match=skip} (or in a dry run) it is recorded as matched and
     * left alone; with {@code merge} the merge plan (contacts it lacks, empty fields to fill) is made.
     */
    public void merging(Exchange exchange) {
        DropSession drop = exchange.getProperty(DROP, DropSession.class);
        PendingLead lead = exchange.getMessage().getBody(PendingLead.class);
        Match match = matchOf(exchange);
        exchange.setProperty(PENDING, lead);
        MergePlan plan = MergePlan.of(lead.payload(), match.lead(), settings.onMatch() == OnMatch.UPDATE);
        if (settings.onMatch() == OnMatch.SKIP || settings.dryRun()) {
            String action = settings.onMatch() == OnMatch.SKIP ? "matched" : action(plan);
            drop.matched(lead, match.leadId(), 0, false, plan.existingIds(), settings.dryRun() ? wouldBe(action) : action);
            exchange.removeProperty(MERGE);
            return;
        }
        exchange.setProperty(MERGE, plan);
        exchange.setProperty(ADDED, new ArrayList<String>());
    }

    /** The dry run's word for an action: {@code would-match}, {@code would-merge}, {@code would-update}. */
    private static String wouldBe(String action) {
        return "would-" + switch (action) {
            case "matched" -> "match";
            case "merged" -> "merge";
            default -> "update";
        };
    }

    /** What a merge plan does to the lead, in the results file's words. */
    private String action(MergePlan plan) {
        if (plan.changesNothing()) {
            return "matched";
        }
        return settings.onMatch() == OnMatch.UPDATE && !plan.patch().isEmpty() ? "updated" : "merged";
    }

    /** Keeps the id of a contact the merge added, for the results file. */
    @SuppressWarnings("unchecked")
    public void contactAdded(Exchange exchange) {
        Map<String, Object> answer = exchange.getMessage().getBody(Map.class);
        exchange.getProperty(ADDED, List.class).add(answer == null ? null : String.valueOf(answer.get("id")));
    }

    public static int contactsToAdd(Exchange exchange) {
        MergePlan plan = exchange.getProperty(MERGE, MergePlan.class);
        return plan == null ? 0 : plan.contacts().size();
    }

    /** Makes the exchange the {@code POST /contact/} of the loop's next contact. */
    public void addingContact(@ExchangeProperty(MERGE) MergePlan plan, @ExchangeProperty(Exchange.LOOP_INDEX) int index,
                              Exchange exchange) {
        CrmRequest.set(exchange, "POST", "/contact/", null);
        exchange.getMessage().setBody(plan.contacts().get(index));
    }

    public static boolean fillsFields(Exchange exchange) {
        MergePlan plan = exchange.getProperty(MERGE, MergePlan.class);
        return plan != null && !plan.patch().isEmpty();
    }

    /** Makes the exchange the non-destructive {@code PUT /lead/{id}/} of the lead's empty fields. */
    public void fillingFields(@ExchangeProperty(MERGE) MergePlan plan, Exchange exchange) {
        CrmRequest.set(exchange, "PUT", "/lead/" + plan.leadId() + "/", null);
        exchange.getMessage().setBody(plan.patch());
    }

    public void merged(@ExchangeProperty(DROP) DropSession drop, @ExchangeProperty(PENDING) PendingLead lead,
                       @ExchangeProperty(MERGE) MergePlan plan, @ExchangeProperty(ADDED) List<String> added) {
        if (plan != null) {
            List<String> contactIds = new ArrayList<>();
            java.util.Iterator<String> next = added.iterator();
            for (String existing : plan.existingIds()) {
                contactIds.add(existing != null ? existing : next.hasNext() ? next.next() : null);
            }
            drop.matched(lead, plan.leadId(), plan.contacts().size(), !plan.patch().isEmpty(), contactIds, action(plan));
        }
    }

    public void preview(@ExchangeProperty(DROP) DropSession drop, PendingLead lead) throws IOException {
        drop.preview(lead);
    }

    /** Records the intent to create the lead, then makes the exchange the CRM call that creates it. */
    public void sending(Exchange exchange) {
        DropSession drop = exchange.getProperty(DROP, DropSession.class);
        PendingLead lead = exchange.getMessage().getBody(PendingLead.class);
        exchange.setProperty(PENDING, lead);
        CrmRequest.set(exchange, "POST", "/lead/", null);
        drop.sending(lead);
        exchange.getMessage().setBody(lead.payload());
    }

    /** True for a lead an earlier run sent without hearing the answer: it must be looked up before any create. */
    public boolean inFlightAtStop(@ExchangeProperty(DROP) DropSession drop, PendingLead lead) {
        return drop.inFlightAtStop(lead) != null;
    }

    /**
     * Makes the exchange the look-up of the lead by its name, through Advanced Filtering (the {@code query}
     * parameter of {@code GET /lead/} is deprecated): leads whose name holds the name as a phrase; the exact
     * name is compared when the answer comes.
     */
    public void lookingUp(Exchange exchange) {
        PendingLead lead = exchange.getMessage().getBody(PendingLead.class);
        exchange.setProperty(PENDING, lead);
        CrmRequest.read(exchange, "POST", "/data/search/", null);
        exchange.getMessage().setBody(LeadMatcher.byName(String.valueOf(lead.payload().get("name")),
                List.of("id", "name", "date_created", "contacts"), 50));
    }

    /**
     * Whether the look-up found the lead the earlier run created: same name, created after that run
     * sent it (less a margin for clock skew). Found: recorded as created. Not found: it was never
     * created, and the body is the lead again, to be sent. The answer goes to the property {@value #RECOGNISED}.
     */
    @SuppressWarnings("unchecked")
    public void recognise(Exchange exchange) {
        DropSession drop = exchange.getProperty(DROP, DropSession.class);
        PendingLead lead = exchange.getProperty(PENDING, PendingLead.class);
        Instant after = drop.inFlightAtStop(lead).minus(CLOCK_SKEW);
        List<Map<String, Object>> found = (List<Map<String, Object>>) exchange.getMessage().getBody(Map.class)
                .getOrDefault("data", List.of());
        for (Map<String, Object> candidate : found) {
            Object created = candidate.get("date_created");
            if (String.valueOf(lead.payload().get("name")).equalsIgnoreCase(String.valueOf(candidate.get("name")))
                    && created != null && !OffsetDateTime.parse(created.toString()).toInstant().isBefore(after)) {
                LOG.info("{}: '{}' was created before the import stopped; recorded, not sent again",
                        drop.fileName(), candidate.get("name"));
                drop.created(lead, String.valueOf(candidate.get("id")), MergePlan.of(lead.payload(), candidate).existingIds());
                exchange.setProperty(RECOGNISED, true);
                return;
            }
        }
        exchange.setProperty(RECOGNISED, false);
        exchange.getMessage().setBody(lead);
    }

    /** The look-up itself failed: whether the lead exists cannot be told, so it is not sent. */
    public void lookupFailed(@ExchangeProperty(DROP) DropSession drop, @ExchangeProperty(PENDING) PendingLead lead,
                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        drop.uncertain(lead, "uncertain: the import stopped while this lead was being sent, and looking it up failed ("
                + e.getMessage() + "); check the CRM for '" + lead.payload().get("name")
                + "' before importing these rows again");
    }

    public void created(@ExchangeProperty(DROP) DropSession drop, @ExchangeProperty(PENDING) PendingLead lead,
                        Map<String, Object> answer) {
        List<String> contactIds = new ArrayList<>();
        if (answer.get("contacts") instanceof List<?> contacts) {
            for (Object contact : contacts) {
                contactIds.add(contact instanceof Map<?, ?> c && c.get("id") != null ? c.get("id").toString() : null);
            }
        }
        drop.created(lead, String.valueOf(answer.get("id")), contactIds);
    }

    /** The CRM refused the lead (400 and the like): its rows go to the rejects file with the CRM's words. */
    public void refused(@ExchangeProperty(DROP) DropSession drop, @ExchangeProperty(PENDING) PendingLead lead,
                        @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        drop.notCreated(lead, "refused by the CRM: " + e.getMessage());
    }

    /** The create may or may not have happened: never re-sent, reported for a person to check. */
    public void uncertain(@ExchangeProperty(DROP) DropSession drop, @ExchangeProperty(PENDING) PendingLead lead,
                          @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) CrmOutcomeUnknownException e) {
        drop.uncertain(lead, "uncertain: " + e.getMessage() + "; check the CRM for '" + lead.payload().get("name")
                + "' before importing these rows again");
    }

    /** Retries or the wait for the rate limit ran out: nothing was created, so dropping the same file again sends these rows again. */
    public void gaveUp(@ExchangeProperty(DROP) DropSession drop, @ExchangeProperty(PENDING) PendingLead lead,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        drop.notCreated(lead, "not created: " + e.getMessage()
                + "; drop the same file again to retry (leads already created are skipped)");
    }

    public ImportReport finish(@ExchangeProperty(DROP) DropSession drop) {
        return drop.finish("done", null);
    }

    /**
     * The drop failed as a whole: the report says why, then the failure is raised again so the file
     * consumer moves the file to {@code .failed/}. The ledger keeps what was created, for a retry.
     */
    public void failed(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable cause = rootCause(e);
        String error = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        DropSession drop = exchange.getProperty(DROP, DropSession.class);
        DropName dropName = dropName(exchange);
        String name = dropName.file();
        if (cause instanceof BadDropException || cause instanceof CrmException) {
            LOG.error("{}: the drop failed and goes to .failed/: {}", name, error);
        } else {
            LOG.error("{}: the drop failed and goes to .failed/: {}", name, error, e);
        }
        if (drop != null) {
            drop.finish("failed", error);
        } else {
            java.nio.file.Files.deleteIfExists(settings.stateDir().resolve(dropName.archived() + ".csv")); // a workbook's sheet
            DropFile file = exchange.getProperty(DROP_FILE, DropFile.class);
            String now = Instant.now().toString();
            ImportReports.write(settings.reportsDir(), dropName, new ImportReport(name, ".failed/" + dropName.archived(), "failed", error, settings.dryRun(),
                    file == null ? null : file.sha256(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now, now, null, null, null,
                    null, List.of(), 0, List.of(), file == null ? List.of() : file.warnings()));
        }
        throw e;
    }

    /** The failure a user can act on, under the wrappers of splitters and bean calls. */
    private static Throwable rootCause(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof BadDropException) && !(t instanceof CrmException)) {
            t = t.getCause();
        }
        return t;
    }
}
