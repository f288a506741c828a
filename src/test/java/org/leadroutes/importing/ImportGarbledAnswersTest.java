package org.leadroutes.importing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.leadroutes.operating.CrmReadiness;
import org.leadroutes.sandbox.Fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 200 that is not the CRM's JSON (an HTML page from a proxy, a body cut short), and a redirect, over real HTTP:
 * a create so answered is uncertain and looked up, never a failed drop; HTML or a redirect everywhere is an
 * outage: the drop waits in the inbox, readiness is DOWN, and the drop finishes once the CRM answers properly.
 */
class ImportGarbledAnswersTest extends ImportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.retry.max-retries", "1");
        p.setProperty("leads.import.outage-retry-ms", "200");
        p.setProperty("leads.import.outage-retry-max-ms", "1000");
        p.setProperty("leads.import.uncertain-pause", "200"); // the look-up of uncertain creates, quickly
        p.setProperty("leads.import.uncertain-max-wait", "1000");
        p.setProperty("leads.health.crm-check-ms", "200");
        return p;
    }

    /** The create happened, the answer is garbage: the lead is looked up, counted created, never sent twice. */
    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CREATED_THEN_HTML_200", "CREATED_THEN_TRUNCATED_200"})
    void aCreateAnsweredWithGarbageIsLookedUpAndCountedCreated(Fault fault) throws Exception {
        crm.faults().on("POST /lead/", fault, 1);

        Map<String, Object> report = importFile("three.csv", ImportFaultsTest.THREE_COMPANIES);

        assertEquals("done", report.get("status"), String.valueOf(report.get("error")));
        assertEquals(3, crm.leadCount(), "the CRM holds each company once");
        assertEquals((long) crm.leadCount(), count(report, "leadsCreated"), "the report counts what the CRM holds");
        assertEquals(0L, count(report, "uncertain"));
        assertEquals(1L, count(report, "uncertainResolved"), "the garbled create, found by its name");
        assertEquals(0L, count(report, "rejected"));
        assertEquals(3, crm.requestCount("POST /lead/"), "the garbled create was not sent again");
        assertEquals(3L, crm.leads().stream().map(l -> l.get("name")).distinct().count(), "each company once");
        Map<String, String> leadIds = new java.util.HashMap<>();
        results("three.csv").forEach(r -> leadIds.put(r.get("company"), r.get("lead_id")));
        for (Map<String, Object> lead : crm.leads()) {
            assertEquals(lead.get("id"), leadIds.get((String) lead.get("name")), lead.get("name") + " in the results");
        }
    }

    /** A proxy answers every call with its page: an outage, not a bad file; the drop finishes once it is gone. */
    @Test
    void htmlOnEveryEndpointMakesTheDropWaitAndReadinessDown() throws Exception {
        await("readiness UP").atMost(Duration.ofSeconds(30)).until(() -> readiness().getState() == HealthCheck.State.UP);
        crm.faults().always("", Fault.HTML_200);

        Path dropped = drop("three.csv", ImportFaultsTest.THREE_COMPANIES);

        Map<String, Object> waiting = awaitReport("three.csv", "waiting");
        String error = (String) waiting.get("error");
        assertTrue(error.startsWith("waiting for the CRM: the CRM at " + crm.closeBaseUrl() + " answered 200 with text/html,"
                + " not JSON"), error);
        assertTrue(error.contains("a proxy"), "the advice: " + error);
        assertTrue(Files.exists(dropped), "the file waits in the inbox");
        assertFalse(Files.exists(dataDir.resolve("inbox/.failed")), "an outage sends nothing to .failed/");
        HealthCheck.Result down = await("readiness DOWN").atMost(Duration.ofSeconds(30))
                .until(this::readiness, r -> r.getState() == HealthCheck.State.DOWN);
        String message = down.getMessage().orElse("");
        assertTrue(message.contains("answers 200 without its JSON"), message);
        assertEquals(0, crm.leadCount());

        crm.faults().clear(); // the proxy is gone

        Path archived = await("the drop imported by itself").atMost(Duration.ofSeconds(60))
                .until(() -> archivedFiles("three.csv").stream().findFirst().orElse(null), java.util.Objects::nonNull);
        assertTrue(archived.startsWith(dataDir.resolve("inbox/.done")), archived.toString());
        Map<String, Object> report = awaitReport("three.csv", "done");
        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(3, crm.leadCount());
        assertEquals(3L, crm.leads().stream().map(l -> l.get("name")).distinct().count(), "each company once");
        await("readiness UP again").atMost(Duration.ofSeconds(30)).until(() -> readiness().getState() == HealthCheck.State.UP);
    }

    /** A create answered 301 is never followed (it would become a GET, or go elsewhere): the drop waits, naming it. */
    @Test
    void aRedirectedCreateIsNeverFollowedAndTheDropWaitsNamingTheLocation() throws Exception {
        crm.faults().always("POST /lead/", Fault.STATUS_301);
        String location = crm.baseUrl() + "/moved/api/v1/lead/";

        Path dropped = drop("three.csv", ImportFaultsTest.THREE_COMPANIES);

        Map<String, Object> waiting = awaitReport("three.csv", "waiting");
        String error = (String) waiting.get("error");
        assertTrue(error.contains("redirects POST /lead/ (301 to " + location + "; not followed)"), error);
        assertTrue(error.contains("check leads.crm.url"), error);
        assertTrue(Files.exists(dropped), "the file waits in the inbox");
        for (String followed : List.of("GET /moved/api/v1/lead/", "POST /moved/api/v1/lead/")) {
            assertEquals(0, crm.requestCount(followed), "the redirect was followed: " + followed);
        }
        assertEquals(0, crm.leadCount());

        crm.faults().clear();

        Map<String, Object> report = awaitReport("three.csv", "done");
        assertEquals(3L, count(report, "leadsCreated"));
        assertEquals(3, crm.leadCount());
        assertEquals(3L, crm.leads().stream().map(l -> l.get("name")).distinct().count(), "each company once");
    }

    /** A redirect on every endpoint: readiness DOWN, its message naming the Location. */
    @Test
    void aRedirectEverywhereIsReadinessDownNamingTheLocation() throws Exception {
        crm.faults().always("", Fault.STATUS_301);

        HealthCheck.Result down = await("readiness DOWN").atMost(Duration.ofSeconds(30))
                .until(this::readiness, r -> r.getState() == HealthCheck.State.DOWN);

        String message = down.getMessage().orElse("");
        assertTrue(message.contains("answers 301, a redirect to " + crm.baseUrl() + "/moved/api/v1/me/, not followed: "
                + "check leads.crm.url"), message);
        assertEquals(crm.baseUrl() + "/moved/api/v1/me/", down.getDetails().get("crm.location"));

        crm.faults().clear();
        await("readiness UP").atMost(Duration.ofSeconds(30)).until(() -> readiness().getState() == HealthCheck.State.UP);
    }

    private HealthCheck.Result readiness() {
        return context.getRegistry().lookupByNameAndType(CrmReadiness.BEAN, CrmReadiness.class).call();
    }
}
