package org.leadroutes.importing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    /** Its create was sent by this drop (the ledger says "sending" in this drop's words). */
    void sent() {
        sent = true;
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

    String name() {
        return String.valueOf(lead.payload().get("name"));
    }
}
