package org.leadroutes.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exercises the sandbox over real HTTP, as the routes and benchmarks use it. */
class SandboxCrmTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SandboxCrm crm;

    @BeforeEach
    void start() {
        crm = new SandboxCrm().start();
    }

    @AfterEach
    void stop() {
        crm.close();
    }

    @Test
    void createsAndReadsLeadWithContactsAndCustomField() throws Exception {
        String industry = crm.customFieldIds().get("Industry");
        String employees = crm.customFieldIds().get("Employees");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", "Wayne Enterprises");
        payload.put("description", "Bat Cave software");
        payload.put("status", "Qualified");
        payload.put("addresses", List.of(Map.of("city", "Gotham", "country", "US")));
        payload.put("contacts", List.of(Map.of("name", "Bruce Wayne", "title", "CEO",
                "emails", List.of(Map.of("email", "bruce@wayne.example", "type", "office")),
                "phones", List.of(Map.of("phone", "+1 650-333-4444")))));
        payload.put("custom." + industry, "Defense");
        payload.put("custom." + employees, "250");

        Response created = post("/lead/", payload);
        assertEquals(200, created.status);
        Map<String, Object> lead = created.json();
        String id = (String) lead.get("id");
        assertTrue(id.matches("lead_[A-Za-z0-9]{43}"), id);
        assertEquals("Qualified", lead.get("status_label"));
        assertEquals(crm.statusIds().get("Qualified"), lead.get("status_id"));
        assertEquals("Defense", lead.get("custom." + industry));
        assertEquals(250, lead.get("custom." + employees));
        assertTrue(((String) lead.get("date_created")).endsWith("+00:00"));

        Response read = get("/lead/" + id + "/");
        assertEquals(200, read.status);
        assertEquals("application/json", read.headers.firstValue("Content-Type").orElseThrow());
        Map<String, Object> fetched = read.json();
        assertEquals(lead, fetched);
        assertEquals("Wayne Enterprises", fetched.get("display_name"));
        assertEquals(List.of(), fetched.get("opportunities"));
        assertEquals("Gotham", ((Map<?, ?>) list(fetched, "addresses").get(0)).get("city"));
        Map<?, ?> contact = (Map<?, ?>) list(fetched, "contacts").get(0);
        assertTrue(((String) contact.get("id")).matches("cont_[A-Za-z0-9]{43}"));
        assertEquals(id, contact.get("lead_id"));
        assertEquals(List.of(contact.get("id")), fetched.get("contact_ids"));
        assertEquals("+16503334444", ((Map<?, ?>) ((List<?>) contact.get("phones")).get(0)).get("phone"));
        assertEquals("bruce@wayne.example", ((Map<?, ?>) ((List<?>) contact.get("emails")).get(0)).get("email"));
        assertEquals(List.of(fetched), crm.leads());

        assertEquals(404, get("/lead/lead_unknown/").status);
        assertEquals(Map.of("error", "Not found"), get("/lead/lead_unknown/").json());
    }

    @Test
    void rejectsInvalidLeadsWithFieldErrors() throws Exception {
        Response badStatus = post("/lead/", Map.of("name", "Acme", "status", "Nope"));
        assertEquals(400, badStatus.status);
        assertEquals(List.of(), badStatus.json().get("errors"));
        assertTrue(fieldErrors(badStatus).containsKey("status"), badStatus.body);

        assertTrue(fieldErrors(post("/lead/", Map.of("status_id", "stat_nope"))).containsKey("status_id"));
        String potential = crm.statusIds().get("Potential");
        assertEquals(400, post("/lead/", Map.of("status", "Potential", "status_id", potential)).status);

        Response badContact = post("/lead/", Map.of("name", "Acme", "contacts", List.of(Map.of(
                "emails", List.of(Map.of("email", "no-at-sign")),
                "phones", List.of(Map.of("phone", "555 1234")))), "custom.cf_missing", "x"));
        assertEquals(Map.of("contacts.0.emails.0.email", "Invalid email address.",
                        "contacts.0.phones.0.phone", "Invalid phone number: expected + followed by digits (E.164).",
                        "custom.cf_missing", "Unknown custom field id; use custom.cf_<id> from GET /custom_field/lead/."),
                fieldErrors(badContact));

        Response invalidJson = send("POST", crm.closeBaseUrl() + "/lead/", "{not json", "Content-Type", "application/json");
        assertEquals(400, invalidJson.status);
        assertEquals(List.of("Invalid JSON"), invalidJson.json().get("errors"));
        assertEquals(415, send("POST", crm.closeBaseUrl() + "/lead/", "{}", "Content-Type", "text/plain").status);

        ValidationException seeded = assertThrows(ValidationException.class,
                () -> crm.createLead(Map.of("status", "Nope")));
        assertTrue(seeded.fieldErrors().containsKey("status"));
        assertEquals(0, crm.leadCount());
    }

    @Test
    void pagesWithLimitSkipAndEnforcesMaxSkip() throws Exception {
        seed(5);
        Map<String, Object> first = get("/lead/?_limit=2").json();
        assertEquals(List.of("Lead 1", "Lead 2"), names(first));
        assertEquals(true, first.get("has_more"));
        assertEquals(5, first.get("total_results"));
        Map<String, Object> last = get("/lead/?_limit=2&_skip=4").json();
        assertEquals(List.of("Lead 5"), names(last));
        assertEquals(false, last.get("has_more"));
        assertEquals(5, list(get("/lead").json(), "data").size()); // missing trailing slash is fine

        Response tooMany = get("/lead/?_limit=101");
        assertEquals(400, tooMany.status);
        assertTrue(((String) tooMany.json().get("error")).contains("_limit"));

        crm.maxSkip(3);
        assertEquals(200, get("/lead/?_skip=3").status);
        Response tooFar = get("/lead/?_skip=4");
        assertEquals(400, tooFar.status);
        assertTrue(((String) tooFar.json().get("error")).contains("max_skip = 3"), tooFar.body);
    }

    @Test
    void selectsFieldsAndFindsLeadsByName() throws Exception {
        String source = crm.customFieldIds().get("Lead Source");
        crm.createLead(Map.of("name", "Acme Corp", "custom." + source, "website"));
        crm.createLead(Map.of("name", "Other Inc"));

        Map<String, Object> found = get("/lead/?query=" + encode("name:\"acme corp\"") + "&_fields=id,name,custom").json();
        List<Object> data = list(found, "data");
        assertEquals(1, data.size());
        Map<?, ?> lead = (Map<?, ?>) data.get(0);
        assertEquals(List.of("id", "name", "custom." + source), new ArrayList<>(lead.keySet()));
        assertEquals(1, found.get("total_results"));
        assertEquals(0, list(get("/lead/?query=" + encode("name:\"Acme\"")).json(), "data").size());
    }

    @Test
    void addsContactsAndListsStatusesAndCustomFields() throws Exception {
        String leadId = (String) crm.createLead(Map.of("name", "Acme")).get("id");
        Response contact = post("/contact/", Map.of("lead_id", leadId, "name", "Jane Doe",
                "emails", List.of(Map.of("email", "jane@acme.example"))));
        assertEquals(200, contact.status);
        assertEquals(leadId, contact.json().get("lead_id"));
        assertTrue(fieldErrors(post("/contact/", Map.of("lead_id", "lead_missing"))).containsKey("lead_id"));

        Map<String, Object> contacts = get("/contact/?lead_id=" + leadId).json();
        assertEquals(false, contacts.get("has_more"));
        assertEquals("Jane Doe", ((Map<?, ?>) list(contacts, "data").get(0)).get("name"));
        assertEquals(1, list(crm.leads().get(0), "contacts").size());

        List<Object> statuses = list(get("/status/lead/").json(), "data");
        assertEquals(List.of("Potential", "Bad Fit", "Qualified", "Customer"),
                statuses.stream().map(s -> ((Map<?, ?>) s).get("label")).toList());
        assertEquals("active", ((Map<?, ?>) statuses.get(0)).get("type"));
        List<Object> fields = list(get("/custom_field/lead/").json(), "data");
        assertEquals(List.of("Industry", "Lead Source", "Employees"),
                fields.stream().map(f -> ((Map<?, ?>) f).get("name")).toList());
        assertEquals(false, ((Map<?, ?>) fields.get(0)).get("accepts_multiple_values"));
    }

    @Test
    void meNamesTheSandboxsOrganisationANewOneForEachSandbox() throws Exception {
        Map<String, Object> me = get("/me/").json();
        assertEquals(crm.organizationId(), me.get("organization_id"));
        assertTrue(crm.organizationId().startsWith("orga_"));
        assertEquals(crm.organizationId(), ((Map<?, ?>) list(me, "organizations").get(0)).get("id"));
        try (SandboxCrm other = new SandboxCrm().start()) {
            assertTrue(!other.organizationId().equals(crm.organizationId()));
        }
    }

    @Test
    void answersUnknownPathsAndWrongMethods() throws Exception {
        assertEquals(404, get("/nothing/here/").status);
        assertEquals(404, send("GET", crm.baseUrl() + "/elsewhere", null).status);
        Response wrongMethod = send("DELETE", crm.closeBaseUrl() + "/lead/", null);
        assertEquals(405, wrongMethod.status);
        assertEquals(1, crm.requestCount("DELETE /lead/"));
    }

    @Test
    void servesPagedStyleNewestFirstWithPagination() throws Exception {
        seed(5);
        crm.requireToken("t0k3n");
        String url = crm.baseUrl() + "/api/v1/leads";
        assertEquals(401, send("GET", url, null).status);

        Map<String, Object> page1 = pagedGet(url + "?page=1&pageSize=2");
        assertEquals(Map.of("page", 1, "pageSize", 2, "total", 5, "totalPages", 3,
                "hasNextPage", true, "hasPrevPage", false), page1.get("pagination"));
        Map<?, ?> newest = (Map<?, ?>) list(page1, "data").get(0);
        assertEquals("Contact 5", newest.get("name"));
        assertEquals("Lead 5", newest.get("company"));
        assertEquals(List.of("contact5@example.com"), newest.get("emails"));
        assertEquals("+15550000005", newest.get("primaryPhone"));
        assertTrue(((String) newest.get("createdAt")).endsWith("Z"));
        assertNull(newest.get("assignedToId"));

        Map<String, Object> page3 = pagedGet(url + "?page=3&pageSize=2");
        assertEquals(List.of("Lead 1"), companies(page3));
        assertEquals(false, ((Map<?, ?>) page3.get("pagination")).get("hasNextPage"));
        assertEquals(true, ((Map<?, ?>) page3.get("pagination")).get("hasPrevPage"));

        assertEquals(List.of("Lead 2"), companies(pagedGet(url + "?status=QUALIFIED")));
        assertEquals(List.of("Lead 3"), companies(pagedGet(url + "?search=" + encode("CONTACT3@"))));
        assertEquals(List.of(), companies(pagedGet(url + "?assignedToId=someone")));
        assertEquals(400, send("GET", url + "?pageSize=101", null, "Authorization", "Bearer t0k3n").status);
        assertEquals(400, send("GET", url + "?pageSize=0", null, "Authorization", "Bearer t0k3n").status);
    }

    @TestFactory
    Stream<DynamicTest> signalsRateLimitInEachForm() {
        return Arrays.stream(RateLimitForm.values()).map(form -> DynamicTest.dynamicTest(form.name(), () -> {
            try (SandboxCrm limited = new SandboxCrm().rateLimit(1).rateLimitForm(form).start()) {
                Response ok = send("GET", limited.closeBaseUrl() + "/status/lead/", null);
                assertEquals(200, ok.status);
                assertTrue(ok.headers.firstValue("RateLimit").orElseThrow().startsWith("limit=1"));
                Response limitedResponse = firstRateLimited(limited.closeBaseUrl() + "/status/lead/");
                assertRateLimitSignal(form, limitedResponse, 1);
                assertEquals(1, limited.rateLimitedCount());
                // another endpoint group has its own window
                assertEquals(200, send("GET", limited.closeBaseUrl() + "/custom_field/lead/", null).status);
            }
        }));
    }

    @Test
    void queued429FaultUsesConfiguredFormWithShortReset() throws Exception {
        crm.rateLimitForm(RateLimitForm.LEGACY_BODY).faults().on("POST /lead/", Fault.STATUS_429, 1);
        Response limited = post("/lead/", Map.of("name", "Acme"));
        assertEquals(429, limited.status);
        Map<?, ?> error = (Map<?, ?>) limited.json().get("error");
        assertEquals(0.2, ((Number) error.get("rate_reset")).doubleValue());
        assertEquals(200, post("/lead/", Map.of("name", "Acme")).status);
        assertEquals(1, crm.leadCount());
    }

    @Test
    void consumesFaultsInOrderAndCreatedThen502StoresExactlyOneLead() throws Exception {
        crm.faults().on("POST /lead/", Fault.STATUS_503, 1)
                .on("POST /lead/", Fault.CREATED_THEN_502, 1)
                .on("GET /lead/", Fault.STATUS_500, 1);
        assertEquals(503, post("/lead/", Map.of("name", "Acme")).status);
        assertEquals(0, crm.leadCount());
        Response gateway = post("/lead", Map.of("name", "Acme")); // missing slash still matches the fault
        assertEquals(502, gateway.status);
        assertTrue(gateway.headers.firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals(1, crm.leadCount());
        assertEquals("Acme", crm.leads().get(0).get("name"));
        assertEquals(500, get("/lead/").status);
        assertEquals(200, get("/lead/").status);
        assertEquals(2, crm.requestCount("POST /lead/"));
        assertEquals(4, crm.requestCountTotal());

        crm.reset();
        assertEquals(0, crm.leadCount());
        assertEquals(0, crm.requestCountTotal());
    }

    @Test
    void aTokenBucketSaysNothingUntilItRefuses() throws Exception {
        crm.limiter(Limiter.BUCKET).rateLimit(5);
        for (int i = 0; i < 5; i++) { // a second's worth of burst
            Response admitted = get("/lead/");
            assertEquals(200, admitted.status);
            assertTrue(admitted.headers.firstValue("RateLimit").isEmpty(), "a silent limiter announces nothing");
        }
        Response refused = get("/lead/");
        assertEquals(429, refused.status);
        String header = refused.headers.firstValue("RateLimit").orElseThrow();
        double reset = Double.parseDouble(header.replaceAll(".*reset=([0-9.]+).*", "$1"));
        assertTrue(reset > 0 && reset <= 0.2, "reset is the time to the next token (0.2 s at 5/s): " + header);
        await("a token came back").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/lead/").status == 200);
    }

    @Test
    void onAStepPerRequestTheBucketRefusesByTheRequestsAlone() throws Exception {
        // 4 tokens a second, 125 ms a request: each request takes a token and brings half of one back
        crm.limiter(Limiter.BUCKET).rateLimit(4).rateLimitStep(Duration.ofMillis(125));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(get("/lead/?_skip=" + i).status);
        }
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 429, 200, 429, 200, 429), statuses,
                "the burst of 4 lasts 7 requests, then every other one passes");
        assertEquals(3, crm.rateLimitedCount());
        assertEquals(0, crm.askedTooSoonCount(), "no refused request was asked again");

        crm.reset();
        assertEquals(200, get("/lead/").status, "reset: a full bucket, its time from the start again");
    }

    @Test
    void aHiddenOrganizationLimitRefusesUnderTheAnnouncedOne() throws Exception {
        crm.rateLimit(100).organizationRateLimit(3);
        for (int i = 0; i < 3; i++) {
            Response admitted = get("/lead/");
            assertEquals(200, admitted.status);
            assertTrue(admitted.headers.firstValue("RateLimit").orElseThrow().contains("limit=100"),
                    "the answer announces only the per-key window");
        }
        assertEquals(429, get("/lead/").status);
        assertEquals(1, crm.rateLimitedCount());
    }

    @Test
    void createdThenCloseStoresTheLeadAndAnswersNothing() throws Exception {
        crm.faults().on("POST /lead/", Fault.CREATED_THEN_CLOSE, 1);
        assertThrows(IOException.class, () -> post("/lead/", Map.of("name", "Acme")));
        assertEquals(1, crm.leadCount());
    }

    @Test
    void createdThenTimeoutStoresTheLeadAndAnswersTooLate() throws Exception {
        crm.faults().on("POST /lead/", Fault.CREATED_THEN_TIMEOUT, 1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(crm.closeBaseUrl() + "/lead/"))
                .timeout(Duration.ofMillis(300)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Acme\"}")).build();
        assertThrows(HttpTimeoutException.class, () -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, crm.leadCount());
    }

    @Test
    void aSequenceFollowsOneRequestWhateverElseComesBetween() throws Exception {
        crm.faults().sequence("POST /lead/", Fault.STATUS_429, Fault.CREATED_THEN_502);
        assertEquals(429, post("/lead/", Map.of("name", "Acme")).status);
        assertEquals(200, post("/lead/", Map.of("name", "Other")).status, "another request is not the sequence's");
        assertEquals(502, post("/lead/", Map.of("name", "Acme")).status, "the same request sent again meets the next fault");
        assertEquals(200, post("/lead/", Map.of("name", "Acme")).status, "then it is answered normally");
        assertEquals(3, crm.leadCount());
    }

    @Test
    void aRandomMixRepeatsForTheSameSeedWhateverTheOrder() throws Exception {
        Map<Fault, Double> mix = Map.of(Fault.STATUS_503, 0.5);
        List<Integer> first = new ArrayList<>();
        crm.faults().random("POST /lead/", 7, mix);
        for (String name : List.of("A", "B", "C", "D", "E", "F", "A", "B", "C")) {
            first.add(post("/lead/", Map.of("name", name)).status);
        }
        crm.reset();
        crm.faults().random("POST /lead/", 7, mix);
        Map<String, List<Integer>> byLead = new LinkedHashMap<>();
        for (String name : List.of("F", "E", "D", "C", "B", "A", "C", "B", "A")) {
            byLead.computeIfAbsent(name, n -> new ArrayList<>()).add(post("/lead/", Map.of("name", name)).status);
        }
        List<String> order = List.of("A", "B", "C", "D", "E", "F", "A", "B", "C");
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            int attempt = seen.merge(name, 1, Integer::sum) - 1;
            assertEquals(first.get(i), byLead.get(name).get(attempt), name + " attempt " + attempt);
        }
        assertTrue(first.contains(503) && first.contains(200), "a 0.5 mix over 9 requests meets both: " + first);
    }

    @Test
    void settingsByNameConfigureLimiterAndFaults() throws Exception {
        Map<String, String> settings = Map.of("rate-limit", "2", "limiter", "bucket", "faults", "created-then-502:1.0");
        SandboxSettings.apply(crm, settings::get);
        assertEquals(502, post("/lead/", Map.of("name", "Acme")).status);
        assertEquals(1, crm.leadCount());
        assertEquals(200, get("/lead/").status);
        assertEquals(200, get("/lead/").status);
        assertEquals(429, get("/lead/").status);
        assertThrows(IllegalArgumentException.class, () -> SandboxSettings.apply(crm, Map.of("faults", "429")::get));
        assertThrows(IllegalArgumentException.class, () -> SandboxSettings.apply(crm, Map.of("limiter", "leaky")::get));
    }

    private static Map<String, Object> nameIs(String phrase) {
        return Map.of("type", "field_condition",
                "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", "name"),
                "condition", Map.of("type", "text", "mode", "phrase", "value", phrase));
    }

    private static Map<String, Object> hasEmail(String email) {
        return Map.of("type", "has_related", "this_object_type", "lead", "related_object_type", "contact",
                "related_query", Map.of("type", "has_related", "this_object_type", "contact",
                        "related_object_type", "contact_email", "related_query", Map.of("type", "field_condition",
                                "field", Map.of("type", "regular_field", "object_type", "contact_email", "field_name", "email"),
                                "condition", Map.of("type", "text", "mode", "phrase", "value", email))));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> searchData(Map<String, Object> body) throws Exception {
        Response answer = post("/data/search/", body);
        assertEquals(200, answer.status, answer.body);
        return (List<Map<String, Object>>) answer.json().get("data");
    }

    @Test
    void advancedFilteringFindsLeadsByNameAndByContactEmail() throws Exception {
        crm.createLead(Map.of("name", "Acme Corp", "contacts", List.of(Map.of("name", "Ann",
                "emails", List.of(Map.of("email", "ann@acme.example.com"))))));
        crm.createLead(Map.of("name", "Acme Corporation West"));
        crm.createLead(Map.of("name", "Beta GmbH", "contacts", List.of(Map.of("name", "Ben",
                "emails", List.of(Map.of("email", "ben@beta.example.com"))))));

        List<Map<String, Object>> byName = searchData(Map.of("query", Map.of("type", "and", "queries",
                List.of(Map.of("type", "object_type", "object_type", "lead"), nameIs("acme corp"))),
                "_fields", Map.of("lead", List.of("id", "name"))));
        assertEquals(List.of("Acme Corp"), byName.stream().map(l -> l.get("name")).toList(),
                "a phrase matches whole words, ignoring case");
        assertEquals("lead", byName.get(0).get("__object_type"));

        List<Map<String, Object>> either = searchData(Map.of("query", Map.of("type", "or", "queries",
                List.of(hasEmail("ben@beta.example.com"), nameIs("Acme Corporation West"))),
                "_fields", Map.of("lead", List.of("name"))));
        assertEquals(List.of("Acme Corporation West", "Beta GmbH"), either.stream().map(l -> l.get("name")).sorted().toList());

        List<Map<String, Object>> bare = searchData(Map.of("query", nameIs("beta")));
        assertEquals(Set.of("__object_type", "id"), bare.get(0).keySet(), "without _fields only ids come back");

        assertEquals(400, post("/data/search/", Map.of("query", Map.of("type", "magic"))).status,
                "an unsupported query is refused, never taken for an empty result");
    }

    @Test
    @SuppressWarnings("unchecked")
    void advancedFilteringSortsByDateAndWalksACursor() throws Exception {
        for (int i = 0; i < 7; i++) {
            crm.createLead(Map.of("name", "Lead " + i));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", Map.of("type", "field_condition",
                "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", "date_updated"),
                "condition", Map.of("type", "moment_range", "on_or_after", Map.of("type", "fixed_utc", "value", "2000-01-01T00:00:00Z"))));
        body.put("sort", List.of(Map.of("direction", "desc",
                "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", "date_updated"))));
        body.put("_fields", Map.of("lead", List.of("name", "date_updated")));
        body.put("_limit", 3);
        List<Object> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            Map<String, Object> page = post("/data/search/", body).json();
            ((List<Map<String, Object>>) page.get("data")).forEach(l -> names.add(l.get("name")));
            cursor = (String) page.get("cursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(List.of("Lead 6", "Lead 5", "Lead 4", "Lead 3", "Lead 2", "Lead 1", "Lead 0"), names,
                "newest first, each once");
        body.put("cursor", "cursor_unknown");
        assertEquals(400, post("/data/search/", body).status, "an unknown or expired cursor is refused");
    }

    @Test
    void deletesLeadsAndContactsAsCloseDoes() throws Exception {
        Map<String, Object> acme = crm.createLead(Map.of("name", "Acme",
                "contacts", List.of(Map.of("name", "Ann"), Map.of("name", "Bob"))));
        String globex = (String) crm.createLead(Map.of("name", "Globex")).get("id");
        String acmeId = (String) acme.get("id");
        String ann = (String) ((Map<?, ?>) list(acme, "contacts").get(0)).get("id");
        String bob = (String) ((Map<?, ?>) list(acme, "contacts").get(1)).get("id");

        Response annFound = get("/contact/" + ann + "/");
        assertEquals(200, annFound.status, annFound.body);
        assertEquals(acmeId, annFound.json().get("lead_id"));
        Response deleted = send("DELETE", crm.closeBaseUrl() + "/contact/" + ann + "/", null);
        assertEquals(200, deleted.status, deleted.body);
        assertEquals(Map.of(), deleted.json());
        assertEquals(404, send("DELETE", crm.closeBaseUrl() + "/contact/" + ann + "/", null).status, "a second DELETE");
        assertEquals(404, get("/contact/" + ann + "/").status);
        Map<String, Object> left = get("/lead/" + acmeId + "/").json();
        assertEquals(List.of(bob), list(left, "contacts").stream().map(c -> ((Map<?, ?>) c).get("id")).toList());
        assertTrue(Timestamps.compare((String) left.get("date_updated"), (String) acme.get("date_updated")) >= 0);

        assertEquals(200, send("DELETE", crm.closeBaseUrl() + "/lead/" + acmeId + "/", null).status);
        assertEquals(404, send("DELETE", crm.closeBaseUrl() + "/lead/" + acmeId + "/", null).status, "a second DELETE");
        assertEquals(404, get("/lead/" + acmeId + "/").status);
        assertEquals(404, get("/contact/" + bob + "/").status, "its contacts went with it");
        assertEquals(List.of(globex), crm.leads().stream().map(l -> l.get("id")).toList());
        assertEquals(globex, get("/lead/" + globex + "/").json().get("id"), "the others keep their places");
        assertEquals(1, ((Number) get("/lead/").json().get("total_results")).intValue());
    }

    @Test
    void putPatchesOnlyTheFieldsItNames() throws Exception {
        String industry = crm.customFieldIds().get("Industry");
        Map<String, Object> created = crm.createLead(Map.of("name", "Acme", "description", "keep me",
                "contacts", List.of(Map.of("name", "Ann")), "custom." + industry, "Retail"));
        String id = (String) created.get("id");

        Response patched = send("PUT", crm.closeBaseUrl() + "/lead/" + id + "/",
                MAPPER.writeValueAsString(Map.of("url", "https://acme.example.com", "status", "Qualified")),
                "Content-Type", "application/json");
        assertEquals(200, patched.status, patched.body);
        Map<String, Object> lead = get("/lead/" + id + "/").json();
        assertEquals("https://acme.example.com", lead.get("url"));
        assertEquals("Qualified", lead.get("status_label"));
        assertEquals("keep me", lead.get("description"));
        assertEquals("Retail", lead.get("custom." + industry));
        assertEquals(1, ((List<?>) lead.get("contacts")).size());
        assertEquals(created.get("date_created"), lead.get("date_created"));

        Map<String, Object> unset = new LinkedHashMap<>();
        unset.put("custom." + industry, null);
        send("PUT", crm.closeBaseUrl() + "/lead/" + id + "/", MAPPER.writeValueAsString(unset), "Content-Type", "application/json");
        assertNull(get("/lead/" + id + "/").json().get("custom." + industry));
        assertEquals(404, send("PUT", crm.closeBaseUrl() + "/lead/lead_missing/", "{}", "Content-Type", "application/json").status);
        assertEquals(1, crm.leadCount());
    }

    @Test
    void hangOutlastsClientTimeoutAndEndsOnClose() throws Exception {
        crm.faults().on("GET /status/lead/", Fault.HANG, 1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(crm.closeBaseUrl() + "/status/lead/"))
                .timeout(Duration.ofMillis(300)).build();
        assertThrows(HttpTimeoutException.class, () -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        // close() must not wait for the hanging request (it would wait for ever: the hang ends on close)
        assertTimeoutPreemptively(Duration.ofSeconds(10), crm::close, "close() waited for a hanging request");
    }

    @Test
    void requiresApiKeyWhenConfigured() throws Exception {
        crm.requireApiKey("secret-key");
        Response anonymous = get("/status/lead/");
        assertEquals(401, anonymous.status);
        assertNotNull(anonymous.json().get("error"));
        assertEquals(401, send("GET", crm.closeBaseUrl() + "/status/lead/", null,
                "Authorization", basic("wrong-key")).status);
        assertEquals(401, send("GET", crm.closeBaseUrl() + "/status/lead/", null,
                "Authorization", "Bearer secret-key").status);
        assertEquals(200, send("GET", crm.closeBaseUrl() + "/status/lead/", null,
                "Authorization", basic("secret-key")).status);
        assertEquals(4, crm.requestCount("GET /status/lead/"));
    }

    @Test
    void latencyDoesNotSerialiseConcurrentClients() throws Exception {
        crm.latencyMillis(1_000); // long enough for all 16 to arrive while the first still waits
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(crm.closeBaseUrl() + "/status/lead/")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get().statusCode());
        }
        assertEquals(16, crm.mostRequestsInFlight(), "all 16 were answered at once, none waited for another's latency");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static void assertRateLimitSignal(RateLimitForm form, Response response, int limit) throws IOException {
        assertEquals(429, response.status);
        HttpHeaders headers = response.headers;
        switch (form) {
            case RATELIMIT_COMMA, RATELIMIT_SEMICOLON -> {
                String separator = form == RateLimitForm.RATELIMIT_COMMA ? ", " : "; ";
                String header = headers.firstValue("RateLimit").orElseThrow();
                assertTrue(header.matches("limit=" + limit + separator + "remaining=0" + separator
                        + "reset=[0-9]+(\\.[0-9]+)?"), header);
                assertTrue(response.json().get("error") instanceof String);
            }
            case RETRY_AFTER -> {
                assertEquals("1", headers.firstValue("Retry-After").orElseThrow());
                assertFalse(headers.firstValue("RateLimit").isPresent());
            }
            case RATELIMIT_RESET -> {
                double reset = Double.parseDouble(headers.firstValue("RateLimit-Reset").orElseThrow());
                assertTrue(reset > 0 && reset <= 1, "reset " + reset);
                assertFalse(headers.firstValue("RateLimit").isPresent());
            }
            case LEGACY_BODY -> {
                assertFalse(headers.firstValue("RateLimit").isPresent());
                Map<?, ?> error = (Map<?, ?>) response.json().get("error");
                assertEquals(limit, error.get("rate_limit"));
                assertEquals(1, error.get("rate_window"));
                double reset = ((Number) error.get("rate_reset")).doubleValue();
                assertTrue(reset > 0 && reset <= 1, "rate_reset " + reset);
            }
            case NO_BODY -> {
                assertTrue(headers.firstValue("RateLimit").orElseThrow().contains("remaining=0"));
                assertEquals("", response.body);
            }
        }
    }

    /** Sends until a 429 arrives: the first call after an allowed one normally hits the same 1 s window. */
    private static Response firstRateLimited(String url) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            Response response = send("GET", url, null);
            if (response.status == 429) {
                return response;
            }
        }
        throw new AssertionError("no 429 from " + url);
    }

    private void seed(int count) {
        List<String> statuses = new ArrayList<>(crm.statusIds().values());
        for (int i = 1; i <= count; i++) {
            crm.createLead(Map.of("name", "Lead " + i, "status_id", statuses.get(i % statuses.size()),
                    "contacts", List.of(Map.of("name", "Contact " + i,
                            "emails", List.of(Map.of("email", "Contact" + i + "@Example.com")),
                            "phones", List.of(Map.of("phone", "+155500000" + String.format("%02d", i)))))));
        }
    }

    private Map<String, Object> pagedGet(String url) throws Exception {
        Response response = send("GET", url, null, "Authorization", "Bearer t0k3n");
        assertEquals(200, response.status, response.body);
        return response.json();
    }

    private Response get(String closePath) throws Exception {
        return send("GET", crm.closeBaseUrl() + closePath, null);
    }

    private Response post(String closePath, Object payload) throws Exception {
        return send("POST", crm.closeBaseUrl() + closePath, MAPPER.writeValueAsString(payload),
                "Content-Type", "application/json");
    }

    static Response send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<Object> list(Map<?, ?> object, String key) {
        @SuppressWarnings("unchecked")
        List<Object> value = (List<Object>) object.get(key);
        return value;
    }

    private static List<Object> names(Map<String, Object> page) {
        return list(page, "data").stream().<Object>map(lead -> ((Map<?, ?>) lead).get("name")).toList();
    }

    private static List<Object> companies(Map<String, Object> page) {
        return list(page, "data").stream().<Object>map(item -> ((Map<?, ?>) item).get("company")).toList();
    }

    private static Map<?, ?> fieldErrors(Response response) throws IOException {
        assertEquals(400, response.status, response.body);
        return (Map<?, ?>) response.json().get("field-errors");
    }

    record Response(int status, HttpHeaders headers, String body) {
        Map<String, Object> json() throws IOException {
            return MAPPER.readValue(body, new TypeReference<>() {
            });
        }
    }
}
