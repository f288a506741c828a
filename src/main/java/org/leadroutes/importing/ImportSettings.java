package org.leadroutes.importing;

import java.nio.charset.Charset;
import java.nio.file.Path;

/** The {@code leads.import.*} settings a drop runs with. */
public record ImportSettings(
        Path dataDir,
        boolean dryRun,
        String mappingFile,
        boolean groupByCompany,
        String defaultRegion,
        Charset charset,
        long bucketBytes,
        long progressSeconds) {

    public Path reportsDir() {
        return dataDir.resolve("reports");
    }

    public Path stateDir() {
        return dataDir.resolve("state");
    }
}
