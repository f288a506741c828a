package org.leadroutes.importing.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * <p>
 * While the drop runs it is written to a work file in {@code state/}; only a try that ends the drop ({@link #publish})
 * puts it in {@code reports/}, whole. A try that waits for the CRM, is handed over to another replica ({@link
 * #discard}) or is killed leaves nothing in {@code reports/}: its next try rejects the same rows again.
 */
public final class RejectsFile implements AutoCloseable {

    private final Path path;
    private final Path work;
    private final int columns;
    private final CSVPrinter printer;
    private final boolean escapeFormulas;
    private long count;

    /**
     * @param path           where the rejects file is published when the drop ends
     * @param work           the work file written until then (replaced: what a killed try left there is stale)
     * @param escapeFormulas cells a spreadsheet would run as formulas get a {@code '} ({@link SpreadsheetCells})
     */
    public RejectsFile(Path path, Path work, List<String> headers, boolean escapeFormulas) throws IOException {
        this.path = path;
        this.work = work;
        this.columns = headers.size();
        this.escapeFormulas = escapeFormulas;
        Files.createDirectories(work.getParent());
        Writer writer = Files.newBufferedWriter(work, StandardCharsets.UTF_8);
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

    /** The drop ended (done or failed): the rejects file goes to {@link #path}, whole (header only when none). */
    public synchronized void publish() throws IOException {
        printer.close();
        Files.createDirectories(path.getParent());
        try {
            Files.move(work, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) { // state/ and reports/ on two file systems
            Files.move(work, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The try did not end the drop (it waits, or was handed over): its next try writes the rejects again. */
    public synchronized void discard() throws IOException {
        printer.close();
        Files.deleteIfExists(work);
    }

    @Override
    public synchronized void close() throws IOException {
        printer.close();
    }
}
