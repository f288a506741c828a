package org.leadroutes.exporting;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The paged style's optional status filter. */
class ExportPagedFilterTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.api", "paged");
        p.setProperty("leads.export.status", "QUALIFIED");
        return p;
    }

    @Test
    void onlyLeadsOfTheStatusAreExported() throws Exception {
        seed(crm, 3); // the default status, Potential: NOT_CONTACTED
        for (String name : List.of("Q One", "Q Two")) {
            Map<String, Object> lead = lead(crm, name, Map.of(), List.of(contact(name + " Person", null, null)));
            lead.put("status_id", crm.statusIds().get("Qualified"));
            crm.createLead(lead);
        }

        Map<String, Object> report = exportNow();

        assertEquals(2L, count(report, "leads"), report.toString());
        List<CSVRecord> rows = csv(published(report));
        assertEquals(List.of("Q Two", "Q One"), rows.stream().map(r -> r.get("company")).toList(), "newest first");
        rows.forEach(r -> assertEquals("QUALIFIED", r.get("status")));
    }
}
