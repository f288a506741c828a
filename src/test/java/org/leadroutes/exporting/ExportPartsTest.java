package org.leadroutes.exporting;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.leadroutes.app.AppTestSupport;
import org.junit.jupiter.api.Test;
import org.leadroutes.mapping.SpreadsheetCells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts: paging rules, formula escaping, id dedupe, target URIs, file names. */
class ExportPartsTest {

    @Test
    void closePagesAdvanceBySkipUntilHasMoreIsFalse() {
        ClosePages pages = new ClosePages(2, "id,name,custom");
        assertEquals("_limit=2&_skip=0&_fields=id%2Cname%2Ccustom", pages.query());
        pages.read(Map.of("data", List.of(Map.of("id", "a"), Map.of("id", "b")), "has_more", true));
        assertEquals("_limit=2&_skip=2&_fields=id%2Cname%2Ccustom", pages.query());
        assertTrue(pages.hasMore());
        pages.read(Map.of("data", List.of(Map.of("id", "c")), "has_more", false));
        assertFalse(pages.hasMore());
        assertEquals(2, pages.pages());
    }

    @Test
    void anEmptyPageThatClaimsMoreStopsTheWalk() {
        ClosePages close = new ClosePages(100, "");
        close.read(Map.of("data", List.of(), "has_more", true));
        assertFalse(close.hasMore());
        assertEquals(1, close.warnings().size());
        NumberedPages numbered = new NumberedPages(10, "");
        numbered.read(Map.of("data", List.of(), "pagination", Map.of("total", 5, "totalPages", 1, "hasNextPage", true)));
        assertFalse(numbered.hasMore());
    }

    @Test
    void numberedPagesGoPastTheFirstTotalOnlyByTheMargin() {
        NumberedPages pages = new NumberedPages(10, "QUALIFIED");
        assertEquals("page=1&pageSize=10&status=QUALIFIED", pages.query());
        // a CRM that keeps growing and always says there is another page
        int read = 0;
        while (pages.hasMore() && read < 1000) {
            long total = 100 + read * 10L;
            pages.read(Map.of("data", List.of(Map.of("id", "x" + read)),
                    "pagination", Map.of("total", total, "totalPages", (int) (total / 10), "hasNextPage", true)));
            read++;
        }
        assertEquals(10 + NumberedPages.margin(10), read, "10 pages announced, 2 more allowed");
        assertTrue(pages.warnings().get(0).contains("total changed"), pages.warnings().toString());
        assertTrue(pages.warnings().stream().anyMatch(w -> w.contains("stopped at page 12")), pages.warnings().toString());
        assertEquals(50, NumberedPages.margin(500));
    }

    @Test
    void formulaCellsGetAQuoteNumbersAndPhonesDoNot() {
        assertEquals("'=1+2", SpreadsheetCells.escape("=1+2"));
        assertEquals("'@SUM(A1)", SpreadsheetCells.escape("@SUM(A1)"));
        assertEquals("'-2+3+cmd|' /C calc'!A0", SpreadsheetCells.escape("-2+3+cmd|' /C calc'!A0"));
        assertEquals("'+Plus", SpreadsheetCells.escape("+Plus"));
        assertEquals("'\tTab", SpreadsheetCells.escape("\tTab"));
        assertEquals("+14155550101", SpreadsheetCells.escape("+14155550101"));
        assertEquals("-12.5", SpreadsheetCells.escape("-12.5"));
        assertEquals("Acme = Best", SpreadsheetCells.escape("Acme = Best"));
        assertEquals("", SpreadsheetCells.escape(""));
    }

    @Test
    void idFingerprintsKnowEveryIdOnce() {
        IdFingerprints seen = new IdFingerprints();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = "lead_" + Integer.toString(i, 36) + "x";
            ids.add(id);
            assertTrue(seen.add(id));
        }
        for (String id : ids) {
            assertFalse(seen.add(id), id);
        }
        assertEquals(100_000, seen.size());
    }

    @Test
    void targetsGetATemporaryNameAndSftpChecksTheHostKey() {
        assertEquals("file:data/outbox?tempFileName=.${file:name}.part&eagerDeleteTargetFile=false",
                ExportTarget.publishing("file:data/outbox", "/home/u/.ssh/known_hosts"));
        assertEquals("sftp://bob@host/in?privateKeyFile=/k&tempFileName=.${file:name}.part&eagerDeleteTargetFile=false"
                        + "&disconnect=true&strictHostKeyChecking=yes&knownHostsFile=/home/u/.ssh/known_hosts",
                ExportTarget.publishing("sftp://bob@host/in?privateKeyFile=/k", "/home/u/.ssh/known_hosts"));
        // what the user set stays
        String own = "sftp://bob@host/in?tempPrefix=tmp/&strictHostKeyChecking=no&knownHostsFile=/kh&disconnect=false"
                + "&eagerDeleteTargetFile=true";
        assertEquals(own, ExportTarget.publishing(own, "/home/u/.ssh/known_hosts"));
        assertEquals("mock:out", ExportTarget.publishing("mock:out", "/kh"));
        // the old file deleted right before the rename only where it is replaced: Fail, Ignore and Move keep Camel's
        // check before the upload (with eagerDeleteTargetFile=false they would upload first, then fail or do nothing)
        assertEquals("file:out?fileExist=Override&tempFileName=.${file:name}.part&eagerDeleteTargetFile=false",
                ExportTarget.publishing("file:out?fileExist=Override", "/kh"));
        for (String mode : List.of("Fail", "Ignore", "Move&moveExisting=old")) {
            assertEquals("file:out?fileExist=" + mode + "&tempFileName=.${file:name}.part",
                    ExportTarget.publishing("file:out?fileExist=" + mode, "/kh"), mode);
        }
    }

    @Test
    void anAbsoluteRemotePathIsRefusedRatherThanPublishedElsewhere() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ExportTarget.publishing("sftp://bob@host:22//srv/in?privateKeyFile=/k", "/kh"));
        assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
        assertFalse(e.getMessage().contains("privateKeyFile"), "no URI options in the message");
        assertTrue(ExportTarget.publishing("sftp://bob@host:22/in/sub", "/kh").startsWith("sftp://bob@host:22/in/sub?"));
    }

    @Test
    void destinationsInLogsAndReportsHoldNoSecrets() {
        assertEquals("sftp://bob@host:2222/in", ExportTarget.describe(
                "sftp://bob@host:2222/in?privateKeyFile=/k&privateKeyPassphrase=s3cret"));
        assertFalse(ExportTarget.describe("sftp://bob:s3cret@host/in?password=s3cret").contains("s3cret"));
    }

    @Test
    void theFileNameSaysWhatItHolds() {
        assertEquals("leads-2024-05-01.csv", ExportSteps.fileName("leads-2024-05-01.csv", ExportSettings.Format.CSV, false));
        assertEquals("leads-2024-05-01.jsonl", ExportSteps.fileName("leads-2024-05-01.csv", ExportSettings.Format.JSONL, false));
        assertEquals("leads.csv.gz", ExportSteps.fileName("leads.csv", ExportSettings.Format.CSV, true));
        assertEquals("leads.csv", ExportSteps.fileName("leads.csv.gz", ExportSettings.Format.CSV, false));
        assertEquals("feed.txt.gz", ExportSteps.fileName("feed.txt", ExportSettings.Format.CSV, true));
    }

    @Test
    void settingsRefuseWhatCannotWork() {
        String message = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> settings("close", 101)).getMessage();
        assertTrue(message.contains("leads.export.page-size"), message);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> settings("hubspot", 100)).getMessage().contains("leads.crm.api"));
        assertEquals("name,id,custom", settings("close", 100).fields(), "id and custom are always asked for");
    }

    @Test
    void aTriggerWhileAnExportRunsIsSkipped() throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("leads-export-parts");
        try (org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            context.start();
            ExportSteps steps = new ExportSteps(new ExportSettings(data, "close", ExportSettings.Format.CSV, false, true, false, ',',
                    100, "", "", "file:" + data.resolve("outbox"), "leads-${date:now:yyyy}.csv", "", "auto", false, 1000, 1, java.time.Duration.ofMinutes(5)));
            org.apache.camel.Exchange first = new org.apache.camel.support.DefaultExchange(context);
            org.apache.camel.Exchange second = new org.apache.camel.support.DefaultExchange(context);
            steps.open(first);
            steps.open(second);
            assertTrue(second.isRouteStop(), "the second trigger stops");
            ExportRun run = first.getVariable(ExportFlow.RUN, ExportRun.class);
            assertEquals("leads-" + java.time.Year.now() + ".csv", run.fileName());
            assertTrue(run.target().contains("tempFileName="));
            // an operator's export.yaml of an older version publishes with toD: "${variable.run.target()}"
            assertEquals(run.target(), ExportRun.class.getMethod("target").invoke(run), "public: part of what a route sees");
            assertEquals(run.target(), context.resolveLanguage("simple").createExpression("${variable.run.target()}")
                    .evaluate(first, String.class));
            first.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, new IllegalStateException("stopped"));
            steps.failed(first);
            org.apache.camel.Exchange third = new org.apache.camel.support.DefaultExchange(context);
            steps.open(third);
            assertFalse(third.isRouteStop(), "once the first ended, the next trigger runs");
        } finally {
            AppTestSupport.deleteTree(data);
        }
    }

    private static ExportSettings settings(String api, int pageSize) {
        return new ExportSettings(java.nio.file.Path.of("data"), api, ExportSettings.Format.CSV, false, true, false, ',', pageSize,
                "name", "", "file:data/outbox", "leads.csv", "", "auto", false, 1000, 1, java.time.Duration.ofMinutes(5));
    }
}
