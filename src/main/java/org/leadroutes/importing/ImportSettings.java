package org.leadroutes.importing;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

import org.leadroutes.crm.CrmFolder;
import org.leadroutes.matching.MatchKey;
import org.leadroutes.matching.OnMatch;

/** The {@code leads.import.*} settings a drop runs with. */
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
        String unknownStatus,
        java.time.Duration uncertainPause,
        java.time.Duration uncertainMaxWait) {

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
