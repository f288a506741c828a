package org.leadroutes.importing;

import java.util.List;

/**
 * {@code <archived file>.report.json}: what one drop did ({@code archivedAs}: where the file went, e.g.
 * {@code .done/leads.20261123-021500.123.csv}). Counts are of CSV data rows and of leads (groups of
 * rows); {@code skipped} leads were already created by an earlier drop of the same content.
 * {@code exporter}: the exporter the file's headers were recognised as (null for none); {@code ignoredColumns}:
 * the columns not imported; {@code linesSkipped}: lines that were not rows (a report's footer, a preamble
 * above the header), the first hundred of them in {@code skippedLines} with the reason.
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
        long leadsCreated,
        long contactsCreated,
        long leadsMatched,
        long leadsUpdated,
        long contactsAdded,
        long rejected,
        long skipped,
        long uncertain,
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

    /** The report of a drop that failed before it opened (a file refused, the CRM refusing the key): nothing counted. */
    static ImportReport failedBeforeOpening(DropName name, String error, boolean dryRun, String sha256,
                                            List<String> warnings, java.time.Instant at) {
        String now = at.toString();
        return new ImportReport(name.file(), ".failed/" + name.archived(), "failed", error, dryRun, sha256,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now, now, null, null, null, null, List.of(), 0, List.of(), warnings);
    }
}
