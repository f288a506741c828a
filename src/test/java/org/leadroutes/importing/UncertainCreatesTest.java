package org.leadroutes.importing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.leadroutes.mapping.LeadAssembler;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.MappedRow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The look-up of uncertain creates on its own: pauses and the bounded wait on a test clock, what counts as found. */
class UncertainCreatesTest {

    private static final Instant SENT = Instant.parse("2026-12-05T10:00:00Z");

    /** A clock that the pauses move on: no real waiting. */
    private static final class TestClock extends Clock {
        Instant now = SENT;
        final List<Duration> pauses = new ArrayList<>();

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void pause(Duration d) {
            pauses.add(d);
            now = now.plus(d);
        }
    }

    private final TestClock clock = new TestClock();
    private final UncertainCreates creates = new UncertainCreates(Duration.ofSeconds(2), Duration.ofSeconds(7), clock);

    /** As the flow does: its delay step, then the search. */
    private void nextSearch() {
        Duration pause = creates.pauseBeforeNextSearch();
        if (!pause.isZero()) {
            clock.pause(pause);
        }
        creates.nextSearch();
    }

    private static PendingLead lead(String name) {
        MappedRow row = new MappedRow(2, "company:" + name.toLowerCase(), name, name, null, null, null, null, Map.of(),
                new MappedRow.Contact("Ann", null, List.of("ann@x.example"), List.of()), null, List.of(), List.of());
        return LeadAssembler.assemble(row.groupKey(), List.of(row));
    }

    private void add(String name) {
        PendingLead lead = lead(name);
        creates.add(lead, lead.payload(), "uncertain: 502", SENT, Map.of());
    }

    private static Map<String, Object> found(String id, String name, Instant created) {
        return Map.of("id", id, "name", name, "date_created", created.toString(),
                "contacts", List.of(Map.of("id", "cont_" + id, "name", "Ann", "emails", List.of(Map.of("email", "ann@x.example")))));
    }

    @Test
    void aLeadFoundAfterThePauseWasCreatedWithItsIdAndContacts() throws Exception {
        add("Acme");
        assertTrue(creates.searching());
        nextSearch();
        assertEquals(List.of(Duration.ofSeconds(2)), clock.pauses, "the search index is given its pause first");
        creates.answered(Map.of("data", List.of(found("lead_1", "ACME", SENT.plusSeconds(1)))));

        assertFalse(creates.searching());
        assertEquals(1, creates.found().size());
        assertEquals("lead_1", creates.found().get(0).foundId);
        assertEquals(List.of("cont_lead_1"), creates.found().get(0).contactIds);
    }

    @Test
    void aLeadNotFoundIsLookedForAgainUntilTheWaitIsOverAndStaysUncertain() throws Exception {
        add("Acme");
        int searches = 0;
        while (creates.searching()) {
            nextSearch();
            creates.answered(Map.of("data", List.of()));
            searches++;
        }
        assertEquals(3, searches, "pauses of 2 s within 7 s: at 2, 4 and 6 s");
        assertTrue(Duration.between(SENT, clock.now).compareTo(Duration.ofSeconds(7)) <= 0, "the wait is bounded");
        assertEquals(1, creates.unresolved().size());
        assertTrue(creates.lookedUp().contains("not found in the CRM by name"), creates.lookedUp());
    }

    @Test
    void aLeadOfThatNameCreatedBeforeItWasSentIsNotIt() throws Exception {
        add("Acme");
        nextSearch();
        creates.answered(Map.of("data", List.of(found("lead_old", "Acme", SENT.minus(Duration.ofDays(3))))));
        assertEquals(List.of(), creates.found());
    }

    @Test
    void twoLeadsOfThatNameCannotBeToldApartAndStayUncertain() throws Exception {
        add("Acme");
        nextSearch();
        creates.answered(Map.of("data", List.of(found("lead_1", "Acme", SENT.plusSeconds(1)),
                found("lead_2", "Acme", SENT.plusSeconds(2)))));
        assertEquals(List.of(), creates.found());
    }

    @Test
    void manyLeadsAreLookedUpTwentyFiveASearch() throws Exception {
        for (int i = 0; i < 30; i++) {
            add("Company " + i);
        }
        nextSearch();
        creates.answered(Map.of("data", List.of()));
        assertTrue(creates.searching(), "the second chunk of the pass");
        nextSearch();
        assertEquals(1, clock.pauses.size(), "one pause a pass, not a search");
    }

    @Test
    void aFailedSearchEndsTheLookUp() throws Exception {
        add("Acme");
        nextSearch();
        creates.failed("503 after 4 retries");
        assertFalse(creates.searching());
        assertTrue(creates.lookedUp().contains("failed (503"), creates.lookedUp());
    }
}
