package org.leadroutes.exporting;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * How the export reads one CRM style, and how that style's leads become rows: one class per way of reading,
 * chosen once per run from {@code leads.crm.api} and {@code leads.export.close-read}. The run's life (spool,
 * render, publish, report) is the same for all of them ({@link ExportRun}).
 */
abstract class ExportStyle {

    /**
     * The pages of one run.
     *
     * @param since for an incremental run, the leads created or changed since then; null for every lead
     */
    abstract LeadPages pages(ExportSettings settings, Instant since);

    /** How a lead of this style becomes rows; {@code customFields} names Close's custom field ids. */
    abstract LeadRows rows(Map<String, String> customFields);

    /** Whether custom field values come by id (Close), so a run first fetches the CRM's field names. */
    abstract boolean customFieldsById();

    /** Whether the CRM can be asked for changed leads only; if not, an incremental run reads all and filters. */
    abstract boolean filtersByChange();

    /** Whether a lead was created or changed after {@code since}, by this style's timestamp. */
    boolean changedSince(Map<String, Object> lead, Instant since) {
        Object updated = lead.get(updatedField());
        if (updated == null) {
            return true; // cannot tell: exported
        }
        try {
            return !java.time.OffsetDateTime.parse(updated.toString()).toInstant().isBefore(since);
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    /** The lead field that says when it last changed. */
    String updatedField() {
        return "date_updated";
    }

    /** For the log: how this style reads. */
    abstract String describe();

    /** The way the flow reads the leads: its branch in {@code routes/export.yaml}. */
    abstract ReadPath reads(ExportSettings settings);

    /** The export flow's branches, one per way of reading. */
    public enum ReadPath {
        /** Close's bulk export: one job, polled, then its file streamed ({@link BulkRead}). */
        BULK,
        /** Close's search by date_updated ranges side by side ({@link SearchRead}). */
        SEARCH_RANGES,
        /** Close's search, one page after another (leads.export.concurrency=1). */
        SEARCH,
        /** Numbered or skipped pages, windows of them together once their number is known ({@link PageRead}). */
        PAGES
    }

    static ExportStyle of(ExportSettings settings) {
        if (!settings.closeStyle()) {
            return new Paged();
        }
        return switch (settings.closeRead()) {
            case "pages" -> new ClosePaging();
            case "search" -> new CloseSearch();
            case "bulk" -> new CloseBulk();
            case "auto" -> settings.incremental() ? new CloseSearch() : new CloseBulk(); // changed leads: the search asks for them
            default -> throw new IllegalArgumentException("leads.export.close-read must be auto, bulk, search or pages,"
                    + " not '" + settings.closeRead() + "'");
        };
    }

    /** Close: custom fields by id, rows by {@link CloseLeadRows}. */
    private abstract static class Close extends ExportStyle {
        @Override
        LeadRows rows(Map<String, String> customFields) {
            return new CloseLeadRows(customFields);
        }

        @Override
        boolean customFieldsById() {
            return true;
        }
    }

    /** Close through Advanced Filtering, walked by {@code date_updated} ranges side by side ({@link SearchPages}): no {@code _skip} cap. */
    static final class CloseSearch extends Close {
        @Override
        LeadPages pages(ExportSettings settings, Instant since) {
            return new SearchPages(settings.searchLimit(), settings.fieldList(), since, settings.concurrency());
        }

        @Override
        boolean filtersByChange() {
            return true;
        }

        @Override
        ReadPath reads(ExportSettings settings) {
            return settings.concurrency() > 1 ? ReadPath.SEARCH_RANGES : ReadPath.SEARCH;
        }

        @Override
        String describe() {
            return "Close, by Advanced Filtering sorted by date_updated";
        }
    }

    /** Close's bulk export ({@link BulkPages}): one job, one streamed download; changed leads by its {@code s_query}. */
    static final class CloseBulk extends Close {
        @Override
        LeadPages pages(ExportSettings settings, Instant since) {
            return new BulkPages(settings.fieldList(), settings.bulkPollMillis(), since);
        }

        @Override
        boolean filtersByChange() {
            return true;
        }

        @Override
        ReadPath reads(ExportSettings settings) {
            return ReadPath.BULK;
        }

        @Override
        String describe() {
            return "Close, by its bulk export (POST /export/lead/)";
        }
    }

    /** Close's {@code GET /lead/} by {@code _skip}: capped by Close's {@code max_skip}; for CRMs with nothing else. */
    static final class ClosePaging extends Close {
        @Override
        LeadPages pages(ExportSettings settings, Instant since) {
            return new ClosePages(settings.pageSize(), settings.fields());
        }

        @Override
        boolean filtersByChange() {
            return false;
        }

        @Override
        ReadPath reads(ExportSettings settings) {
            return ReadPath.PAGES;
        }

        @Override
        String describe() {
            return "Close, by GET /lead/ pages";
        }
    }

    /** The page-numbered CRM: {@code GET /leads?page=&pageSize=}; it has no filter by change. */
    static final class Paged extends ExportStyle {
        @Override
        LeadPages pages(ExportSettings settings, Instant since) {
            return new NumberedPages(settings.pageSize(), settings.status());
        }

        @Override
        LeadRows rows(Map<String, String> customFields) {
            return new PagedLeadRows();
        }

        @Override
        boolean customFieldsById() {
            return false;
        }

        @Override
        boolean filtersByChange() {
            return false;
        }

        @Override
        ReadPath reads(ExportSettings settings) {
            return ReadPath.PAGES;
        }

        @Override
        String describe() {
            return "the paged CRM, by GET /leads pages";
        }

        @Override
        String updatedField() {
            return "updatedAt";
        }
    }

    static String normalised(String value) {
        return value == null ? "auto" : value.strip().toLowerCase(Locale.ROOT);
    }
}
