package org.leadroutes.importing;

import java.util.List;

/**
 * {@code <archived file>.report.json}: what one drop did ({@code archivedAs}: where the file went, e.g.
 * {@code .done/leads.20261123-021500.123.csv}). Counts are of CSV data rows and of leads (groups of
 * rows); {@code skipped} leads were already created by an earlier drop of the same content.
 * {@code exporter}: the exporter the file's headers were recognised as (null for none); {@code ignoredColumns}:
 * the columns not imported; {@code linesSkipped}: lines that were not rows (a report's footer, a preamble
 * above the header), the first hundred of them in {@code skippedLines} with the reason. {@code valuesDropped}: the
 * values left out of rows that went on (each named in the results file's {@code warnings}), counted by reason,
 * the most frequent first; {@code uncertainResolved}: leads whose create was uncertain and that the look-up at the
 * end of the drop found in the CRM (counted in {@code leadsCreated}, no longer in {@code uncertain}). In a dry run
 * nothing is created: {@code leadsToCreate} (with {@code contactsToCreate}) are the leads the real run would create,
 * {@code leadsMatched} those it would merge into; a real run's {@code leadsToCreate} is 0.
 */
public record ImportReport(
        String file,
        String archivedAs,
        String status,
        String error,
        boolean dryRun,
        String sha256,
        long rows,
        long leads,
        long leadsToCreate,
        long contactsToCreate,
        long leadsCreated,
        long contactsCreated,
        long leadsMatched,
        long leadsUpdated,
        long contactsAdded,
        long rejected,
        java.util.Map<String, Long> valuesDropped,
        long skipped,
        long uncertain,
        long uncertainResolved,
        long retries,
        long rateLimited,
        long durationMillis,
        String startedAt,
        String finishedAt,
        String rejectsFile,
        String resultsFile,
        String payloadsFile,
        String exporter,
        List<String> ignoredColumns,
        long linesSkipped,
        List<String> skippedLines,
        List<String> warnings) {

    /** A report built by name: counts not set are 0, lists empty, texts null. */
    static Builder builder() {
        return new Builder();
    }

    /** The report of a drop that failed before it opened (a file refused, the CRM refusing the key): nothing counted. */
    /** A drop that failed ({@code failed}) or waits for the CRM ({@code waiting}) before it was opened. */
    static ImportReport endedBeforeOpening(DropName name, String status, String error, boolean dryRun, String sha256,
                                           List<String> warnings, java.time.Instant at) {
        return builder().file(name.file()).archivedAs(archivedAs(status, name, dryRun)).status(status).error(error)
                .dryRun(dryRun).sha256(sha256).startedAt(at.toString()).finishedAt(at.toString()).warnings(warnings)
                .build();
    }

    /**
     * Where the drop's file is, relative to the inbox: archived in .done/ or .failed/, or where it was: waiting, or
     * previewed by a dry run (the real run takes it from there).
     */
    static String archivedAs(String status, DropName name, boolean dryRun) {
        return switch (status) {
            case "failed" -> ".failed/" + name.archived();
            case "waiting" -> name.file();
            default -> dryRun ? name.file() : ".done/" + name.archived();
        };
    }

    static final class Builder {
        private String file;
        private String archivedAs;
        private String status;
        private String error;
        private boolean dryRun;
        private String sha256;
        private long rows;
        private long leads;
        private long leadsCreated;
        private long contactsCreated;
        private long leadsToCreate;
        private long contactsToCreate;
        private long leadsMatched;
        private long leadsUpdated;
        private long contactsAdded;
        private long rejected;
        private java.util.Map<String, Long> valuesDropped = java.util.Map.of();
        private long skipped;
        private long uncertain;
        private long uncertainResolved;
        private long retries;
        private long rateLimited;
        private long durationMillis;
        private String startedAt;
        private String finishedAt;
        private String rejectsFile;
        private String resultsFile;
        private String payloadsFile;
        private String exporter;
        private List<String> ignoredColumns = List.of();
        private long linesSkipped;
        private List<String> skippedLines = List.of();
        private List<String> warnings = List.of();

        Builder file(String file) {
            this.file = file;
            return this;
        }

        Builder archivedAs(String archivedAs) {
            this.archivedAs = archivedAs;
            return this;
        }

        Builder status(String status) {
            this.status = status;
            return this;
        }

        Builder error(String error) {
            this.error = error;
            return this;
        }

        Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        Builder sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        Builder rows(long rows) {
            this.rows = rows;
            return this;
        }

        Builder leads(long leads) {
            this.leads = leads;
            return this;
        }

        Builder leadsToCreate(long leadsToCreate) {
            this.leadsToCreate = leadsToCreate;
            return this;
        }

        Builder contactsToCreate(long contactsToCreate) {
            this.contactsToCreate = contactsToCreate;
            return this;
        }

        Builder leadsCreated(long leadsCreated) {
            this.leadsCreated = leadsCreated;
            return this;
        }

        Builder contactsCreated(long contactsCreated) {
            this.contactsCreated = contactsCreated;
            return this;
        }

        Builder leadsMatched(long leadsMatched) {
            this.leadsMatched = leadsMatched;
            return this;
        }

        Builder leadsUpdated(long leadsUpdated) {
            this.leadsUpdated = leadsUpdated;
            return this;
        }

        Builder contactsAdded(long contactsAdded) {
            this.contactsAdded = contactsAdded;
            return this;
        }

        Builder rejected(long rejected) {
            this.rejected = rejected;
            return this;
        }

        Builder valuesDropped(java.util.Map<String, Long> valuesDropped) {
            this.valuesDropped = valuesDropped;
            return this;
        }

        Builder uncertainResolved(long uncertainResolved) {
            this.uncertainResolved = uncertainResolved;
            return this;
        }

        Builder skipped(long skipped) {
            this.skipped = skipped;
            return this;
        }

        Builder uncertain(long uncertain) {
            this.uncertain = uncertain;
            return this;
        }

        Builder retries(long retries) {
            this.retries = retries;
            return this;
        }

        Builder rateLimited(long rateLimited) {
            this.rateLimited = rateLimited;
            return this;
        }

        Builder durationMillis(long durationMillis) {
            this.durationMillis = durationMillis;
            return this;
        }

        Builder startedAt(String startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        Builder finishedAt(String finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        Builder rejectsFile(String rejectsFile) {
            this.rejectsFile = rejectsFile;
            return this;
        }

        Builder resultsFile(String resultsFile) {
            this.resultsFile = resultsFile;
            return this;
        }

        Builder payloadsFile(String payloadsFile) {
            this.payloadsFile = payloadsFile;
            return this;
        }

        Builder exporter(String exporter) {
            this.exporter = exporter;
            return this;
        }

        Builder ignoredColumns(List<String> ignoredColumns) {
            this.ignoredColumns = ignoredColumns;
            return this;
        }

        Builder linesSkipped(long linesSkipped) {
            this.linesSkipped = linesSkipped;
            return this;
        }

        Builder skippedLines(List<String> skippedLines) {
            this.skippedLines = skippedLines;
            return this;
        }

        Builder warnings(List<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        ImportReport build() {
            return new ImportReport(file, archivedAs, status, error, dryRun, sha256, rows, leads, leadsToCreate,
                    contactsToCreate, leadsCreated, contactsCreated, leadsMatched, leadsUpdated, contactsAdded, rejected, valuesDropped, skipped, uncertain,
                    uncertainResolved, retries,
                    rateLimited, durationMillis, startedAt, finishedAt, rejectsFile, resultsFile, payloadsFile, exporter,
                    ignoredColumns, linesSkipped, skippedLines, warnings);
        }
    }
}
