package org.leadroutes.mapping;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one formula rule: what the export and the import's reports escape, and the import reads back. */
class SpreadsheetCellsTest {

    @Test
    void theImportReadsBackExactlyWhatTheEscapeWrote() {
        for (String cell : List.of("=1+2", "''=1", "+cmd|calc", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\tTab", "\rCR", "'=1+2",
                "''=x", "'tis", "'-12", "-12.5", "+14155550101", "Acme = Best", "", "'", "=", "'\t")) {
            assertEquals(cell, SpreadsheetCells.unescape(SpreadsheetCells.escape(cell)), cell);
        }
        assertEquals("=1+2", SpreadsheetCells.unescape("'=1+2"));
        assertEquals("''=1+2", SpreadsheetCells.escape("'=1+2"), "a cell that reads as escaped gets one more");
        assertEquals("'-12", SpreadsheetCells.unescape("'-12"), "not what the escape writes: a quote a person typed");
        assertEquals("'tis", SpreadsheetCells.unescape("'tis"));
    }
}
