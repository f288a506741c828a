package org.leadroutes.importing;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.CamelExecutionException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.leadroutes.undoing.UndoFlow;
import org.leadroutes.undoing.UndoReport;
import org.leadroutes.undoing.UnknownDropException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wrong drop into a CRM that already held some of its companies, taken back out ({@code routes/undo.yaml}, as
 * {@code --undo DROP} runs it): the CRM is as before the drop except what changed after it, which is kept and
 * reported; a lead already gone is counted; an undo that stopped resumes without taking anything back twice.
 */
class UndoDropTest extends ImportTestSupport {

    private static final String BEFORE = """
            company,contact,email
            Alpha Ltd,Ann Alpha,ann@alpha.example.com
            Beta GmbH,Ben Beta,ben@beta.example.com
            """;
    private static final String WRONG = """
            company,contact,email,website
            Alpha Ltd,Al Alpha,al@alpha.example.com,alpha.example.com
            Beta GmbH,Bea Beta,bea@beta.example.com,
            Gamma SA,Gil Gamma,gil@gamma.example.com,
            Gamma SA,Gus Gamma,gus@gamma.example.com,
            Delta AG,Dan Delta,dan@delta.example.com,
            Epsilon,Eve Epsilon,eve@epsilon.example.com,
            """;

    /** The CRM as a user compares it: each lead by name, with its url, description and contacts' names. */
    @SuppressWarnings("unchecked")
    private Map<String, String> crmState() {
        Map<String, String> state = new TreeMap<>();
        for (Map<String, Object> lead : crm.leads()) {
            List<String> contacts = ((List<Map<String, Object>>) lead.get("contacts")).stream()
                    .map(c -> (String) c.get("name")).sorted().toList();
            state.put((String) lead.get("name"), "url=" + lead.get("url") + " description=" + lead.get("description")
                    + " contacts=" + contacts);
        }
        return state;
    }

    private UndoReport undo(String drop) {
        return template.requestBody(UndoFlow.ENDPOINT, drop, UndoReport.class);
    }

    private int delete(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(crm.closeBaseUrl() + path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private List<CSVRecord> undoResults(String drop) throws Exception {
        try (Reader r = Files.newBufferedReader(dataDir.resolve("reports").resolve(drop + ".undo.results.csv"))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    @Test
    void aWrongDropUndoneLeavesTheCrmAsBeforeButWhatChangedSince() throws Exception {
        importFile("before.csv", BEFORE);
        Map<String, String> before = crmState();

        Map<String, Object> wrong = importFile("wrong.csv", WRONG);
        assertEquals(3L, count(wrong, "leadsCreated"));
        assertEquals(2L, count(wrong, "leadsMatched"));
        assertEquals("https://alpha.example.com", lead("Alpha Ltd").get("url"), "the drop filled Alpha's empty url");
        // after the drop: someone works on Delta in the CRM, and deletes Epsilon
        crm.updateLead((String) lead("Delta AG").get("id"), Map.of("description", "called Dan: interested"));
        assertEquals(200, delete("/lead/" + lead("Epsilon").get("id") + "/"));

        String drop = archivedName("wrong.csv");
        UndoReport report = undo(drop + ".report.json"); // the drop named by its report, as a user may

        assertEquals("done", report.status());
        assertEquals(1, report.leadsDeleted(), "Gamma, with its two contacts");
        assertEquals(2, report.contactsDeleted(), "Al from Alpha, Bea from Beta");
        assertEquals(1, report.fieldsEmptied(), "Alpha's url");
        assertEquals(1, report.alreadyGone(), "Epsilon");
        assertEquals(1, report.kept(), "Delta changed since the drop");
        assertEquals(0, report.failed());
        assertTrue(report.keptItems().get(0).startsWith("lead created 'Delta AG' lead_") && report.keptItems().get(0)
                .contains("(lines 6)") && report.keptItems().get(0).contains("changed since the drop"), report.keptItems().toString());
        Map<String, String> expected = new TreeMap<>(before);
        expected.put("Delta AG", "url=null description=called Dan: interested contacts=[Dan Delta]");
        assertEquals(expected, crmState(), "as before the drop, but Delta, changed since and kept");

        List<CSVRecord> results = undoResults(drop);
        assertEquals(List.of("contact added:deleted:2", "contact added:deleted:3", "fields filled:emptied:2",
                        "lead created:deleted:4, 5", "lead created:kept:6", "lead created:already-gone:7"),
                results.stream().map(r -> r.get("what") + ":" + r.get("action") + ":" + r.get("lines")).toList());
        assertTrue(Files.exists(dataDir.resolve("reports").resolve(drop + ".undo.report.json")));

        // the same undo again: what it took back is settled, nothing is sent
        int deletes = crm.requestCount("DELETE /lead/{id}/") + crm.requestCount("DELETE /contact/{id}/");
        UndoReport again = undo(drop);
        assertEquals(5, again.settledBefore(), "all but Delta: what was kept is looked at again");
        assertEquals(1, again.kept());
        assertEquals(deletes, crm.requestCount("DELETE /lead/{id}/") + crm.requestCount("DELETE /contact/{id}/"));
        assertEquals(expected, crmState());
    }

    /**
     * An undo that stopped (killed, or the CRM went away) between its {@code DELETE} and the answer: its ledger says
     * "undoing". The run that resumes it looks again: the lead is gone, so it was deleted then, and is counted so;
     * what the ledger says was deleted is passed over, never sent again.
     */
    @Test
    void aStoppedUndoResumesAndDeletesNothingTwice() throws Exception {
        importFile("before.csv", BEFORE);
        Map<String, String> before = crmState();
        importFile("wrong.csv", WRONG);
        String drop = archivedName("wrong.csv");
        String gamma = (String) lead("Gamma SA").get("id");
        String epsilon = (String) lead("Epsilon").get("id");
        // as the killed run left it: Gamma deleted and recorded, Epsilon's DELETE sent, its answer never read
        assertEquals(200, delete("/lead/" + gamma + "/"));
        assertEquals(200, delete("/lead/" + epsilon + "/"));
        Files.writeString(ledgerDir().resolve(drop + ".undo.ledger"),
                "undoing\tlead:" + gamma + "\t\ndeleted\tlead:" + gamma + "\t\nundoing\tlead:" + epsilon + "\t\n");
        int deletes = crm.requestCount("DELETE /lead/{id}/");

        UndoReport report = undo(drop);

        assertEquals(1, report.settledBefore(), "Gamma");
        assertEquals(3, report.leadsDeleted(), "Gamma and Epsilon by the stopped run, Delta now");
        assertEquals(0, report.alreadyGone(), "Epsilon was the stopped run's own delete");
        assertEquals(1, crm.requestCount("DELETE /lead/{id}/") - deletes, "only Delta's DELETE was sent");
        assertEquals(before, crmState());
    }

    /**
     * The CRM stops taking DELETEs of leads: the undo takes back what it can, the rest waits (status {@code waiting});
     * run again once the CRM is back, it resumes, and a DELETE whose answer is lost (applied, then a 502) is sent
     * again, answered 404, and counted deleted: nothing taken back twice, the CRM as before the drop.
     */
    @Test
    void anOutageStopsTheUndoAndTheNextRunResumesIt() throws Exception {
        importFile("before.csv", BEFORE);
        Map<String, String> before = crmState();
        importFile("wrong.csv", WRONG);
        String drop = archivedName("wrong.csv");
        crm.faults().always("DELETE /lead/", org.leadroutes.sandbox.Fault.STATUS_503);

        UndoReport stopped = undo(drop);

        assertEquals("waiting", stopped.status());
        assertEquals(2, stopped.contactsDeleted());
        assertEquals(1, stopped.fieldsEmptied());
        assertEquals(3, stopped.waiting(), "Gamma, Delta, Epsilon: not deleted yet");
        assertEquals(0, stopped.leadsDeleted());
        assertTrue(stopped.summary().contains("3 waiting for the CRM"), stopped.summary());
        assertEquals(5, crm.leadCount());

        crm.faults().clear().on("DELETE /lead/", org.leadroutes.sandbox.Fault.CREATED_THEN_502, 1);
        UndoReport resumed = undo(drop);

        assertEquals("done", resumed.status());
        assertEquals(3, resumed.settledBefore(), "the contacts and the fields, by the stopped run");
        assertEquals(3, resumed.leadsDeleted());
        assertEquals(0, resumed.alreadyGone(), "the DELETE whose answer was lost is this undo's own");
        assertEquals(before, crmState());
    }

    /**
     * A lead another drop merged into is not deleted with the drop that created it: that drop's people are on it.
     * Once that drop is undone too, the lead is looked at again, and kept: both changed it since.
     */
    @Test
    void aLeadAnotherDropMergedIntoIsKept() throws Exception {
        importFile("before.csv", BEFORE);
        importFile("wrong.csv", WRONG);
        Map<String, String> after = crmState();

        UndoReport report = undo(archivedName("before.csv"));

        assertEquals(0, report.leadsDeleted());
        assertEquals(2, report.kept(), "Alpha and Beta: wrong.csv merged into both");
        assertTrue(report.keptItems().stream().allMatch(i -> i.endsWith("another drop merged into it: "
                + archivedName("wrong.csv"))), report.keptItems().toString());
        assertEquals(after, crmState());

        // the later drop undone first: the earlier one's leads are still kept, changed since its drop (by the
        // later drop's merge and its undo); a person decides
        assertEquals("done", undo(archivedName("wrong.csv")).status());
        UndoReport again = undo(archivedName("before.csv"));
        assertEquals(2, again.kept(), "looked at again: kept is not settled");
        assertTrue(again.keptItems().stream().allMatch(i -> i.contains("changed since the drop")), again.keptItems().toString());
        assertEquals(0, again.leadsDeleted());
    }

    @Test
    void aDropThisCrmHasNoRecordOfIsRefusedAndNothingChanges() throws Exception {
        importFile("before.csv", BEFORE);
        Map<String, String> before = crmState();
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> undo("leads.20200101-000000.000.csv"));
        assertInstanceOf(UnknownDropException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("inbox/.done/"), e.getCause().getMessage());
        assertEquals(before, crmState());
        assertTrue(Files.notExists(dataDir.resolve("reports").resolve("leads.20200101-000000.000.csv.undo.report.json")));
        Path record = ledgerDir().resolve(archivedName("before.csv") + ".writes.jsonl");
        assertTrue(Files.exists(record), "the drop before recorded its writes");
    }

    /** Where only the folder is shared: the drop's results file dropped in {@code inbox/undo/} undoes it. */
    @Test
    void aResultsFileDroppedInTheUndoInboxUndoesItsDrop() throws Exception {
        importFile("before.csv", BEFORE);
        Map<String, String> before = crmState();
        importFile("wrong.csv", WRONG);
        String drop = archivedName("wrong.csv");
        Path undoInbox = Files.createDirectories(dataDir.resolve("inbox/undo"));
        Files.copy(reportFile("wrong.csv", "results.csv"), dataDir.resolve("upload.part"));
        Files.move(dataDir.resolve("upload.part"), undoInbox.resolve(drop + ".results.csv"));
        Files.writeString(undoInbox.resolve("nothing.20200101-000000.000.csv.results.csv"), "");

        org.awaitility.Awaitility.await("both files taken").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> Files.exists(undoInbox.resolve(".done").resolve(drop + ".results.csv"))
                        && Files.exists(undoInbox.resolve(".failed").resolve("nothing.20200101-000000.000.csv.results.csv")));
        assertEquals(before, crmState(), "every write of the drop taken back: nothing changed since");
        Map<?, ?> report = JSON.readValue(dataDir.resolve("reports").resolve(drop + ".undo.report.json").toFile(), Map.class);
        assertEquals("done", report.get("status"));
        assertEquals(3, ((Number) report.get("leadsDeleted")).intValue(), "Gamma, Delta, Epsilon");
        assertEquals(List.of(), names(dataDir.resolve("inbox")), "the undo imports nothing: the inbox holds no file");
    }

    private static List<String> names(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        }
    }
}
