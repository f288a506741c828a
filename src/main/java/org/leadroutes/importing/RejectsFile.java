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

/**
 * {@code <file>.rejects.csv}: every rejected row with its original columns and an {@code error}
 * column saying why. Its headers are the drop's, so the file can be fixed and dropped again (the
 * import ignores the {@code error} column).
 */
public final class RejectsFile implements AutoCloseable {

    private final Path path;
    private final int columns;
    private final CSVPrinter printer;
    private long count;

    public RejectsFile(Path path, List<String> headers) throws IOException {
        this.path = path;
        this.columns = headers.size();
        Files.createDirectories(path.getParent());
        Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        List<String> header = new ArrayList<>(headers);
        header.add("error");
        printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get());
    }

    public synchronized void reject(List<String> cells, String error) {
        List<String> record = new ArrayList<>(columns + 1);
        for (int i = 0; i < columns; i++) {
            record.add(i < cells.size() ? cells.get(i) : "");
        }
        record.add(error);
        try {
            printer.printRecord(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        count++;
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
