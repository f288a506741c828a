package org.leadroutes.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes report files whole or not at all (temp file, then rename), so a reader never sees half a report. */
final class ImportReports {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ImportReports() {
    }

    static Path write(Path reportsDir, DropName name, ImportReport report) {
        try {
            Files.createDirectories(reportsDir);
            Path target = reportsDir.resolve(name.report());
            Path tmp = reportsDir.resolve("." + name.report() + ".tmp");
            JSON.writeValue(tmp.toFile(), report);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + report.file(), e);
        }
    }
}
