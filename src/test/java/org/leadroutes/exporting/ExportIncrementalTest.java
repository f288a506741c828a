package org.leadroutes.exporting;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code leads.export.incremental=true}: each run exports the leads created or changed since the start of the
 * last successful run (kept in state/); the first run exports everything, a failed run moves nothing forward.
 */
class ExportIncrementalTest extends ExportTestSupport {

    static final String TOKEN = "paged-token-incremental";

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.incremental", "true");
        p.setProperty("leads.export.page-size", "3");
        p.setProperty("leads.export.file-name", "changes-${date:now:HHmmssSSS}.csv"); // one file per run
        p.setProperty("leads.crm.retry.max-retries", "1");
        return p;
    }

    /** The call the export reads leads with. */
    protected String readCall() {
        return "POST /data/search/";
    }


    private Map<String, Object> run() throws Exception {
        template.sendBody("direct:export-run", null);
        Thread.sleep(5); // the next run's file name differs
        try (var reports = Files.list(dataDir.resolve("reports"))) {
            var newest = reports.filter(f -> f.toString().endsWith(".export.json"))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString())).orElseThrow();
            @SuppressWarnings("unchecked")
            Map<String, Object> report = JSON.readValue(newest.toFile(), Map.class);
            return report;
        }
    }

    @Test
    void eachRunExportsExactlyWhatChangedSinceTheLastSuccessfulOne() throws Exception {
        List<String> ids = seed(crm, 6);

        Map<String, Object> first = run();
        assertEquals("published", first.get("status"), first.toString());
        assertEquals(Set.copyOf(ids), newestExportIds(), "the first run exports everything");

        Thread.sleep(20);
        crm.updateLead(ids.get(1), Map.of("description", "called back"));
        crm.updateLead(ids.get(4), Map.of("url", "https://four.example.com"));
        String added = (String) crm.createLead(lead(crm, "Newcomer Ltd", Map.of(), List.of())).get("id");

        Map<String, Object> second = run();
        assertEquals("published", second.get("status"), second.toString());
        assertEquals(Set.of(ids.get(1), ids.get(4), added), newestExportIds(), "exactly the changed and the new leads");

        Thread.sleep(20);
        crm.updateLead(ids.get(2), Map.of("description", "changed before a failed run"));
        crm.faults().on(readCall(), Fault.STATUS_401, 1);
        Map<String, Object> failed = run();
        assertEquals("failed", failed.get("status"), failed.toString());

        Map<String, Object> after = run();
        assertEquals("published", after.get("status"), after.toString());
        assertEquals(Set.of(ids.get(2)), newestExportIds(), "the failed run moved nothing forward");
        assertTrue(Files.readString(dataDir.resolve("state").resolve(
                "export-" + org.leadroutes.crm.CrmFolder.name(crm.closeBaseUrl()) + ".last-success"))
                .startsWith(LocalDate.now().getYear() + "-"));
    }
}
