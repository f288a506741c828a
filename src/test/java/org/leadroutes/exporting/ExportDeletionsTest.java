package org.leadroutes.exporting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.leadroutes.crm.CrmFolder;
import org.leadroutes.sandbox.Fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An incremental run's file says which leads are gone since the last successful run: deleted ({@code delete}) or
 * merged into another ({@code delete} with {@code merged_into}), from Close's event log; and, when the last run is
 * older than the log reaches, from comparing the ids with the last run's.
 */
class ExportDeletionsTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        return incrementalSettings();
    }

    /** Whether the file names the lead a merged-away lead went into (an event log says so; comparing ids cannot). */
    protected boolean namesMerges() {
        return true;
    }

    /** The call a fault makes a run fail at once its leads are read: the event log read (the paged CRM: its pages). */
    protected String lateCall() {
        return "GET /event/";
    }

    /** lead_id to operation + merged_into, one entry per lead (a lead with several contacts has several rows). */
    Map<String, String> operations(Map<String, Object> report) throws Exception {
        Map<String, String> operations = new HashMap<>();
        for (CSVRecord row : csv(published(report))) {
            operations.put(row.get("lead_id"), row.get("operation") + (row.get("merged_into").isEmpty() ? "" : " " + row.get("merged_into")));
        }
        return operations;
    }

    static Set<String> withOperation(Map<String, String> operations, String operation) {
        return operations.entrySet().stream().filter(e -> e.getValue().equals(operation)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    @Test
    void theNextFileSaysWhichLeadsWereDeletedAndWhichWereMergedIntoWhich() throws Exception {
        List<String> ids = seed(crm, 5);
        Map<String, Object> first = runAndReport();
        assertEquals("published", first.get("status"), first.toString());
        List<String> header = header(published(first));
        assertEquals(List.of("operation", "merged_into"), header.subList(header.size() - 2, header.size()));
        assertEquals(Set.copyOf(ids), withOperation(operations(first), "upsert"), "the first run: every lead, upserts");

        crm.deleteLead(ids.get(0));
        crm.mergeLeads(ids.get(1), ids.get(2));
        Map<String, Object> second = runAndReport();
        assertEquals("published", second.get("status"), second.toString());
        Map<String, String> operations = operations(second);
        assertEquals(Map.of(ids.get(2), "upsert", ids.get(0), "delete",
                ids.get(1), namesMerges() ? "delete " + ids.get(2) : "delete"), operations);
        assertEquals(namesMerges() ? 1L : 2L, count(second, "deleted"), second.toString());
        assertEquals(namesMerges() ? 1L : 0L, count(second, "mergedAway"), second.toString());

        Map<String, Object> third = runAndReport();
        assertEquals(Set.of(), withOperation(operations(third), "delete"),
                "the overlap reads the same events again: leads said gone once are not said gone again");
    }

    @Test
    void aFailedRunPublishesNothingAndMovesNothingSoTheNextSaysTheSameLeadsAreGone() throws Exception {
        List<String> ids = seed(crm, 3);
        runAndReport();
        crm.deleteLead(ids.get(0));
        crm.mergeLeads(ids.get(1), ids.get(2));
        crm.faults().on(lateCall(), Fault.STATUS_401, 1);
        Map<String, Object> failed = runAndReport();
        assertEquals("failed", failed.get("status"), failed.toString());
        assertTrue(!Files.exists(published(failed)), "nothing published");

        Map<String, Object> rerun = runAndReport();
        assertEquals("published", rerun.get("status"), rerun.toString());
        Set<String> gone = operations(rerun).entrySet().stream().filter(e -> e.getValue().startsWith("delete"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertEquals(Set.of(ids.get(0), ids.get(1)), gone, "the leads gone, as the failed run would have said");
    }

    @Test
    void aLastRunOlderThanTheEventLogReachesMeansEveryLeadAndTheIdsComparedAndSaysSo() throws Exception {
        List<String> ids = seed(crm, 4);
        Map<String, Object> first = runAndReport();
        assertEquals("published", first.get("status"), first.toString());
        Path mark = dataDir.resolve("state").resolve("export-" + CrmFolder.name(crm.closeBaseUrl()) + ".last-success");
        Files.writeString(mark, Instant.parse((String) first.get("startedAt")).minus(Duration.ofDays(40)) + "\n");

        crm.deleteLead(ids.get(0));
        crm.mergeLeads(ids.get(1), ids.get(2));
        Map<String, Object> second = runAndReport();
        assertEquals("published", second.get("status"), second.toString());
        Map<String, String> operations = operations(second);
        assertEquals(Set.of(ids.get(2), ids.get(3)), withOperation(operations, "upsert"), "every lead");
        assertEquals(Set.of(ids.get(0), ids.get(1)), withOperation(operations, "delete"),
                "gone: those the last run left that this one did not read");
        assertTrue(second.get("warnings").toString().contains("event log"), second.toString());
    }
}
