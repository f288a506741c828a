package org.leadroutes.exporting;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code <data>/state/export-<crm>.ids}: the lead ids a table kept from the published files holds after the last
 * successful incremental run (the full export's ids, plus those upserted since, less those deleted or merged away),
 * one a line, sorted. It sits beside the {@code .last-success} mark in the data folder the replicas share, is
 * replaced whole (written aside, then renamed) by a run that published, and is what a run compares a full id
 * pass with to find the leads that are gone (the paged CRM, or a Close run whose event log no longer reaches back
 * to the last run). About 50 bytes a lead: 5 MB for 100,000 leads.
 */
final class KnownIds {

    private KnownIds() {
    }

    /** The ids file next to a {@code .last-success} mark. */
    static Path beside(Path lastSuccess) {
        String name = lastSuccess.getFileName().toString();
        return lastSuccess.resolveSibling(name.substring(0, name.length() - ".last-success".length()) + ".ids");
    }

    /** The ids the last successful run left, or null when there is no such file (a first run, or one before ids were kept). */
    static Set<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Set<String> ids = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    ids.add(line.strip());
                }
            }
        }
        return ids;
    }

    /** Replaces the file whole: written aside, then renamed over it. */
    static void write(Path file, Collection<String> ids) throws IOException {
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (String id : sorted) {
                out.write(id);
                out.write('\n');
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
