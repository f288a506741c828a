package org.leadroutes.importing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.leadroutes.crm.CrmRequest;
import org.leadroutes.matching.Match;
import org.leadroutes.matching.MergePlan;
import org.leadroutes.matching.OnMatch;

/**
 * The leads the CRM already has (bean {@value ImportFlow#MATCHING}): a batch's look-up by one Advanced Filtering
 * search ({@code POST /data/search/}, cursor-paged), and what a match means for a lead: left out (a failed
 * look-up, several leads matching), left alone ({@code on-match=skip}, a dry run) or merged into (the contacts
 * it lacks added, its empty fields filled).
 */
public class MatchSteps {

    private final ImportSettings settings;

    public MatchSteps(ImportSettings settings) {
        this.settings = settings;
    }

    /** Makes the exchange the search's next page for the batch's leads. */
    public void searchPage(@Variable(ImportFlow.BATCH) LeadBatch batch, Exchange exchange) {
        CrmRequest.set(exchange, "POST", "/data/search/", null);
        exchange.getMessage().setBody(batch.nextPage());
    }

    /** Keeps the page's leads as the batch's candidates. */
    public void candidates(@Variable(ImportFlow.BATCH) LeadBatch batch, Map<String, Object> answer) {
        batch.answered(answer);
    }

    /** The look-up failed, not for the credentials: the batch's leads are not created (a later drop may). */
    public void lookUpFailed(@Variable(ImportFlow.BATCH) LeadBatch batch,
                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        batch.failed(e.getMessage());
    }

    /** Whether the CRM has the lead cannot be told (its batch's look-up failed), so it is not created. */
    public void notLookedUp(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead) {
        drop.outcomes().refusedBeforeSending(lead.lead(), "not created: looking up the leads the CRM already has failed ("
                + lead.match().failure() + "); drop the same file again to retry (leads already created are skipped)");
    }

    /** Several leads in the CRM match by one key: it is given to none of them. */
    public void ambiguous(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead) {
        Match match = lead.match();
        drop.outcomes().refusedBeforeSending(lead.lead(), "not imported: " + match.candidates().size()
                + " leads in the CRM match by " + match.key() + " (" + String.join(", ", match.candidates())
                + "); name the one meant in a lead_id column, or merge them in the CRM first");
    }

    /**
     * The lead matched one CRM lead: with {@code on-match=skip} (or in a dry run) it is recorded as matched and
     * left alone; with {@code merge} or {@code update} the merge plan (contacts it lacks, empty fields) is made.
     */
    public void merging(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead)
            throws InterruptedException {
        Match match = lead.match();
        boolean writes = settings.onMatch() != OnMatch.SKIP && !settings.dryRun();
        Map<String, Object> crmLead = match.lead();
        if (writes) { // merges into one CRM lead go one after another, each planned against the lead as the last left it
            crmLead = drop.session().mergeTurns().take(match.leadId(), match.lead());
            lead.mergeTurn(match.leadId(), crmLead);
        }
        MergePlan plan = MergePlan.of(lead.lead().payload(), crmLead, settings.onMatch() == OnMatch.UPDATE);
        if (!writes) {
            String action = settings.onMatch() == OnMatch.SKIP ? "matched" : action(plan);
            drop.outcomes().matched(lead.lead(), match.leadId(), 0, false, plan.existingIds(),
                    settings.dryRun() ? wouldBe(action) : action);
            return;
        }
        lead.plan(plan);
    }

    /** Makes the exchange the {@code POST /contact/} of the loop's next contact. */
    public void addingContact(@Variable(ImportFlow.LEAD) LeadSend lead, @ExchangeProperty(Exchange.LOOP_INDEX) int index,
                              Exchange exchange) {
        CrmRequest.set(exchange, "POST", "/contact/", null);
        exchange.getMessage().setBody(lead.plan().contacts().get(index));
    }

    /** Keeps the id of a contact the merge added, for the results file. */
    public void contactAdded(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                             Map<String, Object> answer) {
        String id = answer == null || !(answer.get("id") instanceof String given) ? null : given; // no id: none recorded
        lead.contactsAdded().add(id);
        drop.outcomes().contactAdded(lead.plan().leadId(), id); // for an undo of the drop, at once
    }

    /** Makes the exchange the non-destructive {@code PUT /lead/{id}/} of the lead's empty fields. */
    public void fillingFields(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                              Exchange exchange) {
        // for an undo of the drop, before the call (a kill after it loses nothing): what is filled, what the fields
        // held before; an undo empties only those still as written, so a PUT that never applied takes nothing back
        drop.outcomes().fieldsFilled(lead.plan().leadId(), lead.plan().patch(), lead.mergedInto());
        CrmRequest.set(exchange, "PUT", "/lead/" + lead.plan().leadId() + "/", null);
        exchange.getMessage().setBody(lead.plan().patch());
    }

    /** The merge is done: recorded like a created lead, so the same content dropped again passes it over. */
    public void merged(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead) {
        MergePlan plan = lead.plan();
        List<String> contactIds = new ArrayList<>();
        Iterator<String> added = lead.contactsAdded().iterator();
        for (String existing : plan.existingIds()) {
            contactIds.add(existing != null ? existing : added.hasNext() ? added.next() : null);
        }
        drop.session().mergeTurns().done(lead.mergedInto(), plan, lead.contactsAdded());
        drop.outcomes().matched(lead.lead(), plan.leadId(), plan.contacts().size(), !plan.patch().isEmpty(), contactIds,
                action(plan));
    }

    /** The dry run's word for an action: {@code would-match}, {@code would-merge}, {@code would-update}. */
    private static String wouldBe(String action) {
        return "would-" + switch (action) {
            case "matched" -> "match";
            case "merged" -> "merge";
            default -> "update";
        };
    }

    /** What a merge plan does to the lead, in the results file's words. */
    private String action(MergePlan plan) {
        if (plan.changesNothing()) {
            return "matched";
        }
        return settings.onMatch() == OnMatch.UPDATE && !plan.patch().isEmpty() ? "updated" : "merged";
    }
}
