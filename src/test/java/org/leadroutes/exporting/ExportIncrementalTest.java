package org.leadroutes.exporting;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code leads.export.incremental=true}: each run exports the leads created or changed since the start of the
 * last successful run (kept in state/); the first run exports everything, a failed run moves nothing forward.
 * The CRM changes between runs at instants set on the sandbox's clock, not after a pause.
 */
class ExportIncrementalTest extends ExportTestSupport {

    static final String TOKEN = "paged-token-incremental";

    @Override
    protected Properties settings() {
        Properties p = incrementalSettings();
        p.setProperty("leads.crm.retry.max-retries", "1");
        return p;
    }

    /** The call the export reads leads with. */
    protected String readCall() {
        return "POST /data/search/";
    }

    @Test
    void eachRunExportsExactlyWhatChangedSinceTheLastSuccessfulOne() throws Exception {
        List<String> ids = seed(crm, 6);

        Map<String, Object> first = runAndReport();
        assertEquals("published", first.get("status"), first.toString());
        assertEquals(Set.copyOf(ids), exportedIds(first), "the first run exports everything");

        String[] added = new String[1];
        changeDuring(first, () -> {
            crm.updateLead(ids.get(1), Map.of("description", "called back"));
            crm.updateLead(ids.get(4), Map.of("url", "https://four.example.com"));
            added[0] = (String) crm.createLead(lead(crm, "Newcomer Ltd", Map.of(), List.of())).get("id");
        });

        Map<String, Object> second = runAndReport();
        assertEquals("published", second.get("status"), second.toString());
        assertEquals(Set.of(ids.get(1), ids.get(4), added[0]), exportedIds(second), "exactly the changed and the new leads");

        changeDuring(second, () -> crm.updateLead(ids.get(2), Map.of("description", "changed before a failed run")));
        crm.faults().on(readCall(), Fault.STATUS_401, 1);
        Map<String, Object> failed = runAndReport();
        assertEquals("failed", failed.get("status"), failed.toString());

        Map<String, Object> after = runAndReport();
        assertEquals("published", after.get("status"), after.toString());
        assertEquals(Set.of(ids.get(2)), exportedIds(after), "the failed run moved nothing forward");
        assertEquals(Instant.parse((String) after.get("startedAt")), Instant.parse(Files.readString(dataDir.resolve("state").resolve(
                "export-" + org.leadroutes.crm.CrmFolder.name(crm.closeBaseUrl()) + ".last-success")).strip()),
                "the next run reads from the start of this one");
    }
}
