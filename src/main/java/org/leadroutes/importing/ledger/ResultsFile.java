package org.leadroutes.importing.ledger;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.leadroutes.mapping.SpreadsheetCells;

/**
 * {@code <file>.results.csv}: every data row of the drop, in the file's order, with its own columns and
 * {@code line} (the row's line in a spreadsheet, the header being line 1), {@code lead_id}, {@code contact_id}, {@code action}, {@code error} and {@code warnings} (the values
 * left out of the row: column, value and why, joined with {@code "; "}). Rows finish in any order (leads
 * are sent concurrently), so they are first kept in work files of {@value #ROWS_PER_PART} rows each, by row
 * number, and each part is sorted on its own when the drop ends: memory holds one part, not the file. Only a
 * try that ends the drop writes the results file ({@link #finish}); one that waits or is handed over ({@link
 * #discard}) or is killed writes none: its next try gives every row its outcome again.
 */
public final class ResultsFile implements AutoCloseable {

    static final int ROWS_PER_PART = 50_000;

    private final Path path;
    private final Path workDir;
    private final List<String> headers;
    private final TreeMap<Long, CSVPrinter> parts = new TreeMap<>();
    private final boolean escapeFormulas;

    /** @param escapeFormulas cells a spreadsheet would run as formulas get a {@code '} ({@link SpreadsheetCells}) */
    public ResultsFile(Path path, Path workDir, List<String> headers, boolean escapeFormulas) {
        this.path = path;
        this.escapeFormulas = escapeFormulas;
        this.workDir = workDir;
        this.headers = List.copyOf(headers);
    }

    public Path path() {
        return path;
    }

    /** @param row the row's line in a spreadsheet (the header is line 1) */
    public synchronized void row(long row, List<String> cells, String leadId, String contactId, String action, String error,
                                 String warnings) {
        List<String> record = new ArrayList<>(headers.size() + 6);
        record.add(Long.toString(row));
        for (int i = 0; i < headers.size(); i++) {
            record.add(i < cells.size() ? cells.get(i) : "");
        }
        record.add(leadId == null ? "" : leadId);
        record.add(contactId == null ? "" : contactId);
        record.add(action);
        record.add(error == null ? "" : error);
        record.add(warnings == null ? "" : warnings);
        try {
            part(row / ROWS_PER_PART).printRecord(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of " + path.getFileName(), e);
        }
    }

    private CSVPrinter part(long index) throws IOException {
        CSVPrinter printer = parts.get(index);
        if (printer == null) {
            Files.createDirectories(workDir);
            printer = new CSVPrinter(Files.newBufferedWriter(partPath(index), StandardCharsets.UTF_8), CSVFormat.DEFAULT);
            parts.put(index, printer);
        }
        return printer;
    }

    private Path partPath(long index) {
        return workDir.resolve("results-" + index + ".csv");
    }

    /** Writes the results file in row order from the parts, then removes them. */
    public synchronized void finish() throws IOException {
        for (CSVPrinter printer : parts.values()) {
            printer.close();
        }
        Files.createDirectories(path.getParent());
        List<String> header = new ArrayList<>(headers);
        header.addAll(List.of("line", "lead_id", "contact_id", "action", "error", "warnings"));
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.stream().map(this::safe)
                     .toArray(String[]::new)).get())) {
            for (Long index : parts.keySet()) {
                List<CSVRecord> records;
                try (Reader in = Files.newBufferedReader(partPath(index), StandardCharsets.UTF_8)) {
                    records = new ArrayList<>(CSVFormat.DEFAULT.parse(in).getRecords());
                }
                records.sort(Comparator.comparingLong(r -> Long.parseLong(r.get(0))));
                for (CSVRecord r : records) { // kept line first, for sorting; written after the file's own columns
                    List<String> values = r.toList();
                    List<String> record = new ArrayList<>(values.subList(1, 1 + headers.size()));
                    record.add(values.get(0));
                    record.addAll(values.subList(1 + headers.size(), values.size()));
                    printer.printRecord(record.stream().map(this::safe).toList());
                }
                Files.deleteIfExists(partPath(index));
            }
        }
        parts.clear();
    }

    /** The try did not end the drop: its work files are removed and no results file is written. */
    public synchronized void discard() throws IOException {
        for (Long index : parts.keySet()) {
            parts.get(index).close();
            Files.deleteIfExists(partPath(index));
        }
        parts.clear();
    }

    private String safe(String cell) {
        return escapeFormulas ? SpreadsheetCells.escape(cell) : cell;
    }

    @Override
    public synchronized void close() throws IOException {
        for (CSVPrinter printer : parts.values()) {
            printer.close();
        }
    }
}
