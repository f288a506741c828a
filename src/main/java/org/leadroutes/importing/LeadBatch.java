package org.leadroutes.importing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.matching.LeadMatcher;
import org.leadroutes.matching.Match;

/**
 * Up to {@value ImportSteps#BATCH} leads of a drop, looked up in the CRM together (one Advanced Filtering
 * search, paged by its cursor) and then sent: the flow's variable {@value ImportFlow#BATCH}.
 */
public final class LeadBatch {

    private final List<PendingLead> leads;
    private final Map<String, Object> search;
    private final List<Map<String, Object>> candidates = new ArrayList<>();
    private String cursor;
    private boolean searched;
    private String failure;

    LeadBatch(List<PendingLead> leads, LeadMatcher matcher) {
        this.leads = leads;
        this.search = matcher.enabled() ? matcher.search(leads) : null; // null: nothing to look up by
    }

    /** Whether the CRM is still to be asked for this batch's leads (matching on, and pages left). */
    public boolean searching() {
        return search != null && !searched && failure == null;
    }

    /** The body of the search's next page. */
    Map<String, Object> nextPage() {
        Map<String, Object> page = new LinkedHashMap<>(search);
        if (cursor != null) {
            page.put("cursor", cursor);
        }
        return page;
    }

    /** Takes a page of the search's answer; the cursor says whether another follows. */
    @SuppressWarnings("unchecked")
    void answered(Map<String, Object> answer) {
        if (answer.get("data") instanceof List<?> data) {
            data.forEach(item -> candidates.add((Map<String, Object>) item));
        }
        cursor = answer.get("cursor") instanceof String next && !next.isBlank() ? next : null;
        searched = cursor == null;
    }

    /** The look-up failed for a reason other than the credentials: none of this batch's leads is created. */
    void failed(String why) {
        failure = why;
    }

    /** Each lead of the batch with what it matched, ready to be sent. */
    List<LeadSend> sends(Drop drop) {
        LeadMatcher matcher = drop.session().matcher();
        List<LeadSend> sends = new ArrayList<>(leads.size());
        for (PendingLead lead : leads) {
            Match match = failure != null ? Match.failed(failure)
                    : search != null ? matcher.match(lead, candidates) : Match.none();
            sends.add(new LeadSend(lead, match, drop.session().inFlightAtStop(lead)));
        }
        return sends;
    }
}
