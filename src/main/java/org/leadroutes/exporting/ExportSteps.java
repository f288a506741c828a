package org.leadroutes.exporting;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.leadroutes.crm.CrmAuthException;
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmRequest;
import org.leadroutes.crm.CrmTally;
import org.leadroutes.crm.CrmVocabulary;
import org.leadroutes.crm.CrmValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the export routes, as a bean bound by name ({@code leadExport}); the state of a run is
 * the {@link ExportRun} in the exchange property {@value #RUN}. One export runs at a time: a trigger
 * that fires while one is running is skipped.
 */
public class ExportSteps {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.exporting");

    public static final String RUN = "LeadsExport";
    /** The URI the file is sent to, for the route's {@code toD}. */
    public static final String TARGET = "LeadsExportTarget";
    /** Where the start of the last successful run is kept, for incremental runs. */
    static final String LAST_SUCCESS = "LeadsExportLastSuccess";

    private final ExportSettings settings;
    private final AtomicBoolean running = new AtomicBoolean();

    public ExportSteps(ExportSettings settings) {
        this.settings = settings;
    }


    /** Starts a run: its file name, its spool, its retry counter; or stops the exchange when one is running. */
    public void open(Exchange exchange) throws IOException {
        if (!running.compareAndSet(false, true)) {
            LOG.warn("an export is still running: this trigger is skipped");
            exchange.setRouteStop(true);
            return;
        }
        try {
            removeLeftovers();
            String template = settings.fileName();
            String evaluated = exchange.getContext().resolveLanguage("simple").createExpression(template)
                    .evaluate(exchange, String.class);
            String fileName = fileName(evaluated, settings.format(), settings.gzip());
            String target = ExportTarget.publishing(settings.target(), settings.knownHosts());
            Path lastSuccess = lastSuccessFile(exchange);
            java.time.Instant since = settings.incremental() && Files.exists(lastSuccess)
                    ? java.time.Instant.parse(Files.readString(lastSuccess).strip()) : null;
            ExportRun run = new ExportRun(settings, fileName, target, ExportTarget.describe(settings.target()), since);
            exchange.setProperty(LAST_SUCCESS, lastSuccess);
            exchange.setProperty(RUN, run);
            exchange.setProperty(TARGET, target);
            exchange.setProperty(CrmTally.PROPERTY, run.crmTally());
            exchange.getMessage().setBody(null);
            LOG.info("export {}: started: {} of {} at {} as {}{}, to {}", fileName,
                    since == null ? "every lead" : "the leads created or changed since " + since
                            + " (the start of the last successful run)",
                    run.style().describe(), crmUrl(exchange), settings.format().name().toLowerCase(),
                    settings.gzip() ? " (gzip)" : "", run.destination());
        } catch (IOException | RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    public boolean customFieldsById(@ExchangeProperty(RUN) ExportRun run) {
        return run.style().customFieldsById();
    }

    public void customFields(@ExchangeProperty(RUN) ExportRun run, CrmVocabulary vocabulary) {
        run.customFields(vocabulary);
    }

    public boolean hasMore(@ExchangeProperty(RUN) ExportRun run) {
        return run.pages().hasMore();
    }

    /** Makes the exchange the call for the next page. */
    public void pageRequest(Exchange exchange) {
        LeadPages pages = exchange.getProperty(RUN, ExportRun.class).pages();
        CrmRequest.read(exchange, pages.method(), pages.path(), pages.query()); // a read, whatever its method
        exchange.getMessage().setBody(pages.body());
    }

    public void page(@ExchangeProperty(RUN) ExportRun run, Map<String, Object> answer) throws IOException {
        run.write(run.pages().read(answer));
    }

    /** The body becomes the finished file, named for the target. */
    public void render(Exchange exchange) throws IOException {
        ExportRun run = exchange.getProperty(RUN, ExportRun.class);
        File file = run.render();
        exchange.getMessage().setBody(file);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, run.fileName());
    }

    /** The file is at its destination under its final name: summary line, report, clean up. */
    public ExportReport published(@ExchangeProperty(RUN) ExportRun run, @ExchangeProperty(LAST_SUCCESS) Path lastSuccess) {
        try {
            if (settings.incremental()) {
                remember(lastSuccess, run.startedAt());
            }
            ExportReport report = run.report("published", null);
            LOG.info("export {}: published to {}: {} leads, {} rows, {} pages, {} duplicates skipped, {} retries"
                    + " ({} rate limited), {} bytes in {} ms ({} leads/s)", report.file(), report.destination(), report.leads(),
                    report.rows(), report.pages(), report.duplicates(), report.retries(),
                    report.rateLimited(), report.bytes(),
                    report.durationMillis(), report.leadsPerSecond());
            report.warnings().forEach(w -> LOG.warn("export {}: {}", report.file(), w));
            writeQuietly(report);
            return report;
        } finally {
            end(run);
        }
    }

    /** The run failed: nothing was published under the final name. Says why and what to do; the trigger goes on. */
    public ExportReport failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ExportRun run = exchange.getProperty(RUN, ExportRun.class);
        String name = run == null ? "(not started)" : run.fileName();
        Throwable cause = cause(e);
        String error = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        try {
            if (cause instanceof CrmValidationException && error.contains("max_skip")) {
                error = "Close refused to page deeper (" + error + "). The organization has more leads than"
                        + " GET /lead/ can page through with _skip. Nothing was published. Read Close another way:"
                        + " leads.export.close-read=auto (the default: its bulk export, POST /export/lead/, for a full"
                        + " export) or search (Advanced Filtering by date_updated); neither has such a limit.";
                LOG.error("export {}: failed: {}", name, error);
            } else if (cause instanceof CrmAuthException) {
                LOG.error("export {}: failed, nothing was published: {}", name, error);
            } else if (cause instanceof CrmException) {
                LOG.error("export {}: failed, nothing was published: {} (retries exhausted or refused by the CRM)",
                        name, error);
            } else if (hostKeyProblem(error)) {
                error = error + ". The SFTP server's host key is missing from known_hosts or differs from it ("
                        + settings.knownHosts() + ", or the URI's knownHostsFile): nothing was uploaded. Check the"
                        + " key with the server's owner, then add it (ssh-keyscan -p PORT HOST >> known_hosts).";
                LOG.error("export {}: failed: {}", name, error);
            } else if (error.contains("Auth fail")) {
                error = error + ". The SFTP server refused the login: check the user name in the URI and that"
                        + " the public key of its privateKeyFile is in that user's authorized_keys on the server;"
                        + " nothing was uploaded.";
                LOG.error("export {}: failed: {}", name, error);
            } else {
                LOG.error("export {}: failed, nothing was published under its final name: {}", name, error, e);
            }
            if (run != null) {
                ExportReport report = run.report("failed", error);
                writeQuietly(report);
                return report;
            }
            return null;
        } finally {
            if (run != null) {
                end(run);
            } else {
                running.set(false);
            }
        }
    }

    /**
     * {@code <data>/state/export-<crm>.last-success}: the start of the last successful run against this CRM,
     * the point an incremental run reads from. Only a published run moves it.
     */
    private Path lastSuccessFile(Exchange exchange) {
        String url = exchange.getContext().getPropertiesComponent().resolveProperty("leads.crm.url").orElse("crm");
        return settings.stateDir().resolve("export-" + org.leadroutes.crm.CrmFolder.name(url) + ".last-success");
    }

    private static void remember(Path lastSuccess, java.time.Instant started) {
        try {
            Files.createDirectories(lastSuccess.getParent());
            Path tmp = lastSuccess.resolveSibling(lastSuccess.getFileName() + ".tmp");
            Files.writeString(tmp, started.toString() + "\n");
            Files.move(tmp, lastSuccess, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot record the start of this export in {}: the next incremental run reads from the one"
                    + " before ({})", lastSuccess, e.toString());
        }
    }

    /** What the page loop does next. */
    public enum Step { DOWNLOAD, WINDOW, RANGES, PAGE }

    static final String STEP = "LeadsExportStep";
    private static final String WINDOW_ANSWERS = "LeadsExportWindow";

    /**
     * Decides the loop's next step: the bulk export's download; a window of pages whose number the first
     * answer made known, fetched {@code leads.export.concurrency} at a time (the body becomes their queries);
     * or the next page by itself.
     */
    public void plan(Exchange exchange) {
        ExportRun run = exchange.getProperty(RUN, ExportRun.class);
        LeadPages pages = run.pages();
        if (pages instanceof BulkPages bulk && bulk.downloading()) {
            exchange.setProperty(STEP, Step.DOWNLOAD);
            return;
        }
        if (pages instanceof SearchPages search && search.sideBySide()) {
            exchange.setProperty(STEP, Step.RANGES);
            return;
        }
        java.util.List<LeadPages.Call> window = settings.concurrency() > 1 ? pages.window(settings.concurrency() * 2) : java.util.List.of();
        if (window.size() > 1) {
            exchange.setProperty(STEP, Step.WINDOW);
            exchange.setProperty(WINDOW_ANSWERS, new java.util.concurrent.ConcurrentHashMap<Integer, Map<String, Object>>());
            exchange.getMessage().setBody(window);
            return;
        }
        exchange.setProperty(STEP, Step.PAGE);
    }

    /** Makes a split copy one call of the window (its body is the {@link LeadPages.Call}). */
    public void windowRequest(Exchange exchange) {
        LeadPages pages = exchange.getProperty(RUN, ExportRun.class).pages();
        LeadPages.Call call = exchange.getMessage().getBody(LeadPages.Call.class);
        CrmRequest.read(exchange, pages.method(), pages.path(), call.query()); // a read, whatever its method
        exchange.getMessage().setBody(call.body());
    }

    @SuppressWarnings("unchecked")
    public void windowAnswer(Exchange exchange) {
        Map<Integer, Map<String, Object>> answers = exchange.getProperty(WINDOW_ANSWERS, Map.class);
        answers.put(exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class), exchange.getMessage().getBody(Map.class));
    }

    /** The window's pages, read and spooled in page order: the file's order is that of one page after another. */
    @SuppressWarnings("unchecked")
    public void windowDone(Exchange exchange) throws IOException {
        ExportRun run = exchange.getProperty(RUN, ExportRun.class);
        Map<Integer, Map<String, Object>> answers = exchange.getProperty(WINDOW_ANSWERS, Map.class);
        for (int i = 0; i < answers.size(); i++) {
            run.write(run.pages().read(answers.get(i)));
        }
        exchange.removeProperty(WINDOW_ANSWERS);
    }

    static final String RANGE_CALL = "LeadsExportRangeCall";

    /** The calls of Close's search ranges walked side by side, each as soon as its range is ready for it. */
    public java.util.Iterator<SearchPages.RangeCall> rangeCalls(@ExchangeProperty(RUN) ExportRun run) {
        return ((SearchPages) run.pages()).calls();
    }

    /** Whether the split copy is a call to make (the iteration's last item may be nothing). */
    public boolean rangeCall(Exchange exchange) {
        return !exchange.getMessage().getBody(SearchPages.RangeCall.class).nothing();
    }

    /** Makes a split copy the call of one range (its body is the {@link SearchPages.RangeCall}). */
    public void rangeRequest(Exchange exchange) {
        LeadPages pages = exchange.getProperty(RUN, ExportRun.class).pages();
        SearchPages.RangeCall call = exchange.getMessage().getBody(SearchPages.RangeCall.class);
        exchange.setProperty(RANGE_CALL, call);
        CrmRequest.read(exchange, pages.method(), pages.path(), null); // a search is a read
        exchange.getMessage().setBody(call.body());
    }

    /** A range's page is in: spooled into that range's part at once, and the calls that follow are made ready. */
    @SuppressWarnings("unchecked")
    public void rangeAnswer(Exchange exchange) throws IOException {
        ExportRun run = exchange.getProperty(RUN, ExportRun.class);
        SearchPages.RangeCall call = exchange.getProperty(RANGE_CALL, SearchPages.RangeCall.class);
        synchronized (run) { // one page at a time into the spool, under the part of its range
            run.write(((SearchPages) run.pages()).answered(call, exchange.getMessage().getBody(Map.class)));
        }
    }

    /** A range's call carried a cursor, which the CRM refused: it expired. */
    public boolean rangeCursorRefused(Exchange exchange) {
        return ((SearchPages) exchange.getProperty(RUN, ExportRun.class).pages())
                .carriesCursor(exchange.getProperty(RANGE_CALL, SearchPages.RangeCall.class));
    }

    public void rangeCursorExpired(Exchange exchange) {
        ExportRun run = exchange.getProperty(RUN, ExportRun.class);
        LOG.info("export {}: a search cursor expired; that range walks on from the last date_updated read", run.fileName());
        SearchPages search = (SearchPages) run.pages();
        try {
            search.cursorExpired(exchange.getProperty(RANGE_CALL, SearchPages.RangeCall.class));
        } catch (RuntimeException e) { // expired too often: the run fails, and the other ranges stop as for any failure
            search.abandon();
            throw e;
        }
    }

    /** A range's call failed for good: the other ranges make no more calls, and the run fails with this failure. */
    public void rangeFailed(Exchange exchange) throws Exception {
        ((SearchPages) exchange.getProperty(RUN, ExportRun.class).pages()).abandon();
        throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    /** How long to wait before the next call (a bulk export's job is polled with a growing pause). */
    public long pause(@ExchangeProperty(RUN) ExportRun run) {
        return run.pages() instanceof BulkPages bulk ? bulk.pauseMillis() : 0;
    }

    /** Whether the next step is the bulk export's download rather than an API call. */
    public boolean downloading(@ExchangeProperty(RUN) ExportRun run) {
        return run.pages() instanceof BulkPages bulk && bulk.downloading();
    }

    /**
     * Downloads the bulk export's file from its signed link and reads it into the spool: gzip, one JSON array,
     * parsed with Jackson's streaming parser a few hundred leads at a time, so memory does not grow with the
     * file. No API key goes with it (the link is the credential) and the link is never logged. The JDK's
     * HTTP client reads the body as the parser asks for it (camel-http, asked not to cache the stream, still
     * stalled on a file of 200,000 leads at -Xmx64m). A link that expired (403) is replaced by polling the
     * job again.
     */
    public void download(@ExchangeProperty(RUN) ExportRun run) throws IOException, InterruptedException {
        BulkPages bulk = (BulkPages) run.pages();
        java.net.http.HttpResponse<java.io.InputStream> answer = DOWNLOADER.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(bulk.downloadUrl()))
                        .timeout(java.time.Duration.ofMinutes(30)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = answer.body()) {
            if (answer.statusCode() == 403) {
                LOG.info("export {}: the bulk export's download link expired; asking for a fresh one", run.fileName());
                bulk.linkExpired();
                return;
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("downloading Close's bulk export failed: HTTP " + answer.statusCode()
                        + "; nothing was published");
            }
            read(run, body);
        }
        bulk.downloaded();
    }

    @SuppressWarnings("unchecked")
    private static void read(ExportRun run, java.io.InputStream gzipped) throws IOException {
        try (com.fasterxml.jackson.core.JsonParser json = DOWNLOAD.getFactory().createParser(
                new java.util.zip.GZIPInputStream(gzipped, 64 * 1024))) {
            if (json.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                throw new IllegalStateException("Close's bulk export file is not a JSON array of leads");
            }
            java.util.List<Map<String, Object>> batch = new java.util.ArrayList<>(DOWNLOAD_BATCH);
            while (json.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                batch.add(DOWNLOAD.readValue(json, Map.class));
                if (batch.size() == DOWNLOAD_BATCH) {
                    run.write(batch);
                    batch.clear();
                }
            }
            run.write(batch);
        }
    }

    private static final java.net.http.HttpClient DOWNLOADER = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(10)).followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();

    private static final com.fasterxml.jackson.databind.ObjectMapper DOWNLOAD = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int DOWNLOAD_BATCH = 500;

    /** The search's cursor was refused (it expires after about 30 s): the walk starts again from its keyset. */
    public boolean cursorRefused(@ExchangeProperty(RUN) ExportRun run) {
        return run.pages() instanceof SearchPages search && search.carriesCursor(null);
    }

    public void restartWalk(@ExchangeProperty(RUN) ExportRun run) {
        LOG.info("export {}: the search's cursor expired; walking on from the last date_updated read", run.fileName());
        ((SearchPages) run.pages()).cursorExpired();
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

    /** Work files of a run that was killed: only one export runs at a time, so none of them is in use. */
    private void removeLeftovers() throws IOException {
        Path state = settings.stateDir();
        if (!Files.isDirectory(state)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(state, ExportRun.SPOOL_PREFIX + "*.part")) {
            for (Path file : files) {
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

    private static String crmUrl(Exchange exchange) {
        return exchange.getContext().getPropertiesComponent().resolveProperty("leads.crm.url")
                .map(ExportTarget::describe).orElse("?");
    }

    private static boolean hostKeyProblem(String error) {
        String e = error.toLowerCase();
        return e.contains("hostkey") || e.contains("host key") || e.contains("known_hosts");
    }

    /** The failure a user can act on, under the wrappers of routes and components. */
    private static Throwable cause(Exception e) {
        if (e == null) {
            return new IllegalStateException("unknown failure");
        }
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CrmException) {
                return t;
            }
            deepest = t;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        // keep the component's own words (it names the host) and add the root cause's
        if (deepest != e && deepest.getMessage() != null && !message.contains(deepest.getMessage())) {
            return new IllegalStateException(message + ": " + deepest.getMessage(), e);
        }
        return e;
    }
}
