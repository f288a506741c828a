package org.leadroutes.exporting;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.leadroutes.crm.CrmTally;
import org.leadroutes.crm.Json;
import org.leadroutes.crm.CrmVocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export run: the typed state the export flow's variable {@value ExportFlow#RUN} holds. Leads go to a spool file in
 * {@code <data>/state/} as their page arrives (JSON lines, each lead id once), so memory holds one
 * page whatever the number of leads. When the last page is in, the spool becomes the file to publish
 * ({@link ExportFile}: CSV or JSON lines, gzip or not). The run counts what it read and wrote for its report.
 */
public final class ExportRun {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.exporting");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final long PROGRESS_NANOS = 10_000_000_000L;
    static final String SPOOL_PREFIX = "export-";

    private final ExportSettings settings;
    private final String fileName;
    private final String target;
    /** Several replicas: the part of the temporary name at the target unique to this run; null for one process. */
    private final String runTag;
    private final String destination;
    private final ExportStyle style;
    private final Instant since;
    private final Path lastSuccess;
    private final LeadPages pages;
    private long unchanged;
    private final List<String> warnings = new ArrayList<>();
    private final IdFingerprints seen = new IdFingerprints();
    private final CsvLayout.Widths widths = new CsvLayout.Widths();
    private final CrmTally crmTally = new CrmTally();
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final Path state;
    private final String stamp;
    /** The spool's parts, in file order (one unless the style reads ranges side by side: {@link LeadPages#part()}). */
    private final java.util.NavigableMap<Long, Spool> spools = new java.util.TreeMap<>();
    private final Path output;
    private LeadRows rows;
    private boolean cleanedUp;
    private long leads;
    private long duplicates;
    /** The file is read again from its start (a download that broke off): leads seen again are no duplicates. */
    private boolean readingAgain;
    private long rowsWritten;
    private long bytes;
    private long lastProgress = startNanos;
    private Instant scheduledFiring;
    private FiringClaims.Claim claim;
    /** An incremental run's leads gone (deleted, merged away); null for a run that is not incremental. */
    private final Deletions deletions;
    private long deleted;
    private long mergedAway;

    /**
     * @param since for an incremental run, the start of the last successful one: only leads created or changed
     *              since are exported (asked of the CRM when its style can, else filtered here); null for all
     * @param deletions an incremental run's: how it finds the leads gone, which its file then says; null otherwise
     * @param runTag    several replicas: the part of {@code target}'s temporary name unique to this run; else null
     */
    ExportRun(ExportSettings settings, String fileName, String target, String runTag, String destination, Instant since,
              Path lastSuccess, Deletions deletions) throws IOException {
        this.runTag = runTag;
        this.deletions = deletions;
        this.lastSuccess = lastSuccess;
        this.settings = settings;
        this.fileName = fileName;
        this.target = target;
        this.destination = destination;
        this.style = ExportStyle.of(settings);
        this.since = since;
        this.pages = style.pages(settings, style.filtersByChange() ? since : null);
        this.rows = style.rows(Map.of());
        this.state = Files.createDirectories(settings.stateDir());
        this.stamp = STAMP.format(startedAt);
        this.output = state.resolve(SPOOL_PREFIX + stamp + ".out.part");
    }

    /** One part of the spool: a file of JSON lines in {@code <data>/state/}. */
    private record Spool(Path file, Writer out) {
    }

    private Writer spool(long part) throws IOException {
        Spool spool = spools.get(part);
        if (spool == null) {
            Path file = state.resolve(SPOOL_PREFIX + stamp + "." + spools.size() + ".jsonl.part");
            spool = new Spool(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
            spools.put(part, spool);
        }
        return spool.out();
    }

    /** The CRM's vocabulary: custom values get columns named after their fields. */
    void customFields(CrmVocabulary vocabulary) {
        warnings.addAll(vocabulary.warnings());
        rows = style.rows(CsvLayout.usableCustomFields(vocabulary.customFieldNames(), warnings));
    }

    /**
     * Spools one page's leads, each lead id once per run, into the part of the page just read. A page that
     * arrives after the run ended (a search range's call still on its way when another failed) is dropped.
     */
    synchronized void write(List<Map<String, Object>> page) throws IOException {
        if (cleanedUp) {
            return;
        }
        Writer spoolOut = page.isEmpty() ? null : spool(pages.part());
        for (Map<String, Object> lead : page) {
            if (deletions != null && lead.get("id") != null) {
                deletions.read(lead.get("id").toString()); // read, so not gone, whether changed or not
            }
            if (since != null && !style.filtersByChange() && !style.changedSince(lead, since)) {
                unchanged++; // an incremental run of a style that cannot ask for changed leads only
                continue;
            }
            Object id = lead.get("id");
            if (id != null && !seen.add(id.toString())) {
                if (!readingAgain) {
                    duplicates++; // pages shifted under us: the lead was written from an earlier page
                }
                continue;
            }
            spoolOut.write(Json.MAPPER.writeValueAsString(lead));
            spoolOut.write('\n');
            leads++;
            if (settings.format() == ExportSettings.Format.CSV) {
                rows.rows(lead).forEach(widths::include);
            }
        }
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_NANOS) {
            lastProgress = now;
            LOG.info("export {}: {} leads from {} pages so far ({} leads/s)", fileName, leads, pages.pages(),
                    perSecond(leads, now - startNanos));
        }
    }

    /** The file is read again from its start (a bulk download that broke off): leads seen again are expected. */
    synchronized void readingAgain() {
        readingAgain = true;
    }

    /** Turns the spool into the file to publish ({@link ExportFile}) and returns it. */
    File render() throws IOException {
        for (Spool spool : spools.values()) {
            spool.out().close();
        }
        Map<String, String> gone = deletions == null ? Map.of() : deletions.gone(pages.complete());
        ExportFile file = new ExportFile(settings, rows, widths, deletions != null);
        rowsWritten = file.write(spools.values().stream().map(Spool::file).toList(), leads, gone, output);
        warnings.addAll(file.warnings());
        gone.values().forEach(into -> {
            if (into == null) {
                deleted++;
            } else {
                mergedAway++;
            }
        });
        for (Spool spool : spools.values()) {
            Files.deleteIfExists(spool.file());
        }
        bytes = Files.size(output);
        return output.toFile();
    }

    /** Deletes the run's work files; called whether it published or failed. */
    synchronized void cleanup() {
        cleanedUp = true;
        if (claim != null) {
            claim.close(); // released unless the file was published
        }
        try {
            for (Spool spool : spools.values()) {
                try {
                    spool.out().close();
                } catch (IOException e) {
                    // nothing more to write
                }
                Files.deleteIfExists(spool.file());
            }
            Files.deleteIfExists(output);
        } catch (IOException e) {
            LOG.warn("export {}: cannot delete its work files in {}: {}", fileName, settings.stateDir(), e.toString());
        }
    }

    ExportReport report(String status, String error) {
        long nanos = System.nanoTime() - startNanos;
        List<String> all = new ArrayList<>(pages.warnings());
        all.addAll(warnings);
        if (deletions != null) {
            all.addAll(deletions.warnings());
        }
        if (unchanged > 0) {
            all.add(unchanged + " leads unchanged since " + since + " were read and left out (this CRM cannot be asked"
                    + " for changed leads only)");
        }
        return ExportReport.builder()
                .file(fileName).status(status).error(error)
                .api(settings.api()).format(settings.format().name().toLowerCase()).gzip(settings.gzip())
                .destination(destination)
                .leads(leads).rows(rowsWritten).deleted(deleted).mergedAway(mergedAway).pages(pages.pages()).duplicates(duplicates)
                .retries(crmTally.retries()).rateLimited(crmTally.rateLimited()).bytes(bytes)
                .durationMillis(nanos / 1_000_000).leadsPerSecond(perSecond(leads, nanos))
                .startedAt(startedAt.toString()).finishedAt(Instant.now().toString())
                .warnings(all)
                .build();
    }

    private static long perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : Math.round(count * 1e9 / nanos);
    }

    ExportStyle style() {
        return style;
    }

    /** An incremental run's leads gone, and how it finds them; null for a run that is not incremental. */
    Deletions deletions() {
        return deletions;
    }

    /** Whether Close's event log has another page for this run: the flow's loop after the leads are in. */
    public boolean eventsToRead() {
        return deletions != null && deletions.events() != null && deletions.events().hasMore();
    }

    /** The way this run reads the leads, chosen when it opened. */
    public ExportStyle.ReadPath reads() {
        return style.reads(settings);
    }

    /** The flow's branch for Close's bulk export ({@link BulkRead}). */
    public boolean readsBulk() {
        return reads() == ExportStyle.ReadPath.BULK;
    }

    /** The flow's branch for Close's search by date_updated ranges side by side ({@link SearchRead}). */
    public boolean readsSearchRanges() {
        return reads() == ExportStyle.ReadPath.SEARCH_RANGES;
    }

    /** The flow's branch for Close's search, one page after another ({@link SearchRead}). */
    public boolean readsSearch() {
        return reads() == ExportStyle.ReadPath.SEARCH;
    }

    /** The flow's branch for numbered or skipped pages ({@link PageRead}). */
    public boolean readsPages() {
        return reads() == ExportStyle.ReadPath.PAGES;
    }

    /** Whether Close's custom field values come by id, so the run first fetches the CRM's field names. */
    public boolean customFieldsById() {
        return style.customFieldsById();
    }

    /** Whether the CRM announced more leads to read. */
    public boolean hasMore() {
        return pages.hasMore();
    }

    /** Close's bulk export job of this run ({@link ExportStyle.ReadPath#BULK}). */
    public BulkPages bulk() {
        return path(BulkPages.class);
    }

    /** Close's search of this run ({@link ExportStyle.ReadPath#SEARCH_RANGES}, {@link ExportStyle.ReadPath#SEARCH}). */
    SearchPages search() {
        return path(SearchPages.class);
    }

    private <T extends LeadPages> T path(Class<T> type) {
        if (!type.isInstance(pages)) {
            throw new IllegalStateException("export " + fileName + " reads " + reads() + ", not by " + type.getSimpleName());
        }
        return type.cast(pages);
    }

    /** {@code <data>/state/export-<crm>.last-success}: where an incremental run reads from; moved by a published run. */
    Path lastSuccess() {
        return lastSuccess;
    }

    /** The scheduled firing this run is for; null for a run that no schedule fired (nothing to claim). */
    Instant scheduledFiring() {
        return scheduledFiring;
    }

    void scheduledFiring(Instant firing) {
        this.scheduledFiring = firing;
    }

    /** The run's claim on its firing ({@link FiringClaims}), taken before publishing; null when none was needed. */
    FiringClaims.Claim claim() {
        return claim;
    }

    void claim(FiringClaims.Claim claim) {
        this.claim = claim;
    }

    Instant startedAt() {
        return startedAt;
    }

    LeadPages pages() {
        return pages;
    }

    CrmTally crmTally() {
        return crmTally;
    }

    String fileName() {
        return fileName;
    }

    /**
     * leads.export.target with what publishes safely: a temporary name renamed when complete, a checked host key.
     * Public for an operator's export.yaml of an older version ({@code toD: "${variable.run.target()}"}): it still
     * publishes, but without the claim's confirmation before the rename.
     */
    public String target() {
        return target;
    }

    String destination() {
        return destination;
    }

    /** Several replicas: the part of the temporary name at the target unique to this run; null for one process. */
    String runTag() {
        return runTag;
    }

    long leads() {
        return leads;
    }
}
