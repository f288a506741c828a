package org.leadroutes.importing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.leadroutes.matching.MergePlan;

/**
 * Merges into one CRM lead, one after another: several leads of a drop may match the same CRM lead (each row its
 * own lead with {@code leads.import.group-by-company=false}, or two companies sharing a contact's email). Each takes
 * the lead's turn before it plans its merge, and plans against the lead as the merges before it left it (their
 * contacts added, their fields filled), so no person is added twice and no fill is lost; it gives the turn back
 * when its way ends, however it ends.
 */
final class MergeTurns {

    private final Map<String, Semaphore> turns = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> merged = new ConcurrentHashMap<>();

    /** Waits for the CRM lead's turn; returns the lead as this drop's earlier merges left it (or as found). */
    Map<String, Object> take(String leadId, Map<String, Object> found) throws InterruptedException {
        turns.computeIfAbsent(leadId, id -> new Semaphore(1)).acquire();
        return merged.getOrDefault(leadId, found);
    }

    /** The merge was written: the lead as it is now, for the next merge into it. */
    void done(Map<String, Object> before, MergePlan plan, List<String> addedIds) {
        Map<String, Object> after = new LinkedHashMap<>(before);
        List<Object> contacts = new ArrayList<>(before.get("contacts") instanceof List<?> l ? l : List.of());
        for (int i = 0; i < plan.contacts().size(); i++) {
            Map<String, Object> added = new LinkedHashMap<>(plan.contacts().get(i));
            added.put("id", i < addedIds.size() ? addedIds.get(i) : null);
            contacts.add(added);
        }
        after.put("contacts", contacts);
        after.putAll(plan.patch());
        merged.put(plan.leadId(), after);
    }

    /** Gives the CRM lead's turn back. */
    void give(String leadId) {
        Semaphore turn = turns.get(leadId);
        if (turn != null) {
            turn.release();
        }
    }
}
