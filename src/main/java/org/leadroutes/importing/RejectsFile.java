package org.leadroutes.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.leadroutes.mapping.SpreadsheetCells;

/**
 * {@code <file>.rejects.csv}: every rejected row with its original columns and an {@code error}
 * column saying why. Its headers are the drop's, so the file can be fixed and dropped again (the
 * import ignores the {@code error} column). Cells a spreadsheet would run as formulas are escaped as the export
 * escapes them, and the import reads the escape back.
 */
public final class RejectsFile implements AutoCloseable {

    private final Path path;
    private final int columns;
    private final CSVPrinter printer;
    private final boolean escapeFormulas;
    private long count;

    /** @param escapeFormulas cells a spreadsheet would run as formulas get a {@code '} ({@link SpreadsheetCells}) */
    public RejectsFile(Path path, List<String> headers, boolean escapeFormulas) throws IOException {
        this.path = path;
        this.columns = headers.size();
        this.escapeFormulas = escapeFormulas;
        Files.createDirectories(path.getParent());
        Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        List<String> header = new ArrayList<>(headers);
        header.add("error");
        printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header.stream().map(this::safe)
                .toArray(String[]::new)).get());
    }

    public synchronized void reject(List<String> cells, String error) {
        List<String> record = new ArrayList<>(columns + 1);
        for (int i = 0; i < columns; i++) {
            record.add(safe(i < cells.size() ? cells.get(i) : ""));
        }
        record.add(safe(error));
        try {
            printer.printRecord(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        count++;
    }

    private String safe(String cell) {
        return cell == null ? "" : escapeFormulas ? SpreadsheetCells.escape(cell) : cell;
    }

    public synchronized long count() {
        return count;
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        printer.close();
    }
}
