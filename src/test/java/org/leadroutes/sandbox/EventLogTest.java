package org.leadroutes.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox's event log ({@code GET /event/}) and merge ({@code POST /lead/merge/}) over real HTTP, as Close documents them. */
class EventLogTest {

    private SandboxCrm crm;

    @BeforeEach
    void start() {
        crm = new SandboxCrm().start();
    }

    @AfterEach
    void stop() {
        crm.close();
    }

    private String lead(String name, String contact) {
        Map<String, Object> payload = contact == null ? Map.of("name", name)
                : Map.of("name", name, "contacts", List.of(Map.of("name", contact)));
        return (String) crm.createLead(payload).get("id");
    }

    private SandboxCrmTest.Response call(String method, String path, String body) throws Exception {
        return body == null ? SandboxCrmTest.send(method, crm.closeBaseUrl() + path, null)
                : SandboxCrmTest.send(method, crm.closeBaseUrl() + path, body, "Content-Type", "application/json");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> data(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("data");
    }

    @Test
    void deletedAndMergedLeadsAreEventsNewestFirstWithWhatTheyWereAndWhereTheyWent() throws Exception {
        String acme = lead("Acme", "Ann");
        String globex = lead("Globex", "Gus");
        String initech = lead("Initech", null);

        assertEquals(200, call("POST", "/lead/merge/", "{\"source\":\"" + globex + "\",\"destination\":\"" + acme + "\"}").status());
        assertEquals(200, call("DELETE", "/lead/" + initech + "/", null).status());

        Map<String, Object> merged = call("GET", "/event/?object_type=lead&action=merged", null).json();
        assertEquals(1, data(merged).size(), merged.toString());
        Map<String, Object> event = data(merged).get(0);
        assertEquals(Map.of("merge_source_lead_id", globex, "merge_destination_lead_id", acme), event.get("meta"));
        assertEquals(acme, event.get("lead_id"));
        Map<String, Object> deleted = data(call("GET", "/event/?object_type=lead&action=deleted", null).json()).get(0);
        assertEquals(initech, deleted.get("object_id"));
        assertEquals("Initech", ((Map<?, ?>) deleted.get("previous_data")).get("name"));

        assertEquals(404, call("GET", "/lead/" + globex + "/", null).status(), "the merged-away lead is gone");
        List<?> contacts = (List<?>) call("GET", "/lead/" + acme + "/", null).json().get("contacts");
        assertEquals(2, contacts.size(), "the source's contacts moved to the destination");
        assertEquals(400, call("POST", "/lead/merge/", "{\"source\":\"" + globex + "\",\"destination\":\"" + acme + "\"}").status(),
                "a source that is gone");

        List<Map<String, Object>> all = data(call("GET", "/event/?lead_id=" + acme, null).json());
        assertEquals(List.of("merged", "created"), all.stream().map(e -> e.get("action")).toList(), "newest first");
    }

    @Test
    void onlyCloseFilterCombinationsAreTakenAndSkipIsRefused() throws Exception {
        lead("Acme", null);
        assertEquals(400, call("GET", "/event/?action=deleted", null).status(), "a bare action");
        assertEquals(400, call("GET", "/event/?object_type=lead&request_id=x", null).status());
        assertEquals(400, call("GET", "/event/?object_type=lead&action=deleted&_skip=50", null).status());
        assertEquals(400, call("GET", "/event/?object_type=lead&date_updated__gte=yesterday", null).status());
        assertEquals(200, call("GET", "/event/?object_type=lead&action=created&date_updated__gte=2026-01-01T00:00:00Z", null).status());
        assertEquals(200, call("GET", "/event/?user_id=user_x&object_type=lead&action=created", null).status());
    }

    @Test
    void cursorPagesFiftyAtMostTowardOlderEventsWithinTheDateBounds() throws Exception {
        Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
        crm.clock(settable(now));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ids.add(lead("Lead " + i, null));
        }
        for (int i = 0; i < 120; i++) {
            now[0] = Instant.parse("2026-12-01T00:02:00Z").plusSeconds(i);
            crm.deleteLead(ids.get(i));
        }
        // deletions 0..119 at 120..239 s past midnight: take those from 150 s (id 30) to before 230 s (id 110)
        String query = "/event/?object_type=lead&action=deleted&date_updated__gte=2026-12-01T00:02:30Z"
                + "&date_updated__lt=2026-12-01T00:03:50Z&_limit=500";
        List<String> seen = new ArrayList<>();
        Map<String, Object> page = call("GET", query, null).json();
        assertNull(page.get("cursor_previous"), "the first page is the newest");
        int pages = 1;
        while (true) {
            assertTrue(data(page).size() <= 50, "_limit is capped at 50");
            data(page).forEach(e -> seen.add((String) e.get("object_id")));
            if (page.get("cursor_next") == null) {
                break;
            }
            page = call("GET", query + "&_cursor=" + page.get("cursor_next"), null).json();
            pages++;
        }
        List<String> expected = new ArrayList<>(ids.subList(30, 110));
        java.util.Collections.reverse(expected);
        assertEquals(expected, seen, "newest first, each once, within the bounds");
        assertEquals(2, pages);
    }

    @Test
    void eventsOlderThanThirtyDaysOnTheSandboxClockAreGone() throws Exception {
        Instant[] now = {Instant.parse("2026-11-01T00:00:00Z")};
        crm.clock(settable(now));
        crm.deleteLead(lead("Old", null));
        now[0] = Instant.parse("2026-11-20T00:00:00Z");
        crm.deleteLead(lead("Recent", null));
        assertEquals(2, data(call("GET", "/event/?object_type=lead&action=deleted", null).json()).size());
        now[0] = Instant.parse("2026-12-01T00:00:01Z");
        List<Map<String, Object>> left = data(call("GET", "/event/?object_type=lead&action=deleted", null).json());
        assertEquals(List.of("Recent"), left.stream().map(e -> ((Map<?, ?>) e.get("previous_data")).get("name")).toList());
        assertEquals(2, crm.eventCount(), "the recent lead's created and deleted events");
    }

    /** A clock that reads {@code now[0]}, which the test moves. */
    static Clock settable(Instant[] now) {
        return new Clock() {
            @Override
            public Instant instant() {
                return now[0];
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }
}
