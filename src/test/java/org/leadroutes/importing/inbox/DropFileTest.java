package org.leadroutes.importing.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropFileTest {

    private static final Charset UTF8 = StandardCharsets.UTF_8;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    private int files;

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("drop-" + (files++) + ".csv"), content);
    }

    private Path file(String content) throws IOException {
        return file(content.getBytes(UTF8));
    }

    private DropFile inspect(String content) throws IOException {
        return DropFile.inspect(file(content), UTF8);
    }

    private BadDropException refused(byte[] content) throws IOException {
        Path p = file(content);
        return assertThrows(BadDropException.class, () -> DropFile.inspect(p, UTF8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theHeaderIsTheRowThatNamesKnownColumnsBelowAnyNotes() throws IOException {
        DropFile notes = inspect("Leads exported on Nov 23, 2026\n\nCompany,Email\nAcme,a@acme.example.com\n");
        assertEquals(List.of("Company", "Email"), notes.headers());
        assertEquals(2, notes.headerIndex());

        DropFile semicolons = inspect("Export vom 01.01.2025, 10:00\nFirma;E-Mail;Telefon\nAcme;a@acme.example.com;030 1234567\n");
        assertEquals(';', semicolons.delimiter(), "the note's comma does not decide");
        assertEquals(List.of("Firma", "E-Mail", "Telefon"), semicolons.headers());

        DropFile emptyFirstRow = inspect(",,,\nCompany,Email,Phone,City\nAcme,a@acme.example.com,,Berlin\n");
        assertEquals(1, emptyFirstRow.headerIndex(), "Excel writes an empty first row as ,,,");
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        assertTrue(refused(new byte[0]).getMessage().contains("empty"));
    }

    @Test
    void binaryFileIsRefused() throws IOException {
        byte[] xlsxLike = {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0};
        assertTrue(refused(xlsxLike).getMessage().contains("an Excel workbook or other ZIP archive named .csv: open it and save it as"),
                refused(xlsxLike).getMessage());
        assertTrue(refused("Company,Email\nAcme,a@b.c\0\n".getBytes(UTF8)).getMessage().contains("NUL"));
    }

    @Test
    void duplicateHeadersAreRefusedIgnoringCase() throws IOException {
        BadDropException e = refused("Company,Email,Phone,email \nAcme,a@acme.com,1,b@acme.com\n".getBytes(UTF8));
        assertTrue(e.getMessage().contains("duplicate column"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("'email'"), e.getMessage());
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("4"), "names both positions: " + e.getMessage());
    }

    @Test
    void blankHeadersMayRepeat() throws IOException {
        assertEquals(List.of("Company", "", "Email", ""), inspect("Company,,Email,\nAcme,,a@acme.com,\n").headers());
    }

    @Test
    void headerlessFileIsRefused() throws IOException {
        assertTrue(refused(",,\nAcme,a@acme.com,555\n".getBytes(UTF8)).getMessage().contains("no header row"));
        assertTrue(refused("\n\n\r\n".getBytes(UTF8)).getMessage().contains("no header row"));
        assertTrue(refused(" \t \n".getBytes(UTF8)).getMessage().contains("no header row"));
    }

    @Test
    void unterminatedQuoteInHeaderIsRefused() throws IOException {
        BadDropException e = refused("\"Company,Email\nAcme,a@acme.com\n".getBytes(UTF8));
        assertTrue(e.getMessage().contains("header row"), e.getMessage());
    }

    @Test
    void utf8ByteOrderMarkIsStrippedFromTheFirstHeader() throws IOException {
        DropFile d = DropFile.inspect(file(concat(BOM, "Company,Email\nAcme,a@acme.com\n".getBytes(UTF8))),
                Charset.forName("windows-1252"));
        assertEquals(3, d.bomLength());
        assertEquals(UTF8, d.charset(), "a UTF-8 byte-order mark wins over the configured charset");
        assertEquals(List.of("Company", "Email"), d.headers());
        try (InputStream in = d.open()) {
            assertArrayEquals("Company,Email\nAcme,a@acme.com\n".getBytes(UTF8), in.readAllBytes(),
                    "rows are read after the byte-order mark");
        }
    }

    @Test
    void utf16ByteOrderMarksChooseTheCharset() throws IOException {
        String text = "Company,Email\nCaf\u00e9,c@cafe.fr\n";
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            byte[] mark = utf16 == StandardCharsets.UTF_16LE ? new byte[] {(byte) 0xFF, (byte) 0xFE} : new byte[] {(byte) 0xFE, (byte) 0xFF};
            DropFile d = DropFile.inspect(file(concat(mark, text.getBytes(utf16))), UTF8);
            assertEquals(2, d.bomLength(), utf16.name());
            assertEquals(utf16, d.charset(), "the byte-order mark wins over the configured charset");
            assertEquals(List.of("Company", "Email"), d.headers());
            try (InputStream in = d.open()) {
                assertEquals(text, new String(in.readAllBytes(), utf16), "rows are read after the byte-order mark");
            }
        }
    }

    @Test
    void noByteOrderMark() throws IOException {
        DropFile d = inspect("Company,Email\n");
        assertEquals(0, d.bomLength());
        assertEquals(UTF8, d.charset());
        assertTrue(d.warnings().isEmpty());
    }

    @Test
    void commaDelimiter() throws IOException {
        DropFile d = inspect("Company,Email,Phone\r\nAcme;Inc,a@acme.com,555\r\n");
        assertEquals(',', d.delimiter());
        assertEquals("comma", d.delimiterName());
        assertEquals(List.of("Company", "Email", "Phone"), d.headers());
    }

    @Test
    void semicolonDelimiter() throws IOException {
        DropFile d = inspect("Firma;E-Mail;Telefon\nAcme, Inc;a@acme.com;030 1234567\n");
        assertEquals(';', d.delimiter());
        assertEquals("semicolon", d.delimiterName());
        assertEquals(List.of("Firma", "E-Mail", "Telefon"), d.headers());
    }

    @Test
    void tabDelimiter() throws IOException {
        DropFile d = inspect("Company\tEmail\tPhone\nAcme, Inc\ta@acme.com\t555\n");
        assertEquals('\t', d.delimiter());
        assertEquals("tab", d.delimiterName());
        assertEquals(List.of("Company", "Email", "Phone"), d.headers());
    }

    @Test
    void commasInsideAQuotedHeaderDoNotCount() throws IOException {
        DropFile d = inspect("\"Name, full\";\"Company, legal, name\";Email\nJane;Acme;a@acme.com\n");
        assertEquals(';', d.delimiter());
        assertEquals(List.of("Name, full", "Company, legal, name", "Email"), d.headers());

        DropFile tab = inspect("\"Street, no.\"\t\"City, state\"\tEmail\n1 Main\tX\ta@b.co\n");
        assertEquals('\t', tab.delimiter());
        assertEquals(List.of("Street, no.", "City, state", "Email"), tab.headers());
    }

    @Test
    void quotedHeaderSpanningLinesIsOneHeaderRow() throws IOException {
        DropFile d = inspect("\"Company\nname\";Email;Phone\nAcme;a@acme.com;555\n");
        assertEquals(';', d.delimiter());
        assertEquals(List.of("Company\nname", "Email", "Phone"), d.headers());
    }

    @Test
    void delimiterIsDetectedOnTheHeaderRowEvenAfterABlankLine() throws IOException {
        DropFile d = inspect("\nCompany;Email;Phone\nAcme;a@acme.com;555\n");
        assertEquals(';', d.delimiter());
        assertEquals(List.of("Company", "Email", "Phone"), d.headers());
    }

    @Test
    void singleColumnFileIsComma() throws IOException {
        DropFile d = inspect("Email\na@acme.com\n");
        assertEquals(',', d.delimiter());
        assertEquals(List.of("Email"), d.headers());
    }

    @Test
    void invalidUtf8FallsBackToWindows1252WithAWarning() throws IOException {
        byte[] content = "Soci\u00e9t\u00e9;Ville\nCaf\u00e9 Lum\u00e8re;Orl\u00e9ans\n".getBytes(Charset.forName("windows-1252"));
        assertEquals((byte) 0xE9, content[4], "the file really holds windows-1252 bytes");
        DropFile d = DropFile.inspect(file(content), UTF8);
        assertEquals(Charset.forName("windows-1252"), d.charset());
        assertEquals(List.of("Soci\u00e9t\u00e9", "Ville"), d.headers());
        assertEquals(1, d.warnings().size());
        assertTrue(d.warnings().get(0).contains("windows-1252"), d.warnings().get(0));
    }

    @Test
    void invalidUtf8AfterTheSniffedHeadIsStillFound() throws IOException {
        StringBuilder rows = new StringBuilder("Company,Email\n");
        while (rows.length() < 100_000) {
            rows.append("Acme,a@acme.com\n");
        }
        byte[] content = concat(rows.toString().getBytes(UTF8), "Caf\u00e9,c@cafe.fr\n".getBytes(Charset.forName("windows-1252")));
        assertEquals(Charset.forName("windows-1252"), DropFile.inspect(file(content), UTF8).charset());
    }

    @Test
    void validUtf8StaysUtf8() throws IOException {
        DropFile d = inspect("Soci\u00e9t\u00e9,Stra\u00dfe,\u540d\u524d\nA,B,C\n");
        assertEquals(UTF8, d.charset());
        assertEquals(List.of("Soci\u00e9t\u00e9", "Stra\u00dfe", "\u540d\u524d"), d.headers());
        assertTrue(d.warnings().isEmpty());
    }

    @Test
    void byteOrderMarkWithInvalidUtf8IsRefused() throws IOException {
        byte[] content = concat(BOM, "Soci\u00e9t\u00e9,Email\n".getBytes(Charset.forName("windows-1252")));
        assertTrue(refused(content).getMessage().contains("not valid UTF-8"));
    }

    @Test
    void anEncodingThatChangesInsideTheFileIsRefusedNamingTheLine() throws IOException {
        byte[] content = concat("Company,Email\nM\u00fcller,m@m.example.com\nA,a@a.example.com\n".getBytes(UTF8),
                "Caf\u00e9,c@c.example.com\n".getBytes(Charset.forName("windows-1252")));
        BadDropException e = refused(content);
        assertTrue(e instanceof BrokenFileException b && b.problem() == BrokenFileException.Problem.ENCODING_CHANGE
                && b.line() == 4, e.getMessage());
        assertTrue(e.getMessage().startsWith("line 4: a byte that is not valid UTF-8 (0xE9), while line 2 is UTF-8"), e.getMessage());
        // windows-1252 above, UTF-8 below: the same
        byte[] other = concat("Company,Email\nCaf\u00e9,c@c.example.com\n".getBytes(Charset.forName("windows-1252")),
                "M\u00fcller,m@m.example.com\n".getBytes(UTF8));
        assertTrue(refused(other).getMessage().startsWith("line 2: a byte that is not valid UTF-8 (0xE9), while line 3 is UTF-8"),
                refused(other).getMessage());
    }

    @Test
    void sameContentSameHashDifferentContentDifferentHash() throws Exception {
        String content = "Company,Email\nAcme,a@acme.com\n";
        DropFile a = inspect(content);
        DropFile b = inspect(content);
        DropFile c = inspect("Company,Email\nAcme,b@acme.com\n");
        assertEquals(a.sha256(), b.sha256());
        assertNotEquals(a.sha256(), c.sha256());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(UTF8))),
                a.sha256(), "the hash is the SHA-256 of the whole file");
    }

    @Test
    void aSingleRowOfValuesIsRefusedAsNoHeaderButAHeaderAloneIsAFile() throws Exception {
        for (String content : List.of("Acme Ltd,ann@acme.example.com,+44 20 7946 0958\n", "Beta;b@beta.example.com\n",
                "Gamma,(617) 555-0143")) {
            BadDropException e = assertThrows(BadDropException.class, () -> inspect(content), content);
            assertTrue(e.getMessage().startsWith("no data rows, and the one row there looks like data, not column names"),
                    e.getMessage());
        }
        assertEquals(List.of("Company", "Email", "Phone"), inspect("Company,Email,Phone\n").headers());
        assertEquals(List.of("Firma", "Notiz"), inspect("Firma,Notiz\n").headers(), "unknown names, no values: a header");
        assertEquals(List.of("Acme Ltd", "ann@acme.example.com"), inspect("Acme Ltd,ann@acme.example.com\nBeta,b@b.example.com\n")
                .headers(), "with rows below it, the first row is the header whatever it holds (its rows' checks say more)");
    }
}
