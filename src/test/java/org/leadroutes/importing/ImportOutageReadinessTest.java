package org.leadroutes.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A drop waiting for the CRM does not sit out its pause once the CRM is back: the readiness check that finds it
 * answering again lets the inbox take the drop at its next poll.
 */
class ImportOutageReadinessTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.retry.max-retries", "1");
        p.setProperty("leads.import.outage-retry-ms", "600000"); // ten minutes: only the CRM's return can end the wait
        p.setProperty("leads.import.outage-retry-max-ms", "600000");
        p.setProperty("leads.health.crm-check-ms", "200");
        return p;
    }

    @Test
    void theCrmBackEndsTheWait() throws Exception {
        int port = crm.port();
        crm.close();

        Path dropped = drop("three.csv", ImportFaultsTest.THREE_COMPANIES);
        String error = (String) awaitReport("three.csv", "waiting").get("error");
        assertTrue(error.startsWith("waiting for the CRM: cannot reach the CRM"), error);
        assertTrue(Files.exists(dropped));

        crm = new SandboxCrm(port).start();

        Path archived = await("the drop imported once readiness saw the CRM").atMost(Duration.ofSeconds(60))
                .until(() -> archivedFiles("three.csv").stream().findFirst().orElse(null), java.util.Objects::nonNull);
        assertTrue(archived.startsWith(dataDir.resolve("inbox/.done")), archived.toString());
        Map<String, Object> report = awaitReport("three.csv", "done");
        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(3, crm.leadCount());
    }
}
