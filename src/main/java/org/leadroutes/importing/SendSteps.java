package org.leadroutes.importing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmOutageException;
import org.leadroutes.crm.CrmOutcomeUnknownException;
import org.leadroutes.crm.CrmRequest;
import org.leadroutes.crm.CrmValidationException;
import org.leadroutes.crm.RetryRule;
import org.leadroutes.mapping.DroppedValue;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.MappedRow;
import org.leadroutes.mapping.RefusedFields;
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

    /**
     * Several replicas: whether this process may still start leads ({@link ImportPermit}, bound by the replicas; one
     * process binds none and is always permitted). Refused (another replica may lead the import now), the drop is
     * handed over: this lead and the ones after it are left alone, {@code drop.stopping()} from here on.
     */
    public void askPermit(@Variable(ImportFlow.DROP) Drop drop, Exchange exchange) {
        String refusal = ImportPermit.refusalIn(exchange.getContext());
        if (refusal != null) {
            drop.handOver(refusal);
        }
    }

    /** A lead's way ended, whatever it ended with: a merge turn it holds is given back. */
    public void end(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead) {
        if (lead != null && lead.mergeTurn() != null) {
            drop.session().mergeTurns().give(lead.mergeTurn());
        }
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
        CrmRequest.set(exchange, "POST", "/data/search/", null);
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
                        drop.name().shown(), candidate.get("name"));
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
        lead.sent(drop.outcomes().uncertainCreates().now(), lead.lead().payload());
        CrmRequest.createKeepingIds(exchange, "/lead/");
        exchange.getMessage().setBody(lead.lead().payload());
    }

    /** The CRM created the lead: its id and its contacts' ids, for the ledger and the results file. */
    public void created(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                        Map<String, Object> answer) {
        List<String> contactIds = new ArrayList<>();
        if (answer.get(CrmRequest.Kept.CONTACTS) instanceof List<?> contacts) {
            for (Object contact : contacts) {
                contactIds.add(contact instanceof Map<?, ?> c && c.get(CrmRequest.Kept.ID) != null
                        ? c.get(CrmRequest.Kept.ID).toString() : null);
            }
        }
        drop.outcomes().created(lead.lead(), String.valueOf(answer.get(CrmRequest.Kept.ID)), contactIds,
                lead.refused());
    }

    /**
     * The CRM refused the create naming fields: when {@link RetryRule#mayResendWithout} allows (a 400 that names
     * fields, the first time) and each field can be left out, the exchange becomes the same {@code POST /lead/}
     * without them, and the values left out are named in the rows' warnings. Otherwise the refusal stands: it is
     * raised again, and the lead's rows are rejected with the CRM's words.
     */
    public void withoutRefusedFields(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) CrmException refusal,
                                     Exchange exchange) {
        RefusedFields.Stripped stripped = RetryRule.mayResendWithout(refusal, lead.resent())
                ? RefusedFields.strip(lead.lead().payload(), ((CrmValidationException) refusal).fieldErrors().keySet())
                : null;
        if (stripped == null) {
            throw refusal;
        }
        Map<String, String> errors = ((CrmValidationException) refusal).fieldErrors();
        Map<Long, List<DroppedValue>> values = new LinkedHashMap<>();
        stripped.removed().forEach((path, value) -> {
            DroppedValue dropped = new DroppedValue(path, String.valueOf(value), DroppedValue.Reason.REFUSED_BY_CRM,
                    "refused by the CRM (" + errors.get(path) + "): the lead was sent again without it");
            values.computeIfAbsent(rowOf(lead.lead(), path, value), line -> new ArrayList<>()).add(dropped);
        });
        // counted where they are written: in the results of a created lead (DropOutcomes), not here
        lead.resendingWithout(values);
        LOG.info("{}: '{}' refused by the CRM for {}; sent again without {}", drop.name().shown(), lead.name(),
                errors.keySet(), errors.size() == 1 ? "it" : "them");
        lead.sent(drop.outcomes().uncertainCreates().now(), stripped.payload());
        CrmRequest.createKeepingIds(exchange, "/lead/");
        exchange.getMessage().setBody(stripped.payload());
    }

    /** The line of the row a refused value came from: the contact's row for contacts.N…, a custom value's row, else the first. */
    private static long rowOf(PendingLead lead, String path, Object value) {
        java.util.regex.Matcher contact = java.util.regex.Pattern.compile("^contacts\\.(\\d+)\\.").matcher(path);
        for (int i = 0; i < lead.rows().size(); i++) {
            MappedRow row = lead.rows().get(i);
            if (contact.find(0) ? lead.rowContacts().get(i) == Integer.parseInt(contact.group(1))
                    : path.startsWith("custom.") && java.util.Objects.equals(row.custom().get(path), value)) {
                return row.row();
            }
        }
        return lead.rows().get(0).row();
    }

    /** The CRM refused the lead (400 and the like): its rows go to the rejects file with the CRM's words. */
    public void refused(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                        @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        drop.outcomes().notCreated(lead.lead(), "refused by the CRM: " + e.getMessage());
    }

    /**
     * The write may or may not have happened: never sent again. A create is looked up at the end of the drop
     * ({@link #reconcileSearch}); a merge's write is reported for a person to check.
     */
    public void uncertain(@Variable(ImportFlow.DROP) Drop drop, @Variable(ImportFlow.LEAD) LeadSend lead,
                          @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) CrmOutcomeUnknownException e) {
        if (lead.sentAt() != null && !lead.matched()) {
            drop.outcomes().uncertainCreate(lead.lead(), lead.payloadSent(), "uncertain: " + e.getMessage(),
                    lead.sentAt(), lead.refused());
            return;
        }
        drop.outcomes().uncertain(lead.lead(), "uncertain: " + e.getMessage() + "; check the CRM for '" + lead.name()
                + "' before importing these rows again");
    }

    /**
     * Makes the exchange the next search for the drop's uncertain creates, by name ({@code POST /data/search/}, a
     * read); the flow's delay step before it gave the CRM's search index its pause ({@link Drop#reconcilePauseMillis()}).
     */
    public void reconcileSearch(@Variable(ImportFlow.DROP) Drop drop, Exchange exchange) {
        Map<String, Object> search = drop.outcomes().uncertainCreates().nextSearch();
        CrmRequest.set(exchange, "POST", "/data/search/", null);
        exchange.getMessage().setBody(search);
    }

    /** A page of that search: the uncertain creates it shows were created. */
    public void reconciled(@Variable(ImportFlow.DROP) Drop drop, Map<String, Object> answer) {
        drop.outcomes().uncertainCreates().answered(answer);
    }

    /** The search failed: the uncertain creates not found yet stay uncertain (never sent again). */
    public void reconcileFailed(@Variable(ImportFlow.DROP) Drop drop,
                                @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        drop.outcomes().uncertainCreates().failed(e.getMessage());
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
