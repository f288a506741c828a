package org.leadroutes.importing;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

import org.leadroutes.crm.CrmFolder;
import org.leadroutes.matching.MatchKey;
import org.leadroutes.matching.OnMatch;

/**
 * The {@code leads.import.*} settings a drop runs with; {@code escapeFormulas} is {@code leads.export.escape-formulas},
 * which the rejects and results files follow as the export does.
 */
public record ImportSettings(
        Path dataDir,
        String crmUrl,
        boolean dryRun,
        String mappingFile,
        boolean groupByCompany,
        String defaultRegion,
        Charset charset,
        long bucketBytes,
        long progressSeconds,
        List<MatchKey> match,
        OnMatch onMatch,
        long maxCellBytes,
        long maxRowBytes,
        boolean escapeFormulas,
        String unknownStatus,
        java.time.Duration uncertainPause,
        java.time.Duration uncertainMaxWait,
        int maxKilledTries) {

    /** The default of {@code leads.import.max-cell-bytes}: 1 MB. */
    public static final long MAX_CELL_BYTES = 1 << 20;
    /** The default of {@code leads.import.max-row-bytes}: 4 MB. */
    public static final long MAX_ROW_BYTES = 4 << 20;
    /** The default of {@code leads.import.max-killed-tries}. */
    public static final int MAX_KILLED_TRIES = 3;

    /** {@code leads.import.unknown-status=reject}: a row naming a status the CRM does not have is rejected. */
    public boolean rejectUnknownStatus() {
        return "reject".equalsIgnoreCase(unknownStatus == null ? "" : unknownStatus.trim());
    }

    public Path reportsDir() {
        return dataDir.resolve("reports");
    }

    public Path stateDir() {
        return dataDir.resolve("state");
    }

    /**
     * Where the ledgers of drops sent to this CRM's organisation live, e.g.
     * {@code state/api.close.com_api_v1/orga_abc/}: what a drop created in one organisation (say a sandbox
     * since restarted) says nothing about another.
     *
     * @param organizationId as {@code GET /me/} names it; null for a CRM that names none (then per URL)
     */
    public Path ledgerDir(String organizationId) {
        Path crm = stateDir().resolve(CrmFolder.name(crmUrl));
        return organizationId == null || organizationId.isBlank() ? crm : crm.resolve(CrmFolder.name(organizationId));
    }
}
