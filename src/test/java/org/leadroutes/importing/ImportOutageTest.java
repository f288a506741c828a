package org.leadroutes.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.app.AppTestSupport;
import org.leadroutes.importing.inbox.DropWaits;
import org.leadroutes.sandbox.Fault;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CRM outage delays a drop, never fails it: the file waits in the inbox, is tried again after a growing pause,
 * and is imported by itself once the CRM answers again, resuming from its ledger. Only a bad file goes to
 * {@code .failed/}.
 */
class ImportOutageTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.retry.max-retries", "1");
        p.setProperty("leads.crm.connect-timeout-ms", "500");
        p.setProperty("leads.import.outage-retry-ms", "200"); // the pause doubles: 200, 400, 800 ms ...
        p.setProperty("leads.import.outage-retry-max-ms", "1000");
        p.setProperty("leads.import.uncertain-pause", "200"); // the look-up of uncertain creates, quickly
        p.setProperty("leads.import.uncertain-max-wait", "1000");
        return p;
    }

    /** The acceptance check: a file dropped while the CRM is down is imported by itself after it comes back. */
    @Test
    void aFileDroppedDuringAnOutageIsImportedByItselfAfterIt() throws Exception {
        int port = crm.port();
        crm.close(); // the outage: nothing listens on the CRM's port

        Path dropped = drop("three.csv", ImportFaultsTest.THREE_COMPANIES);

        Map<String, Object> waiting = awaitReport("three.csv", "waiting");
        String error = (String) waiting.get("error");
        assertTrue(error.startsWith("waiting for the CRM: cannot reach the CRM at " + crm.closeBaseUrl()), error);
        assertTrue(error.contains("retrying at ") && error.contains("check leads.crm.url and the network"), error);
        assertFalse(error.contains("Exception") || error.contains("after not connected"), "a person reads it: " + error);
        assertEquals("three.csv", waiting.get("archivedAs"), "it waits where it was dropped");
        assertTrue(Files.exists(dropped), "the file waits in the inbox");
        assertFalse(Files.exists(dataDir.resolve("inbox/.failed")), "an outage sends nothing to .failed/");
        await("a second try, after the pause").atMost(Duration.ofSeconds(30))
                .until(() -> waits().of(dropped).map(DropWaits.Waiting::attempts).orElse(0) >= 2);

        crm = new SandboxCrm(port).start(); // the CRM is back, at the same address

        Path archived = await("the drop imported by itself").atMost(Duration.ofSeconds(60))
                .until(() -> archivedFiles("three.csv").stream().findFirst().orElse(null), java.util.Objects::nonNull);
        assertTrue(archived.startsWith(dataDir.resolve("inbox/.done")), archived.toString());
        Map<String, Object> report = awaitReport("three.csv", "done");
        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(3, crm.leadCount());
        assertEquals(archived.getFileName() + ".report.json",
                AppTestSupport.droppedReport(dataDir, "three.csv", "report.json").getFileName().toString(),
                "one report per drop, the waiting one updated: named after the first try");
        assertTrue(waits().of(dropped).isEmpty());
    }

    /**
     * A create with no certain outcome (a 502), then an outage: the drop waits without telling anyone to drop the
     * lead's rows again; its next try looks the lead up (it was created) and never sends it again.
     */
    @Test
    void anUncertainCreateOfADropThatWaitsIsLookedUpWhenItResumes() throws Exception {
        crm.faults().on("POST /lead/", Fault.CREATED_THEN_502, 1)
                .on("POST /lead/", Fault.STATUS_503, 4); // both other leads exhaust their retries: the drop waits

        Path dropped = drop("three.csv", ImportFaultsTest.THREE_COMPANIES);

        Map<String, Object> waiting = awaitReport("three.csv", "waiting");
        assertEquals(0L, count(waiting, "rejected"), "an uncertain create of a waiting drop is no reject yet");
        assertEquals(null, waiting.get("rejectsFile"), "a try that waits writes no rejects file");
        assertEquals(null, waiting.get("resultsFile"), "nor a results file: the try that ends the drop writes them");
        assertTrue(Files.exists(dropped) || !archivedFiles("three.csv").isEmpty());

        Map<String, Object> report = awaitReport("three.csv", "done");
        String archived = archivedFiles("three.csv").iterator().next().getFileName().toString();
        try (var files = Files.list(dataDir.resolve("reports"))) { // the waiting try left nothing beside the drop's
            assertEquals(java.util.Set.of(archived + ".report.json", archived + ".rejects.csv", archived + ".results.csv"),
                    files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
        assertTrue(Files.size(Path.of((String) report.get("rejectsFile"))) > 0, "the rejects file has its header");
        assertTrue(Files.readString(Path.of((String) report.get("resultsFile"))).contains("Gamma SA"));
        assertEquals(0L, count(report, "uncertain"));
        assertEquals(0L, count(report, "rejected"));
        assertEquals(1L, count(report, "uncertainResolved"), "the uncertain create, looked up by the next try");
        assertEquals(3, crm.leadCount());
        assertEquals(3L, crm.leads().stream().map(l -> l.get("name")).distinct().count(), "each company once");
    }

    /** 5xx past the retries on a create: the lead is not rejected, the drop waits and sends it on its next try. */
    @Test
    void aCreateThatExhaustsItsRetriesMakesTheDropWaitAndItsNextTrySendsOnlyWhatIsLeft() throws Exception {
        crm.faults().on("POST /lead/", Fault.STATUS_503, 2).on("POST /lead/", Fault.STATUS_503, 2); // two tries' worth

        Map<String, Object> report = importFile("three.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals("done", report.get("status"));
        assertEquals(0L, count(report, "rejected"), "an outage rejects no row");
        assertEquals(3, crm.leadCount());
        assertEquals(3L, crm.leads().stream().map(l -> l.get("name")).distinct().count(), "each company once");
    }

    /** A refused key is an outage too: the drop waits (not .failed/) and resumes once the key is taken again. */
    @Test
    void aRefusedKeyMakesTheDropWaitNotFail() throws Exception {
        crm.faults().on("POST /lead/", Fault.STATUS_401, 1);
        String many = "company\n" + java.util.stream.IntStream.range(0, 40).mapToObj(i -> "Company " + i)
                .collect(java.util.stream.Collectors.joining("\n")) + "\n";

        Map<String, Object> report = importFile("many.csv", many);

        assertEquals("done", report.get("status"));
        assertEquals(40, crm.leadCount());
        assertEquals(40L, crm.leads().stream().map(l -> l.get("name")).distinct().count(), "each company once");
        assertFalse(Files.exists(dataDir.resolve("inbox/.failed")));
    }

    /** A file that is itself bad still goes to .failed/ at once. */
    @Test
    void aBadFileStillGoesToFailed() throws Exception {
        Map<String, Object> report = importFile("dup.csv", "company,Email,Email\nAcme,a@acme.example.com,b@acme.example.com\n");

        assertEquals("failed", report.get("status"));
        assertTrue(Files.exists(dataDir.resolve("inbox/.failed").resolve(archivedName("dup.csv"))));
        assertFalse(Files.exists(dataDir.resolve("inbox/dup.csv")));
    }

    private DropWaits waits() {
        return context.getRegistry().lookupByNameAndType(ImportFlow.WAITS, DropWaits.class);
    }
}
