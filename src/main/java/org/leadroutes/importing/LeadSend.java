package org.leadroutes.importing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.leadroutes.mapping.DroppedValue;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.matching.Match;
import org.leadroutes.matching.MergePlan;

/**
 * One lead on its way to the CRM: the flow's variable {@value ImportFlow#LEAD} in a split copy of the drop.
 * What the look-up matched decides the way (left out, merged into the lead found, looked up again after a
 * crash, or created); each step records its outcome in the drop, once.
 */
public final class LeadSend {

    private final PendingLead lead;
    private final Match match;
    private final Instant inFlightAtStop;
    private MergePlan plan;
    private final List<String> contactsAdded = new ArrayList<>();
    private boolean settled;
    private volatile boolean sent;
    private int resent;
    private String mergeTurn;
    private Map<String, Object> mergedInto;
    private Instant sentAt;
    private Map<String, Object> payloadSent;
    private final Map<Long, List<DroppedValue>> refused = new java.util.LinkedHashMap<>();

    LeadSend(PendingLead lead, Match match, Instant inFlightAtStop) {
        this.lead = lead;
        this.match = match;
        this.inFlightAtStop = inFlightAtStop;
    }

    public PendingLead lead() {
        return lead;
    }

    public Match match() {
        return match;
    }

    /** The look-up of its batch failed: whether the CRM has it cannot be told, so it is not created. */
    public boolean notLookedUp() {
        return match.failure() != null;
    }

    /** Several CRM leads match it by one key. */
    public boolean ambiguous() {
        return match.ambiguous();
    }

    /** One CRM lead matches it. */
    public boolean matched() {
        return match.found();
    }

    /** An earlier run sent it and stopped before the answer: it is looked up before any create. */
    public boolean inFlightAtStop() {
        return inFlightAtStop != null;
    }

    Instant sentBeforeStop() {
        return inFlightAtStop;
    }

    /** Whether its outcome is recorded already (found by the look-up after a crash), so nothing is sent. */
    public boolean settled() {
        return settled;
    }

    void settle() {
        settled = true;
    }

    /**
     * Whether the ledger may record it as not created after a call of this drop that the CRM did not apply: not
     * when an earlier run's send of it is still unresolved (it was in flight at a stop, and not sent again yet).
     */
    boolean unresolvedFromEarlierRun() {
        return inFlightAtStop != null && !sent;
    }

    /** The merge into the matched lead, once planned; null for a skip or a dry run. */
    MergePlan plan() {
        return plan;
    }

    void plan(MergePlan plan) {
        this.plan = plan;
    }

    /** Whether the merge writes to the CRM (contacts to add, fields to fill). */
    public boolean merges() {
        return plan != null;
    }

    /** How many contacts the merge adds: the turns of the flow's loop. */
    public int contactsToAdd() {
        return plan == null ? 0 : plan.contacts().size();
    }

    /** Whether the merge fills empty fields of the matched lead. */
    public boolean fillsFields() {
        return plan != null && !plan.patch().isEmpty();
    }

    List<String> contactsAdded() {
        return contactsAdded;
    }

    /** The lead holds the matched CRM lead's turn to merge, planned against {@code lead} as it stands. */
    void mergeTurn(String leadId, Map<String, Object> lead) {
        mergeTurn = leadId;
        mergedInto = lead;
    }

    /** The CRM lead whose merge turn this lead holds, or null. */
    String mergeTurn() {
        return mergeTurn;
    }

    /** The CRM lead as it stood when the merge was planned. */
    Map<String, Object> mergedInto() {
        return mergedInto;
    }

    /**
     * The create is sent by this drop (first, or again without refused fields; the ledger says "sending" in this
     * drop's words): when, and what.
     */
    void sent(Instant at, Map<String, Object> payload) {
        sent = true;
        if (sentAt == null) {
            sentAt = at;
        }
        payloadSent = payload;
    }

    /** When the create was first sent, or null when it was not (a merge, a lead looked up after a crash). */
    Instant sentAt() {
        return sentAt;
    }

    Map<String, Object> payloadSent() {
        return payloadSent;
    }

    /** How often the create was sent again without fields the CRM refused (at most once, by {@code RetryRule}). */
    int resent() {
        return resent;
    }

    /** The create is sent again without the values the CRM refused, each by the line of the row it came from. */
    void resendingWithout(Map<Long, List<DroppedValue>> values) {
        resent++;
        values.forEach((line, dropped) -> refused.computeIfAbsent(line, l -> new ArrayList<>()).addAll(dropped));
    }

    /** The values the CRM refused, left out of the lead sent again, by row line. */
    Map<Long, List<DroppedValue>> refused() {
        return refused;
    }

    String name() {
        return String.valueOf(lead.payload().get("name"));
    }
}
