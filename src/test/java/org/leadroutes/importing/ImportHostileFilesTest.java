package org.leadroutes.importing;

import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken and hostile files cost nothing but themselves: they go to .failed/ with a reason naming the line and
 * column, nothing of them is imported, and the next drop imports. The bounds are small here (4 KB a cell) so
 * the files stay small; the check at -Xmx256m with a 400 MB cell is in docs/importing.md.
 */
class ImportHostileFilesTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.max-cell-bytes", "4096");
        p.setProperty("leads.import.max-row-bytes", "16384");
        return p;
    }

    private static String goodRows(int from, int count) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            rows.append("Company ").append(i).append(",person").append(i).append("@c").append(i).append(".example.com,note ")
                    .append(i).append('\n');
        }
        return rows.toString();
    }

    @Test
    void aQuoteNeverClosedFailsTheFileNamingWhereItOpensAndTheNextDropImports() throws Exception {
        String csv = "Company,Email,Notes\nAcme,ann@acme.example.com,\"call her back\n" + goodRows(1, 2000);
        Map<String, Object> report = importFile("unclosed.csv", csv);

        assertEquals("failed", report.get("status"));
        String error = (String) report.get("error");
        assertTrue(error.startsWith("line 2, column Notes: a cell longer than 4 KB; usually a quote that is never closed:"
                + " check the quotes on that line."), error);
        assertTrue(error.contains("no row was imported"), error);
        assertTrue(Files.exists(dataDir.resolve("inbox/.failed").resolve(archivedName("unclosed.csv"))));
        assertEquals(0, crm.leadCount(), "nothing of a refused file is imported");

        Map<String, Object> next = importFile("next.csv", "Company,Email\nNext Inc,n@next.example.com\n");
        assertEquals("done", next.get("status"));
        lead("Next Inc");
    }

    @Test
    void aQuoteOpenAtTheEndOfTheFileAndAQuoteClosedByTheWrongRowAreExplained() throws Exception {
        Map<String, Object> eof = importFile("eof.csv", "Company,Email,Notes\nAcme,a@acme.example.com,ok\n"
                + "Beta,b@beta.example.com,\"never closed\nGamma,g@gamma.example.com,x\n");
        assertEquals("failed", eof.get("status"));
        assertTrue(((String) eof.get("error")).startsWith("line 3, column Notes: a quote opens this cell and is never closed"),
                (String) eof.get("error"));

        Map<String, Object> after = importFile("after.csv", "Company,Email,Notes\nAcme,\"a@acme.example.com,ok\n"
                + "Beta,b@beta.example.com,\"said, so\"\n");
        assertEquals("failed", after.get("status"));
        assertTrue(((String) after.get("error")).startsWith("line 2, column Email: a quote opens this cell and closes 1 line"
                + " break further down, followed by 's'"), (String) after.get("error"));
        assertEquals(0, crm.leadCount());
    }

    @Test
    void aNulByteDeepInTheFileAndARowFarWiderThanTheHeaderNameTheirLine() throws Exception {
        Map<String, Object> nul = importFile("nul.csv", "Company,Email,Notes\n" + goodRows(1, 3000) + "Bad,b\u0000d,x\n");
        assertEquals("failed", nul.get("status"));
        assertTrue(((String) nul.get("error")).startsWith("line 3002, column Email: a NUL character"), (String) nul.get("error"));

        Map<String, Object> wide = importFile("wide.csv", "Company,Email,Notes\nA,a@a.example.com,x\n" + "x,".repeat(200) + "\n");
        assertEquals("failed", wide.get("status"));
        assertTrue(((String) wide.get("error")).startsWith("line 3: a row of more than 103 cells where the header has 3"),
                (String) wide.get("error"));
        assertEquals(0, crm.leadCount());
    }
}
