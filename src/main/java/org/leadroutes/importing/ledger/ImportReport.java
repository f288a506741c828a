package org.leadroutes.importing.ledger;

import java.util.List;
import org.leadroutes.importing.inbox.DropName;

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
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The report of a drop that failed ({@code failed}: a file refused, the CRM refusing the key) or waits for the
     * CRM ({@code waiting}) before it was opened: nothing counted.
     */
    public static ImportReport endedBeforeOpening(DropName name, String status, String error, boolean dryRun, String sha256,
                                                  List<String> warnings, java.time.Instant at) {
        return builder().file(name.file()).archivedAs(archivedAs(status, name, dryRun)).status(status).error(error)
                .dryRun(dryRun).sha256(sha256).startedAt(at.toString()).finishedAt(at.toString()).warnings(warnings)
                .build();
    }

    /**
     * Where the drop's file is, relative to the inbox: archived in .done/ or .failed/, or where it was: waiting, or
     * previewed by a dry run (the real run takes it from there).
     */
    public static String archivedAs(String status, DropName name, boolean dryRun) {
        return switch (status) {
            case "failed" -> ".failed/" + name.archived();
            case "waiting" -> name.file();
            default -> dryRun ? name.file() : ".done/" + name.archived();
        };
    }

    public static final class Builder {
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

        public Builder file(String file) {
            this.file = file;
            return this;
        }

        public Builder archivedAs(String archivedAs) {
            this.archivedAs = archivedAs;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        public Builder sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        public Builder rows(long rows) {
            this.rows = rows;
            return this;
        }

        public Builder leads(long leads) {
            this.leads = leads;
            return this;
        }

        public Builder leadsToCreate(long leadsToCreate) {
            this.leadsToCreate = leadsToCreate;
            return this;
        }

        public Builder contactsToCreate(long contactsToCreate) {
            this.contactsToCreate = contactsToCreate;
            return this;
        }

        public Builder leadsCreated(long leadsCreated) {
            this.leadsCreated = leadsCreated;
            return this;
        }

        public Builder contactsCreated(long contactsCreated) {
            this.contactsCreated = contactsCreated;
            return this;
        }

        public Builder leadsMatched(long leadsMatched) {
            this.leadsMatched = leadsMatched;
            return this;
        }

        public Builder leadsUpdated(long leadsUpdated) {
            this.leadsUpdated = leadsUpdated;
            return this;
        }

        public Builder contactsAdded(long contactsAdded) {
            this.contactsAdded = contactsAdded;
            return this;
        }

        public Builder rejected(long rejected) {
            this.rejected = rejected;
            return this;
        }

        public Builder valuesDropped(java.util.Map<String, Long> valuesDropped) {
            this.valuesDropped = valuesDropped;
            return this;
        }

        public Builder uncertainResolved(long uncertainResolved) {
            this.uncertainResolved = uncertainResolved;
            return this;
        }

        public Builder skipped(long skipped) {
            this.skipped = skipped;
            return this;
        }

        public Builder uncertain(long uncertain) {
            this.uncertain = uncertain;
            return this;
        }

        public Builder retries(long retries) {
            this.retries = retries;
            return this;
        }

        public Builder rateLimited(long rateLimited) {
            this.rateLimited = rateLimited;
            return this;
        }

        public Builder durationMillis(long durationMillis) {
            this.durationMillis = durationMillis;
            return this;
        }

        public Builder startedAt(String startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder finishedAt(String finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        public Builder rejectsFile(String rejectsFile) {
            this.rejectsFile = rejectsFile;
            return this;
        }

        public Builder resultsFile(String resultsFile) {
            this.resultsFile = resultsFile;
            return this;
        }

        public Builder payloadsFile(String payloadsFile) {
            this.payloadsFile = payloadsFile;
            return this;
        }

        public Builder exporter(String exporter) {
            this.exporter = exporter;
            return this;
        }

        public Builder ignoredColumns(List<String> ignoredColumns) {
            this.ignoredColumns = ignoredColumns;
            return this;
        }

        public Builder linesSkipped(long linesSkipped) {
            this.linesSkipped = linesSkipped;
            return this;
        }

        public Builder skippedLines(List<String> skippedLines) {
            this.skippedLines = skippedLines;
            return this;
        }

        public Builder warnings(List<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        public ImportReport build() {
            return new ImportReport(file, archivedAs, status, error, dryRun, sha256, rows, leads, leadsToCreate,
                    contactsToCreate, leadsCreated, contactsCreated, leadsMatched, leadsUpdated, contactsAdded, rejected, valuesDropped, skipped, uncertain,
                    uncertainResolved, retries,
                    rateLimited, durationMillis, startedAt, finishedAt, rejectsFile, resultsFile, payloadsFile, exporter,
                    ignoredColumns, linesSkipped, skippedLines, warnings);
        }
    }
}
