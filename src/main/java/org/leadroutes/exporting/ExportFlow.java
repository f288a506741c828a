package org.leadroutes.exporting;

/**
 * The names the export flow ({@code routes/export.yaml}) and the Java code share, declared once: its routes,
 * the beans it calls and the variables that hold a run's state. {@code FlowNamesTest} fails when the YAML and
 * these disagree.
 */
public final class ExportFlow {

    /** The route of one export run ({@code direct:export-run}): it completes with the run's {@link ExportReport}. */
    public static final String ROUTE = "export-run";
    /** What the schedule, the start-up trigger, a one-shot run or a host sends to for one run. */
    public static final String ENDPOINT = "direct:" + ROUTE;
    /** The nightly schedule's route (Quartz, {@code leads.export.cron}). */
    public static final String SCHEDULE_ROUTE = "export-schedule";
    /** The schedule's Quartz trigger and job, {@code quartz://leads/export}: group, then name. */
    public static final String SCHEDULE_GROUP = "leads";
    public static final String SCHEDULE_NAME = "export";
    /**
     * Header: the firing a run is for (a {@link java.util.Date}): a scheduled run's firing, the original one when
     * another replica recovers a run whose replica stopped mid-run; now for any other run. The default file name
     * is dated by it, so a recovered run publishes under its firing's name.
     */
    public static final String FIRING = "firing";
    /** The route of the one export at start-up ({@code leads.export.run-on-start}). */
    public static final String ON_START_ROUTE = "export-on-start";

    /** Bean {@link ExportSteps}: the run's life, from its file name to its report. */
    public static final String STEPS = "leadExport";
    /** Bean {@link BulkRead}: Close's bulk export, its file downloaded and streamed into the spool. */
    public static final String BULK = "exportBulk";
    /** Bean {@link SearchRead}: Close's Advanced Filtering by date_updated, ranges side by side. */
    public static final String SEARCH = "exportSearch";
    /** Bean {@link PageRead}: numbered pages, a window of them at a time once their number is known. */
    public static final String PAGES = "exportPages";
    /** The thread pool pages and ranges are read from ({@code leads.export.concurrency}). */
    public static final String READERS = "exportReaders";

    /** Variable: the {@link ExportRun}, from its opening on. */
    public static final String RUN = "run";
    /**
     * Variable: the run's {@link ExportReport} (published or failed), set by the flow's last step; the run record
     * ({@code org.leadroutes.operating.RunEvents}) reads it by this name when the run's exchange completes.
     */
    public static final String REPORT = "report";
    /** Variable: the {@link PageWindow} of pages asked for together. */
    public static final String WINDOW = "window";
    /** Variable: one call of a window or of a search range, in a split copy of the run. */
    public static final String CALL = "call";
    /** Variable the CRM's vocabulary is received into (Close's custom field names). */
    public static final String VOCABULARY = "vocabulary";

    private ExportFlow() {
    }
}
