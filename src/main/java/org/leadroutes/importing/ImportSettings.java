package org.leadroutes.importing;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

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
        OnMatch onMatch) {

    public Path reportsDir() {
        return dataDir.resolve("reports");
    }

    public Path stateDir() {
        return dataDir.resolve("state");
    }

    /**
     * Where the ledgers of drops sent to this CRM live, e.g. {@code state/api.close.com_api_v1/}: what
     * a drop created in one CRM (say the sandbox) says nothing about another.
     */
    public Path ledgerDir() {
        return stateDir().resolve(crmFolder(crmUrl));
    }

    /** The folder name of a CRM's ledgers: its URL without scheme, anything but letters, digits, dots and dashes as {@code _}. */
    static String crmFolder(String crmUrl) {
        String crm = crmUrl.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceAll("/+$", "")
                .replaceAll("[^A-Za-z0-9.-]+", "_");
        return crm.isEmpty() ? "crm" : crm;
    }
}
