package org.leadroutes.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile workbooks are refused with a reason, within bounded memory: a zip bomb (POI's inflate-ratio limit, set
 * on purpose), a shared-strings table past its bound (32 times leads.import.max-cell-bytes), one enormous cell.
 * The bounds are small here (4 KB a cell) so the workbooks stay small.
 */
class ImportWorkbookLimitsTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.max-cell-bytes", "4096");
        return p;
    }

    private static byte[] workbook(boolean inlineStrings, String... notes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (inlineStrings) {
            try (SXSSFWorkbook book = new SXSSFWorkbook(100)) { // writes cells as inline strings
                fill(book.createSheet("Leads"), notes);
                book.write(out);
                book.dispose();
            }
        } else {
            try (XSSFWorkbook book = new XSSFWorkbook()) { // writes texts to the shared-strings table
                fill(book.createSheet("Leads"), notes);
                book.write(out);
            }
        }
        return out.toByteArray();
    }

    private static void fill(Sheet sheet, String... notes) {
        Row header = sheet.createRow(0);
        header.createCell(0).setCellValue("Company");
        header.createCell(1).setCellValue("Notes");
        for (int i = 0; i < notes.length; i++) {
            Row row = sheet.createRow(i + 1);
            row.createCell(0).setCellValue("Company " + i);
            row.createCell(1).setCellValue(notes[i]);
        }
    }

    /** The workbook with one entry's content replaced. */
    private static byte[] replaced(byte[] xlsx, String entry, java.util.function.UnaryOperator<String> content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(xlsx));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(e.getName().equals(entry) ? content.apply(new String(data, java.nio.charset.StandardCharsets.UTF_8))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8) : data);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aZipBombIsRefusedByPoisInflateRatio() throws Exception {
        // 50 MB of blanks inside the sheet's XML: valid XML, inflating about 1000 times its compressed size
        byte[] bomb = replaced(workbook(false, "fine"), "xl/worksheets/sheet1.xml",
                xml -> xml.replace("<sheetData>", "<sheetData>" + " ".repeat(50 << 20)));
        assertTrue(bomb.length < 1 << 20, "a small file: " + bomb.length);
        Map<String, Object> report = importFile("bomb.xlsx", bomb);
        assertEquals("failed", report.get("status"));
        String error = (String) report.get("error");
        assertTrue(error.startsWith("an Excel workbook that cannot be read safely (") && error.contains("Zip bomb"), error);
        assertEquals(0, crm.leadCount());

        assertEquals("done", importFile("next.csv", "Company\nNext Inc\n").get("status"), "and the next drop imports");
    }

    @Test
    void aSharedStringsTablePastItsBoundAndAnEnormousCellAreRefusedNamingThem() throws Exception {
        String[] many = new String[400];
        for (int i = 0; i < many.length; i++) {
            many[i] = "a note of some length, different in every row: " + i + " " + "x".repeat(300);
        }
        Map<String, Object> strings = importFile("strings.xlsx", workbook(false, many));
        assertEquals("failed", strings.get("status"));
        assertTrue(((String) strings.get("error")).startsWith("an Excel workbook whose table of texts (shared strings) is"
                + " longer than 128 KB (32 times leads.import.max-cell-bytes)"), (String) strings.get("error"));

        Map<String, Object> inline = importFile("cell.xlsx", workbook(true, "short", "y".repeat(10_000)));
        assertEquals("failed", inline.get("status"));
        assertTrue(((String) inline.get("error")).startsWith("sheet 'Leads', cell B3 (line 3): a cell longer than 4 KB"),
                (String) inline.get("error"));

        // a long text in the shared-strings table (within its bound) is stopped as the sheet's rows are read
        Map<String, Object> shared = importFile("shared.xlsx", workbook(false, "short", "z".repeat(10_000)));
        assertEquals("failed", shared.get("status"));
        assertTrue(((String) shared.get("error")).startsWith("line 3, column Notes: a cell longer than 4 KB"),
                (String) shared.get("error"));
        assertEquals(0, crm.leadCount());
    }
}
