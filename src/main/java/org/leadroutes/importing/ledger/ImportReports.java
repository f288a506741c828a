package org.leadroutes.importing.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardCopyOption;

import org.leadroutes.crm.Json;
import org.leadroutes.importing.inbox.DropName;

/** Writes report files whole or not at all (temp file, then rename), so a reader never sees half a report. */
public final class ImportReports {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.leadroutes.importing");

    private ImportReports() {
    }

    /**
     * Removes the results and rejects files that tries of the drop killed as they ended left in {@code reports/}
     * under their own names ({@link DropTries.Try#namesOfStoppedTries()}): files no report names, as the report
     * comes last. A name whose report exists is left alone. Called once the ending try's own files are in place.
     */
    public static void removeLeftByStoppedTries(Path reportsDir, DropTries.Try ending) {
        if (ending == null) {
            return;
        }
        for (String archived : ending.namesOfStoppedTries()) {
            DropName stopped = new DropName(archived, archived);
            if (Files.exists(reportsDir.resolve(stopped.report()))) {
                continue;
            }
            for (String left : List.of(stopped.results(), stopped.rejects())) {
                try {
                    if (Files.deleteIfExists(reportsDir.resolve(left))) {
                        LOG.info("{}: removed, left by a try of this drop that was killed as it ended (this try's"
                                + " report names the whole drop's files)", DropName.shown(left));
                    }
                } catch (IOException e) {
                    LOG.warn("cannot remove {}, left in {} by a killed try: {}", DropName.shown(left), reportsDir, e.toString());
                }
            }
        }
    }

    public static Path write(Path reportsDir, DropName name, ImportReport report) {
        try {
            Files.createDirectories(reportsDir);
            Path target = reportsDir.resolve(name.report());
            Path tmp = reportsDir.resolve("." + name.report() + ".tmp");
            Json.INDENTED.writeValue(tmp.toFile(), report);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + report.file(), e);
        }
    }
}
