package org.leadroutes.exporting;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code csv-excel} and {@code csv-delimiter}: a file a German Excel opens by a double click, umlauts intact. */
class ExportExcelTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.csv-excel", "true");
        p.setProperty("leads.export.csv-delimiter", "semicolon");
        return p;
    }

    @Test
    void aByteOrderMarkAndSemicolons() throws Exception {
        crm.createLead(Map.of("name", "Würstchen AG; Wien", "contacts", List.of(Map.of("name", "Jürgen Müller"))));
        seed(crm, 2);

        Map<String, Object> report = exportNow();

        byte[] bytes = Files.readAllBytes(published(report));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3));
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertTrue(text.lines().findFirst().orElseThrow().contains(";"), text);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(text)).getRecords();
        assertEquals(count(report, "rows"), rows.size());
        assertTrue(rows.stream().anyMatch(r -> r.get("company").equals("Würstchen AG; Wien")), "a ; in a cell is quoted");
    }
}
