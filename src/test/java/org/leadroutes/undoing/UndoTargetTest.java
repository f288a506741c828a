package org.leadroutes.undoing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one write of a drop finds in the CRM decides whether it is taken back: only what is still as the drop left it. */
class UndoTargetTest {

    private static final Instant WROTE = Instant.parse("2026-12-07T10:00:00.001Z");

    private static UndoTarget lead(List<String> contacts, List<String> laterDrops) {
        return new UndoTarget(UndoTarget.Kind.LEAD, "lead_1", null, contacts, Map.of(), Map.of(), WROTE, laterDrops);
    }

    private static Map<String, Object> record(String updated, String... contactIds) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", "lead_1");
        r.put("display_name", "Acme");
        r.put("date_updated", updated);
        r.put("contacts", java.util.Arrays.stream(contactIds).map(id -> Map.of("id", id)).toList());
        return r;
    }

    @Test
    void aLeadAsTheDropLeftItIsDeletedAndOneChangedSinceIsKept() {
        UndoTarget same = lead(List.of("cont_a"), List.of());
        same.decide(record("2026-12-07T10:00:00.000900+00:00", "cont_a")); // stamped by the CRM before its answer came
        assertTrue(same.toUndo());
        assertEquals("lead created 'Acme' lead_1", same.described());

        UndoTarget edited = lead(List.of("cont_a"), List.of());
        edited.decide(record("2026-12-07T10:05:00.000000+00:00", "cont_a"));
        assertEquals(UndoTarget.Outcome.KEPT, edited.outcome());
        assertTrue(edited.detail().startsWith("changed since the drop: date_updated 2026-12-07T10:05"), edited.detail());

        UndoTarget grown = lead(List.of("cont_a"), List.of());
        grown.decide(record("2026-12-07T10:00:00.000000+00:00", "cont_a", "cont_b"));
        assertEquals(UndoTarget.Outcome.KEPT, grown.outcome(), "a contact someone added: kept, whatever the time says");

        UndoTarget merged = lead(List.of("cont_a"), List.of("week2.20261208-090000.000.csv"));
        merged.decide(record("2026-12-07T10:00:00.000000+00:00", "cont_a"));
        assertEquals("another drop merged into it: week2.20261208-090000.000.csv", merged.detail());
    }

    @Test
    void filledFieldsGoBackToEmptyButOneChangedSinceIsKept() {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("url", "https://acme.example.com");
        written.put("description", "Met at SaaStr");
        written.put("custom.cf_1", "Energy");
        UndoTarget fields = new UndoTarget(UndoTarget.Kind.FIELDS, "lead_1", null, List.of(), written,
                Map.of("custom.cf_1", "Oil"), WROTE, List.of());
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("url", "https://acme.example.com");
        now.put("description", "Called: wants a demo"); // edited since the drop
        now.put("custom.cf_1", "Energy");
        fields.decide(now);

        assertTrue(fields.toUndo());
        Map<String, Object> back = new LinkedHashMap<>();
        back.put("url", null);
        back.put("custom.cf_1", "Oil"); // what it held before (on-match=update): restored
        assertEquals(back, fields.patch());
        assertTrue(fields.partlyKept());
        assertEquals("url, custom.cf_1; changed since the drop: kept description", fields.fieldsWords());

        UndoTarget allChanged = new UndoTarget(UndoTarget.Kind.FIELDS, "lead_1", null, List.of(),
                Map.of("url", "https://acme.example.com"), Map.of(), WROTE, List.of());
        allChanged.decide(Map.of("url", "https://acme.com"));
        assertEquals(UndoTarget.Outcome.KEPT, allChanged.outcome());
        assertFalse(allChanged.toUndo());
    }
}
