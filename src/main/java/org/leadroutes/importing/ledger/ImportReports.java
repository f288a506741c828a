package org.leadroutes.importing.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.leadroutes.crm.Json;
import org.leadroutes.importing.inbox.DropName;

/** Writes report files whole or not at all (temp file, then rename), so a reader never sees half a report. */
public final class ImportReports {


    private ImportReports() {
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
