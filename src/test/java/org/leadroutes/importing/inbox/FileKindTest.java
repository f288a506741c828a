package org.leadroutes.importing.inbox;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each kind of file the inbox refuses is told by its first bytes and its name, and gets its own advice. */
class FileKindTest {

    private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04, 0};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0};
    private static final byte[] PDF = {0x25, 0x50, 0x44, 0x46, 0x2D};
    private static final byte[] GZIP = {0x1F, (byte) 0x8B, 8};
    private static final byte[] TEXT = "Company,Email\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static final String SAVE_AS_CSV = "open it and save it as 'CSV UTF-8 (Comma delimited) (*.csv)'"
            + " (in Excel: File > Save As), then drop the .csv file";

    @Test
    void kindsByContentAndName() {
        assertEquals(FileKind.EXCEL_TEMPLATE, FileKind.of(ZIP, "xltx"));
        assertEquals(FileKind.OPENDOCUMENT, FileKind.of(ZIP, "ods"));
        assertEquals(FileKind.NUMBERS, FileKind.of(ZIP, "numbers"));
        assertEquals(FileKind.WORD, FileKind.of(ZIP, "docx"));
        assertEquals(FileKind.WORKBOOK_NAMED_CSV, FileKind.of(ZIP, "csv"));
        assertEquals(FileKind.ZIP, FileKind.of(ZIP, "zip"));
        assertEquals(FileKind.WORD, FileKind.of(OLE2, "doc"));
        assertEquals(FileKind.PROTECTED_WORKBOOK, FileKind.of(OLE2, "xlsx"));
        assertEquals(FileKind.XLS, FileKind.of(OLE2, "xls"));
        assertEquals(FileKind.XLS, FileKind.of(OLE2, "csv"));
        assertEquals(FileKind.PDF, FileKind.of(PDF, "csv"));
        assertEquals(FileKind.GZIP, FileKind.of(GZIP, "gz"));
        assertNull(FileKind.of(TEXT, "csv"));
    }

    @Test
    void eachKindItsAdvice() {
        assertEquals("an OpenDocument spreadsheet (.ods): " + SAVE_AS_CSV, FileKind.refusal("leads.ods", ZIP, null));
        assertEquals("an Excel 97-2003 workbook (.xls) named .csv: " + SAVE_AS_CSV, FileKind.refusal("leads.csv", OLE2, null));
        assertEquals("a password-protected Excel workbook: remove its password (File > Info > Protect Workbook), or "
                + SAVE_AS_CSV, FileKind.refusal("leads.xlsx", OLE2, null));
        assertEquals("a ZIP archive: unpack it and drop the .csv files it holds", FileKind.refusal("leads.zip", ZIP, null));
        assertEquals("a gzip archive: unpack it and drop the .csv files it holds", FileKind.refusal("leads.csv.gz", GZIP, null));
        assertEquals("a Word document: the inbox imports CSV files; export the data as CSV (UTF-8) and drop that",
                FileKind.refusal("leads.docx", ZIP, null));
        assertEquals("a PDF document: the inbox imports CSV files; export the data as CSV (UTF-8) and drop that",
                FileKind.refusal("leads.pdf", PDF, null));
        assertEquals("an Excel template (.xltx): the inbox imports CSV files; export the data as CSV (UTF-8) and drop that",
                FileKind.refusal("leads.xltx", ZIP, null), "as before the enum (its description named no spreadsheet)");
        assertNull(FileKind.refusal("leads.csv", TEXT, "Company,Email"));
    }
}
