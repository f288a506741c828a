package org.leadroutes.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mapping file and one lead per row: the settings a user changes most. */
class ImportOptionsTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        try {
            Path mapping = Files.createTempFile(dataDir, "mapping", ".yaml"); // in the test's data folder: deleted with it
            Files.writeString(mapping, """
                    columns:
                      Firma: company
                      Ansprechpartner: contact
                      Branche: custom:Industry
                      Telefon: phone
                      Interne Nummer: ignore
                    """);
            p.setProperty("leads.import.mapping-file", mapping.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.setProperty("leads.import.group-by-company", "false");
        p.setProperty("leads.import.default-region", "DE");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void mappingFileRenamesColumnsAndEachRowIsItsOwnLeadWhenGroupingIsOff() throws Exception {
        Map<String, Object> report = importFile("kunden.csv", """
                Firma;Ansprechpartner;Telefon;Branche;Interne Nummer
                Beispiel GmbH;Erika Mustermann;030 1234567;Handel;4711
                Beispiel GmbH;Max Mustermann;030 7654321;Handel;4712
                """);

        assertEquals("done", report.get("status"));
        assertEquals(2L, count(report, "leadsCreated"), "grouping is off: one lead per row");
        assertTrue(((List<?>) report.get("warnings")).isEmpty(), "every column is mapped: " + report.get("warnings"));
        List<Map<String, Object>> leads = crm.leads();
        assertEquals(2, leads.size());
        Map<String, Object> first = leads.stream()
                .filter(l -> ((List<Map<String, Object>>) l.get("contacts")).get(0).get("name").equals("Erika Mustermann"))
                .findFirst().orElseThrow();
        assertEquals("Beispiel GmbH", first.get("name"));
        assertEquals("Handel", first.get("custom." + crm.customFieldIds().get("Industry")));
        Map<String, Object> contact = ((List<Map<String, Object>>) first.get("contacts")).get(0);
        assertEquals("+49301234567", ((List<Map<String, Object>>) contact.get("phones")).get(0).get("phone"),
                "the default region DE applies to numbers without a country code");
    }
}
