package org.leadroutes.exporting;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.leadroutes.crm.Json;

/**
 * The file an export publishes, rendered from the run's spool once the last page is in: CSV (one row per contact,
 * its columns as wide as the widest contact, known only then) or JSON lines (the leads as the API returned them),
 * gzip or not; an incremental run's with {@link Operation}'s columns and the leads gone after the others.
 */
final class ExportFile {

    private final ExportSettings settings;
    private final LeadRows rows;
    private final CsvLayout.Widths widths;
    private final boolean incremental;
    private final List<String> warnings = new ArrayList<>();
    private long rowsWritten;

    /**
     * @param rows        how a lead becomes rows (the CRM's style, its custom fields)
     * @param widths      the widest contact's emails and phones, from the spooled leads
     * @param incremental whether the file says what changed (the operation columns, the leads gone)
     */
    ExportFile(ExportSettings settings, LeadRows rows, CsvLayout.Widths widths, boolean incremental) {
        this.settings = settings;
        this.rows = rows;
        this.widths = widths;
        this.incremental = incremental;
    }

    /**
     * Writes the file.
     *
     * @param spool  the spool's parts, in file order, each a file of JSON lines (one lead each)
     * @param leads  the leads the spool holds
     * @param gone   an incremental run's leads gone: id to the lead it was merged into, or null for deleted
     * @return the rows (CSV) or lines (JSON lines) written
     */
    long write(List<Path> spool, long leads, Map<String, String> gone, Path output) throws IOException {
        try (OutputStream out = open(output)) {
            if (settings.format() == ExportSettings.Format.JSONL) {
                writeJsonLines(out, spool, leads, gone);
            } else {
                writeCsv(out, spool, gone);
            }
        }
        return rowsWritten;
    }

    /** What the reader of the file should know (values the CSV could not hold). */
    List<String> warnings() {
        return warnings;
    }

    /** The leads as the API returned them; an incremental run's with {@link Operation}'s keys first, then the leads gone. */
    private void writeJsonLines(OutputStream out, List<Path> spool, long leads, Map<String, String> gone) throws IOException {
        if (!incremental) {
            for (Path part : spool) {
                Files.copy(part, out);
            }
            rowsWritten = leads;
            return;
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        String upsert = "{\"" + Operation.COLUMN + "\":\"" + Operation.UPSERT + "\",\"" + Operation.MERGED_INTO + "\":null";
        for (Path part : spool) {
            try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    writer.write(upsert);
                    writer.write(line.length() > 2 ? "," + line.substring(1) : "}"); // a spooled lead is one JSON object
                    writer.write('\n');
                    rowsWritten++;
                }
            }
        }
        for (Map.Entry<String, String> lead : gone.entrySet()) {
            Map<String, Object> line = new java.util.LinkedHashMap<>();
            line.put("id", lead.getKey());
            line.put(Operation.COLUMN, Operation.DELETE);
            line.put(Operation.MERGED_INTO, lead.getValue());
            writer.write(Json.MAPPER.writeValueAsString(line));
            writer.write('\n');
            rowsWritten++;
        }
        writer.flush();
    }

    private void writeCsv(OutputStream out, List<Path> spool, Map<String, String> gone) throws IOException {
        CsvLayout layout = new CsvLayout(widths, rows.customColumns(), settings.escapeFormulas(), incremental);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        if (settings.csvExcel()) {
            writer.write('\uFEFF'); // Excel reads a CSV as UTF-8 only when it starts with the byte-order mark
        }
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setDelimiter(settings.csvDelimiter()).get());
        printer.printRecord(layout.header());
        for (Path part : spool) {
            try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> lead = Json.EXACT_DECIMALS.readValue(line, Map.class);
                    for (ContactRow row : rows.rows(lead)) {
                        printer.printRecord(layout.cells(row));
                        rowsWritten++;
                    }
                }
            }
        }
        for (Map.Entry<String, String> lead : gone.entrySet()) {
            printer.printRecord(layout.deletion(lead.getKey(), lead.getValue()));
            rowsWritten++;
        }
        printer.flush();
        if (layout.valuesLeftOut() > 0) {
            warnings.add(layout.valuesLeftOut() + " emails/phones of contacts with more of them than the import has"
                    + " column names for were left out of the CSV; the jsonl format keeps everything");
        }
    }

    private OutputStream open(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return settings.gzip() ? new GZIPOutputStream(out, 64 * 1024) : new java.io.BufferedOutputStream(out, 64 * 1024);
    }

}
