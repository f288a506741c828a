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
        long deleted,
        long mergedAway,
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

    /** A report built by name: counts not set are 0, lists empty, texts null. */
    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private String file;
        private String status;
        private String error;
        private String api;
        private String format;
        private boolean gzip;
        private String destination;
        private long leads;
        private long rows;
        private long deleted;
        private long mergedAway;
        private long pages;
        private long duplicates;
        private long retries;
        private long rateLimited;
        private long bytes;
        private long durationMillis;
        private long leadsPerSecond;
        private String startedAt;
        private String finishedAt;
        private List<String> warnings = List.of();

        Builder file(String file) {
            this.file = file;
            return this;
        }

        Builder status(String status) {
            this.status = status;
            return this;
        }

        Builder error(String error) {
            this.error = error;
            return this;
        }

        Builder api(String api) {
            this.api = api;
            return this;
        }

        Builder format(String format) {
            this.format = format;
            return this;
        }

        Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        Builder destination(String destination) {
            this.destination = destination;
            return this;
        }

        Builder leads(long leads) {
            this.leads = leads;
            return this;
        }

        Builder rows(long rows) {
            this.rows = rows;
            return this;
        }

        Builder deleted(long deleted) {
            this.deleted = deleted;
            return this;
        }

        Builder mergedAway(long mergedAway) {
            this.mergedAway = mergedAway;
            return this;
        }

        Builder pages(long pages) {
            this.pages = pages;
            return this;
        }

        Builder duplicates(long duplicates) {
            this.duplicates = duplicates;
            return this;
        }

        Builder retries(long retries) {
            this.retries = retries;
            return this;
        }

        Builder rateLimited(long rateLimited) {
            this.rateLimited = rateLimited;
            return this;
        }

        Builder bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        Builder durationMillis(long durationMillis) {
            this.durationMillis = durationMillis;
            return this;
        }

        Builder leadsPerSecond(long leadsPerSecond) {
            this.leadsPerSecond = leadsPerSecond;
            return this;
        }

        Builder startedAt(String startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        Builder finishedAt(String finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        Builder warnings(List<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        ExportReport build() {
            return new ExportReport(file, status, error, api, format, gzip, destination, leads,
                    rows, deleted, mergedAway, pages, duplicates, retries, rateLimited, bytes, durationMillis,
                    leadsPerSecond, startedAt, finishedAt, warnings);
        }
    }
}
