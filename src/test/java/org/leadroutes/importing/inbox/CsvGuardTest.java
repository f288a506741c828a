package org.leadroutes.importing.inbox;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.leadroutes.importing.inbox.BrokenFileException.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the guard in front of the CSV reader lets through, and where and why it stops a broken file. */
class CsvGuardTest {

    private static final List<String> HEADERS = List.of("Company", "Email", "Notes");

    private static List<List<String>> read(Reader text, long maxCell, long maxRow) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
        try (CSVParser parser = CSVParser.parse(new CsvGuard(text, ',', HEADERS, maxCell, maxRow), format)) {
            for (CSVRecord r : parser) {
                rows.add(r.toList());
            }
        }
        return rows;
    }

    private static List<List<String>> read(String text) throws IOException {
        return read(new StringReader(text), 1 << 20, 4 << 20);
    }

    private static BrokenFileException broken(String text, long maxCell, long maxRow) {
        return assertThrows(BrokenFileException.class, () -> read(new StringReader(text), maxCell, maxRow));
    }

    @Test
    void goodFilesPassUnchanged() throws IOException {
        String csv = "Company,Email,Notes\r\n\"Smith, Jones\",a@b.example.com,\"said \"\"hi\"\"\r\nnext\"\r\n\r\n"
                + "Acme,b@c.example.com,\"quoted\"  \nLast,c@d.example.com,x";
        List<List<String>> rows = read(csv);
        assertEquals(5, rows.size());
        assertEquals(List.of("Smith, Jones", "a@b.example.com", "said \"hi\"\r\nnext"), rows.get(1));
        assertEquals(List.of("Acme", "b@c.example.com", "quoted"), rows.get(3));
    }

    @Test
    void aQuoteNeverClosedNamesTheLineAndColumnWhereItOpens() {
        BrokenFileException e = broken("Company,Email,Notes\nAcme,a@b.example.com,\"never closed\nBeta,b@c.example.com,ok\n",
                1 << 20, 4 << 20);
        assertEquals(Problem.UNCLOSED_QUOTE, e.problem());
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertEquals("Notes", e.columnName());
        assertTrue(e.getMessage().startsWith("line 2, column Notes: a quote opens this cell and is never closed"), e.getMessage());
        assertTrue(e.getMessage().contains("check the quotes on that line"), e.getMessage());
    }

    @Test
    void aQuoteClosedByTheNextRowsQuoteNamesWhereItOpened() {
        BrokenFileException e = broken("Company,Email,Notes\nAcme,\"a@b.example.com,x\nBeta,b@c.example.com,\"said, so\"\n",
                1 << 20, 4 << 20);
        assertEquals(Problem.TEXT_AFTER_QUOTE, e.problem());
        assertEquals(2, e.line());
        assertEquals("Email", e.columnName());
        assertTrue(e.getMessage().contains("followed by 's'"), e.getMessage());
    }

    @Test
    void aCellPastTheBoundStopsTheReadAtOnce() {
        StringBuilder csv = new StringBuilder("Company,Email,Notes\nAcme,a@b.example.com,\"");
        csv.append("x".repeat(5000));
        BrokenFileException e = broken(csv.toString(), 1024, 4096);
        assertEquals(Problem.CELL_TOO_LONG, e.problem());
        assertEquals("line 2, column Notes: a cell longer than 1 KB; usually a quote that is never closed: check the quotes"
                + " on that line. " + CsvGuard.REFUSED_WHOLE, e.getMessage());
    }

    @Test
    void memoryStaysBoundedWhateverTheFileHolds() {
        // 2 GB of one cell, made as it is read: only the guard's bound is ever held
        Reader endless = new Reader() {
            private long left = 2L << 30;
            private boolean head = true;

            @Override
            public int read(char[] buf, int off, int len) {
                if (head) {
                    head = false;
                    String h = "Company,Email,Notes\nAcme,a@b.example.com,\"";
                    h.getChars(0, h.length(), buf, off);
                    return h.length();
                }
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(buf, off, off + n, 'y');
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        BrokenFileException e = assertThrows(BrokenFileException.class, () -> read(endless, 64 * 1024, 256 * 1024));
        assertEquals(Problem.CELL_TOO_LONG, e.problem());
        assertEquals(2, e.line());
    }

    @Test
    void aRowPastTheBoundOrFarWiderThanTheHeaderIsRefused() {
        BrokenFileException row = broken("Company,Email,Notes\nA,B,C\n" + "abcdefghij,".repeat(2) + "x".repeat(50) + "\n", 64, 60);
        assertEquals(Problem.ROW_TOO_LONG, row.problem());
        assertEquals(3, row.line());
        BrokenFileException wide = broken("Company,Email,Notes\n" + ",".repeat(500) + "\n", 64, 4096);
        assertEquals(Problem.TOO_MANY_CELLS, wide.problem());
        assertTrue(wide.getMessage().startsWith("line 2: a row of more than 103 cells where the header has 3"), wide.getMessage());
    }

    @Test
    void aNulCharacterIsRefusedWithItsPlace() {
        BrokenFileException e = broken("Company,Email,Notes\nA,B,C\nAcme,a\u0000b,c\n", 1024, 4096);
        assertEquals(Problem.NUL_BYTE, e.problem());
        assertEquals(3, e.line());
        assertEquals("Email", e.columnName());
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("1 MB", CsvGuard.size(1 << 20));
        assertEquals("64 KB", CsvGuard.size(64 << 10));
        assertEquals("1500 bytes", CsvGuard.size(1500));
    }
}
