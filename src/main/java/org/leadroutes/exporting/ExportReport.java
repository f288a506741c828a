package org.leadroutes.exporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.leadroutes.crm.Json;

/**
 * {@code <data>/reports/<file name>.export.json}: what the last export to that file name did.
 * {@code status} is {@code published} or {@code failed}; {@code destination} never holds credentials.
 */
public record ExportReport(
        String file,
        String status,
        String error,
        String api,
        String format,
        boolean gzip,
        String destination,
        long leads,
        long rows,
        long pages,
        long duplicates,
        long retries,
        long rateLimited,
        long bytes,
        long durationMillis,
        long leadsPerSecond,
        String startedAt,
        String finishedAt,
        List<String> warnings) {

    /** Written whole or not at all (temp file, then rename), so a reader never sees half a report. */
    Path write(Path reportsDir) {
        String name = Path.of(file).getFileName().toString() + ".export.json";
        try {
            Files.createDirectories(reportsDir);
            Path target = reportsDir.resolve(name);
            Path tmp = reportsDir.resolve("." + name + ".tmp");
            Json.INDENTED.writeValue(tmp.toFile(), this);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export report " + name, e);
        }
    }
}
