package org.leadroutes.importing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.leadroutes.crm.CrmOutageException;
import org.leadroutes.crm.CrmOutcomeUnknownException;
import org.leadroutes.crm.CrmRequest;
import org.leadroutes.matching.LeadMatcher;
import org.leadroutes.matching.MergePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating a lead (bean {@value ImportFlow#SENDING}): the intent recorded in the ledger before
 * {@code POST /lead/}, the answer recorded after it, and what a failure means: refused (its rows rejected
 * with the CRM's words), given up (nothing created: dropping the file again sends it), uncertain (never sent
 * again). A lead an earlier run sent without hearing the answer is looked up by name first.
 */
public class SendSteps {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** A lead's way begins: it is the variable {@value ImportFlow#LEAD}, counted until {@link #end}. */
    public void begin(@Variable(ImportFlow.DROP) Drop drop, LeadSend lead, Exchange exchange) {
        drop.leadStarted();
        exchange.setVariable(ImportFlow.LEAD, lead);
    }

    /** A lead's way ended, whatever it ended with. */
    public void end(@Variable(ImportFlow.DROP) Drop drop) {
        drop.leadEnded();
    }

    /** A dry run: the lead's payload goes to the payloads file, nothing to the CRM. */
    public void preview(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead) throws IOException {
        drop.outcomes().preview(lead.lead());
    }

    /**
     * Makes the exchange the look-up of a lead an earlier run sent, by its name, through Advanced Filtering:
     * leads whose name holds the name as a phrase; the exact name is compared when the answer comes.
     */
    public void lookingUp(@Variable(ImportFlow.LEAD) LeadSend lead, Exchange exchange) {
        CrmRequest.read(exchange, "POST", "/data/search/", null);
        exchange.getMessage().setBody(LeadMatcher.byName(lead.name(), List.of("id", "name", "date_created", "contacts"), 50));
    }

    /**
     * Whether the look-up found the lead the earlier run created: same name, created after that run sent it
     * (less a margin for clock skew). Found: recorded as created, and settled. Not found: it is sent.
     */
    @SuppressWarnings("unchecked")
    public void recognise(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                          Map<String, Object> answer) {
        Instant after = lead.sentBeforeStop().minus(CLOCK_SKEW);
        for (Map<String, Object> candidate : (List<Map<String, Object>>) answer.getOrDefault("data", List.of())) {
            Object created = candidate.get("date_created");
            if (lead.name().equalsIgnoreCase(String.valueOf(candidate.get("name")))
                    && created != null && !OffsetDateTime.parse(created.toString()).toInstant().isBefore(after)) {
                LOG.info("{}: '{}' was created before the import stopped; recorded, not sent again",
                        drop.name().file(), candidate.get("name"));
                drop.outcomes().created(lead.lead(), String.valueOf(candidate.get("id")),
                        MergePlan.of(lead.lead().payload(), candidate).existingIds());
                lead.settle();
                return;
            }
        }
    }

    /** The look-up itself failed: whether the lead exists cannot be told, so it is not sent. */
    public void recoverFailed(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        drop.outcomes().uncertain(lead.lead(), "uncertain: the import stopped while this lead was being sent, and looking"
                + " it up failed (" + e.getMessage() + "); check the CRM for '" + lead.name()
                + "' before importing these rows again");
        lead.settle();
    }

    /** Records the intent to create the lead in the ledger, then makes the exchange the {@code POST /lead/}. */
    public void sending(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead, Exchange exchange) {
        drop.outcomes().sending(lead.lead());
        lead.sent();
        CrmRequest.set(exchange, "POST", "/lead/", null);
        exchange.getMessage().setBody(lead.lead().payload());
    }

    /** The CRM created the lead: its id and its contacts' ids, for the ledger and the results file. */
    public void created(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                        Map<String, Object> answer) {
        List<String> contactIds = new ArrayList<>();
        if (answer.get("contacts") instanceof List<?> contacts) {
            for (Object contact : contacts) {
                contactIds.add(contact instanceof Map<?, ?> c && c.get("id") != null ? c.get("id").toString() : null);
            }
        }
        drop.outcomes().created(lead.lead(), String.valueOf(answer.get("id")), contactIds);
    }

    /** The CRM refused the lead (400 and the like): its rows go to the rejects file with the CRM's words. */
    public void refused(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                        @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        drop.outcomes().notCreated(lead.lead(), "refused by the CRM: " + e.getMessage());
    }

    /** The write may or may not have happened: never sent again, reported for a person to check. */
    public void uncertain(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                          @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) CrmOutcomeUnknownException e) {
        drop.outcomes().uncertain(lead.lead(), "uncertain: " + e.getMessage() + "; check the CRM for '" + lead.name()
                + "' before importing these rows again");
    }

    /**
     * The CRM does not take calls now ({@link CrmOutageException}: its retries or the wait for the rate limit ran
     * out, it cannot be reached, or it refuses the key): nothing was applied. The ledger says so (the next try
     * sends it without a look-up first; a send an earlier run left unresolved stays as it was), and the drop
     * stops: it ends waiting for the CRM ({@link ImportSteps#finish}).
     */
    public void gaveUp(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) CrmOutageException e) {
        if (!lead.unresolvedFromEarlierRun()) {
            drop.outcomes().notSent(lead.lead());
        }
        drop.crmOutage(e);
    }
}
