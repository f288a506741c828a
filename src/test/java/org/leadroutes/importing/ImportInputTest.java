package org.leadroutes.importing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files as they come from spreadsheets and scanners: every shape that must import, every one that must not. */
class ImportInputTest extends ImportTestSupport {

    @Test
    void utf8WithBomAndCrlfAndQuotedFieldsImport() throws Exception {
        String csv = "\uFEFFCompany,Contact,Email,Notes\r\n"
                + "\"Smith, Jones & Co\",Ann Smith,ann@smithjones.example.com,\"said \"\"call me\"\"\r\nnext week\"\r\n"
                + "\r\n"
                + ",,,\r\n"
                + "Müller Bäckerei,Jörg Müller,joerg@mueller.example.com,\r\n";
        Map<String, Object> report = importFile("bom.csv", csv);

        assertEquals("done", report.get("status"));
        assertEquals(2L, count(report, "leadsCreated"), "blank lines and lines of only commas are not rows");
        assertEquals(0L, count(report, "rejected"));
        Map<String, Map<String, Object>> leads = leadsByName();
        assertEquals("said \"call me\"\r\nnext week", leads.get("Smith, Jones & Co").get("description"));
        assertTrue(leads.containsKey("Müller Bäckerei"));
    }

    @Test
    void semicolonAndTabDelimitersAreDetected() throws Exception {
        importFile("semi.csv", "Kundennummer;Company Name;E-Mail\nK-1001;Semi AG;s@semi.example.com\n");
        importFile("tabs.csv", "Organization\tFull Name\tWork Email\nTab Ltd\tTess Tab\tt@tab.example.com\n");
        assertEquals(Set.of("Semi AG", "Tab Ltd"), leadsByName().keySet());
        List<String> warnings = (List<String>) report("semi.csv").get("warnings");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("'Kundennummer'")), "an unknown column is named: " + warnings);
    }

    @Test
    void windows1252IsReadWhenConfiguredOrDetected() throws Exception {
        byte[] cp1252 = "Company,Contact\nCafé Crème,René Noël\n".getBytes(Charset.forName("windows-1252"));
        Map<String, Object> report = importFile("legacy.csv", cp1252);
        assertEquals("done", report.get("status"));
        assertTrue(leadsByName().containsKey("Café Crème"), leadsByName().keySet().toString());
        assertTrue(report.get("warnings").toString().contains("windows-1252"));
    }

    @Test
    void badFilesGoToFailedWithAReasonAndTheNextFileStillImports() throws Exception {
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        binary.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        Map<String, String> expected = Map.of(
                "empty.csv", "empty file",
                "image.csv", "binary file",
                "dupes.csv", "duplicate column 'Email'",
                "noheader.csv", "no header row");
        importFile("empty.csv", new byte[0]);
        importFile("image.csv", binary.toByteArray());
        importFile("dupes.csv", "Company,Email,email\nX,a@x.example.com,b@x.example.com\n");
        importFile("noheader.csv", ",,\nAcme,b,c\n");

        for (Map.Entry<String, String> e : expected.entrySet()) {
            Map<String, Object> report = report(e.getKey());
            assertEquals("failed", report.get("status"), e.getKey());
            assertTrue(((String) report.get("error")).contains(e.getValue()), e.getKey() + ": " + report.get("error"));
            assertTrue(Files.exists(dataDir.resolve("inbox/.failed").resolve(archivedName(e.getKey()))), e.getKey());
            assertEquals(".failed/" + archivedName(e.getKey()), report.get("archivedAs"));
        }
        assertEquals(0, crm.leadCount());

        Map<String, Object> good = importFile("good.csv", "company\nStill Running Inc\n");
        assertEquals("done", good.get("status"));
        assertEquals(Set.of("Still Running Inc"), leadsByName().keySet());
    }

    @Test
    void aWeeklyFileOfTheSameNameOverwritesNothingOfTheWeekBefore() throws Exception {
        importFile("contacts.csv", "company,email\nWeek One Ltd,a@one.example.com\n,not-an-email\n");
        String first = archivedName("contacts.csv");
        importFile("contacts.csv", "company,email\nWeek Two Ltd,b@two.example.com\n,also-not\n");
        String second = archivedName("contacts.csv");

        assertTrue(!first.equals(second) && first.startsWith("contacts.") && first.endsWith(".csv"), first + " / " + second);
        assertTrue(Files.readString(dataDir.resolve("inbox/.done").resolve(first)).contains("Week One Ltd"));
        assertTrue(Files.readString(dataDir.resolve("inbox/.done").resolve(second)).contains("Week Two Ltd"));
        for (String kind : List.of("report.json", "rejects.csv", "results.csv")) {
            assertTrue(Files.exists(dataDir.resolve("reports").resolve(first + "." + kind)), first + "." + kind);
            assertTrue(Files.exists(dataDir.resolve("reports").resolve(second + "." + kind)), second + "." + kind);
        }
        assertTrue(Files.readString(dataDir.resolve("reports").resolve(first + ".rejects.csv")).contains("not-an-email"));
        assertEquals("contacts.csv", report("contacts.csv").get("file"));
        assertEquals(".done/" + second, report("contacts.csv").get("archivedAs"));
    }

    @Test
    void aDropRefusedBeforeItOpensStillHasAReportNamedAfterItsFile() throws Exception {
        crm.faults().on("GET /status/lead/", org.leadroutes.sandbox.Fault.STATUS_400, 1); // a refusal, not an outage

        Map<String, Object> report = importFile("refused.csv", "company\nAcme\n");

        assertEquals("failed", report.get("status"));
        assertEquals("refused.csv", report.get("file"));
        assertTrue(((String) report.get("error")).contains("400"), (String) report.get("error"));
        assertTrue(report.get("archivedAs").toString().startsWith(".failed/refused."), report.toString());
        try (var reports = Files.list(dataDir.resolve("reports"))) {
            assertTrue(reports.noneMatch(f -> f.getFileName().toString().startsWith("null")), "no report named null");
        }
    }

    @Test
    void rejectsAndResultsNameTheLineASpreadsheetShows() throws Exception {
        // a quoted cell over two lines is one spreadsheet row; a blank line is a row of its own
        importFile("lines.csv", "company,email,notes\nGood Ltd,g@good.example.com,\"two\nlines\"\n\n,not-an-email,\n");

        String error = rejects("lines.csv").get(0).get("error");
        assertTrue(error.startsWith("line 4: nothing to import") && error.contains("'not-an-email'"), error);
        List<org.apache.commons.csv.CSVRecord> results = results("lines.csv");
        assertEquals(List.of("2", "4"), results.stream().map(r -> r.get("line")).toList());
        assertEquals(List.of("company", "email", "notes", "line", "lead_id", "contact_id", "action", "error",
                "warnings"), results.get(0).getParser().getHeaderNames());
    }

    @Test
    void dotFilesAndUploadsInProgressAreLeftAlone() throws Exception {
        drop(".hidden.csv", "company\nHidden\n");
        drop("contacts.csv.part", "company\nHalf Written\n");
        drop("~$contacts.xlsx", "lock");
        importFile("real.csv", "company\nReal\n");
        assertEquals(Set.of("Real"), leadsByName().keySet());
        assertTrue(Files.exists(dataDir.resolve("inbox/.hidden.csv")));
        assertTrue(Files.exists(dataDir.resolve("inbox/contacts.csv.part")));
        assertTrue(Files.exists(dataDir.resolve("inbox/~$contacts.xlsx")));
    }

    @Test
    void filesThatAreNotCsvGoToFailedWithWhatTheyAreAndWhatToDo() throws Exception {
        ByteArrayOutputStream workbook = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(workbook)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/workbook.xml"));
            zip.write("<workbook/>".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> expected = Map.of(
                "leads.xlsx", "an Excel workbook that cannot be read (",
                "renamed.csv", "an Excel workbook or other ZIP archive named .csv",
                "notes.txt", "a text file (.txt), not a .csv file: if it is a table with its column names on the first line"
                        + " (its first line has 3 tab-separated columns), rename it to .csv",
                "README", "a file without an extension, not a .csv file");
        importFile("leads.xlsx", workbook.toByteArray());
        importFile("renamed.csv", workbook.toByteArray());
        importFile("notes.txt", "company\temail\tphone\nText Ltd\tt@text.example.com\t\n");
        importFile("README", "hello");

        for (Map.Entry<String, String> e : expected.entrySet()) {
            Map<String, Object> report = report(e.getKey());
            assertEquals("failed", report.get("status"), e.getKey());
            assertTrue(((String) report.get("error")).contains(e.getValue()), e.getKey() + ": " + report.get("error"));
            assertTrue(Files.exists(dataDir.resolve("inbox/.failed").resolve(archivedName(e.getKey()))), e.getKey());
        }
        assertEquals(0, crm.leadCount());
        assertEquals(0, crm.requestCount("GET /status/lead/"), "refused before any CRM call");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFileOfMostlyUnknownColumnsSaysSoLoudly() throws Exception {
        Map<String, Object> report = importFile("odd.csv", "Email,Favourite Colour,Shoe Size,Pet,Star Sign\n"
                + "ann@odd.example.com,blue,38,cat,Leo\n");

        List<String> warnings = (List<String>) report.get("warnings");
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("most columns are unknown (4 of 5: 'Favourite Colour',")),
                warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("no column names a company or a contact")), warnings.toString());
        assertEquals(List.of("Favourite Colour", "Shoe Size", "Pet", "Star Sign"), report.get("ignoredColumns"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHeaderOnlyFileIsDoneWithAWarning() throws Exception {
        Map<String, Object> report = importFile("header-only.csv", "company,email\n");

        assertEquals("done", report.get("status"));
        assertEquals(0L, count(report, "rows"));
        assertTrue(((List<String>) report.get("warnings")).contains("no data rows: the file has a header row and nothing below it"),
                report.get("warnings").toString());
    }

    @Test
    void aSandboxRestartedOnTheSamePortIsANewOrganisationSoNothingIsSkipped() throws Exception {
        importFile("monday.csv", ImportFaultsTest.THREE_COMPANIES);
        int port = crm.port();
        crm.close(); // its leads are gone with it, as with the jar's in-memory sandbox
        crm = new org.leadroutes.sandbox.SandboxCrm(port).start();

        Map<String, Object> again = importFile("monday-again.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals(3L, count(again, "leadsCreated"), "the ledger of the sandbox before says nothing about this one");
        assertEquals(0L, count(again, "skipped"));
        assertEquals(3, crm.leadCount());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExcelWorkbooksFirstSheetIsImportedAsExcelShowsIt() throws Exception {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
            var sheet = book.createSheet("Leads");
            var header = sheet.createRow(0);
            String[] names = {"Company", "Contact", "Email", "Phone", "Country", "Met on"};
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            var acme = sheet.createRow(1);
            acme.createCell(0).setCellValue("Acme Corp");
            acme.createCell(1).setCellValue("Ann Acme");
            acme.createCell(2).setCellValue("ann@acme.example.com");
            acme.createCell(3).setCellValue(4155550101d); // a phone typed into Excel is a number
            acme.createCell(4).setCellValue("USA");
            var intl = sheet.createRow(2); // typed as +44 7911 123456: Excel keeps the number, 12 digits
            intl.createCell(0).setCellValue("Acme Corp");
            intl.createCell(1).setCellValue("Ian Acme");
            intl.createCell(3).setCellValue(447911123456d);
            intl.createCell(4).setCellValue("UK");
            // row 4 left empty, as a spreadsheet user does; row 5 misses its phone cell
            var beta = sheet.createRow(4);
            beta.createCell(2).setCellValue("not-an-email");
            book.createSheet("Notes").createRow(0).createCell(0).setCellValue("not data");
            book.write(xlsx);
        }

        Map<String, Object> report = importFile("leads.xlsx", xlsx.toByteArray());

        assertEquals("done", report.get("status"), report.toString());
        assertEquals(1L, count(report, "leadsCreated"));
        Map<String, Object> lead = crm.leads().get(0);
        assertEquals("Acme Corp", lead.get("name"));
        List<Map<String, Object>> contacts = (List<Map<String, Object>>) lead.get("contacts");
        assertEquals("+14155550101", ((List<Map<String, Object>>) contacts.get(0).get("phones")).get(0).get("phone"));
        assertEquals("+447911123456", ((List<Map<String, Object>>) contacts.get(1).get("phones")).get(0).get("phone"),
                "12 digits in full, not 4.47911E+11");
        assertTrue(rejects("leads.xlsx").get(0).get("error").startsWith("line 5: nothing to import"), "the sheet's row 5");
        assertTrue(((List<String>) report.get("warnings")).get(0).startsWith("an Excel workbook: its first sheet, 'Leads', was read;"
                + " 1 more not imported (Notes)"), report.get("warnings").toString());
        assertTrue(Files.exists(dataDir.resolve("inbox/.done").resolve(archivedName("leads.xlsx"))), "the workbook is archived");
        try (var state = Files.walk(dataDir.resolve("state"))) {
            assertTrue(state.noneMatch(f -> f.toString().endsWith(".xlsx.csv")), "the sheet's CSV is removed");
        }
    }

    @Test
    void oneCellRowsThatAreDataAreNeverTakenForAFooter() throws Exception {
        Map<String, Object> report = importFile("sparse.csv", """
                Company,Email,Phone
                Grand Total Events,,
                Acme,ann@acme.example.com,

                ,bob@beta.example.com,
                ,carol@gamma.example.com,

                Filtered By: Lead Status equals Open
                Generated by Salesforce on 11/23/2026
                """);

        assertEquals(4L, count(report, "rows"), report.toString());
        assertEquals(Set.of("Grand Total Events", "Acme", "bob@beta.example.com", "carol@gamma.example.com"),
                leadsByName().keySet(), "a company named like a total, and email-only rows below a blank line, are rows");
        assertEquals(List.of("line 8: a line of one cell below the data, after a blank line (a report's footer): "
                        + "'Filtered By: Lead Status equals Open'",
                "line 9: a report's generated-by line: 'Generated by Salesforce on 11/23/2026'"), report.get("skippedLines"));
        assertEquals(List.of("skipped-line", "skipped-line"), results("sparse.csv").stream().map(r -> r.get("action"))
                .filter(a -> a.equals("skipped-line")).toList(), "skipped lines are in the results file too");
    }

    @Test
    void blankLinesBeforeTheHeaderAreNotData() throws Exception {
        Map<String, Object> report = importFile("blank-top.csv", "\n\ncompany,email\nTop Ltd,t@top.example.com\n,\n");
        assertEquals("done", report.get("status"));
        assertEquals(1L, count(report, "rows"));
        assertEquals(Set.of("Top Ltd"), leadsByName().keySet());
        assertEquals(List.of("4"), results("blank-top.csv").stream().map(r -> r.get("line")).toList());
    }

    @Test
    void rejectsFileCanBeFixedAndDroppedAgain() throws Exception {
        importFile("first.csv", "company,email\n,broken@\nFine Ltd,ok@fine.example.com\n");
        Path rejects = reportFile("first.csv", "rejects.csv");
        String fixed = Files.readString(rejects).replaceFirst("(?m)^(\"\")?,broken@", "Fixable Ltd,fixed@fixable.example.com");

        Map<String, Object> report = importFile("first-fixed.csv", fixed);

        assertEquals(1L, count(report, "leadsCreated"));
        assertTrue(((List<?>) report.get("warnings")).isEmpty(), "the error column is known: " + report.get("warnings"));
        assertEquals(Set.of("Fixable Ltd", "Fine Ltd"), leadsByName().keySet());
    }

    Map<String, Map<String, Object>> leadsByName() {
        return crm.leads().stream().collect(Collectors.toMap(l -> (String) l.get("name"), l -> l));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
