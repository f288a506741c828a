package org.leadroutes.importing;

import org.leadroutes.importing.inbox.DropWaits;
import org.leadroutes.importing.inbox.InboxPolls;
import org.leadroutes.importing.ledger.ImportReport;

/**
 * The names the import flow ({@code routes/import.yaml}) and the Java code share, declared once: the flow's
 * route id, the beans it calls and the variables that hold a drop's state. {@code FlowNamesTest} fails when
 * the YAML and these disagree.
 */
public final class ImportFlow {

    /** The route of the inbox: one exchange per drop, which completes with the drop's {@link ImportReport}. */
    public static final String ROUTE = "import-inbox";

    /** Bean {@link ImportSteps}: the drop's life, from the file's inspection to its report. */
    public static final String STEPS = "leadImport";
    /** Bean {@link MatchSteps}: the look-up of the leads the CRM has, and what a match does. */
    public static final String MATCHING = "leadMatching";
    /** Bean {@link SendSteps}: creating a lead, and what its answer (or the lack of one) means. */
    public static final String SENDING = "leadSending";
    /** Bean {@link DropWaits}: the inbox's filter that holds back drops waiting for the CRM. */
    public static final String WAITS = "leadDropWaits";
    /** Bean {@link InboxPolls}: the inbox's poll strategy, which brings back done drops written to in {@code .done/}. */
    public static final String POLLS = "leadInboxPolls";
    /**
     * The route group of the routes that read an inbox ({@code import.yaml}'s, {@code undo.yaml}'s): with replicas,
     * each runs under Camel's {@code ClusteredRoutePolicy}, on the replica that leads the import only
     * ({@code org.leadroutes.replicas.Replicas}); in one process the group changes nothing. The flows name a group
     * rather than the policy because Camel's YAML spells a route's policy {@code routePolicy} up to 4.18.0 and
     * {@code routePolicyRef} from 4.18.1, and no spelling loads on every line the library runs on.
     */
    public static final String LEADER_GROUP = "import-leader";
    /** The thread pool the leads are sent from ({@code leads.import.concurrency}). */
    public static final String SENDERS = "leadSenders";
    /** The thread pool that looks up the next batch while the senders work through this one. */
    public static final String LOOKUPS = "leadLookups";

    /** Variable: the {@link Drop}, from the file's inspection on. */
    public static final String DROP = "drop";
    /** Variable: the {@link LeadBatch} a split copy of the drop looks up and sends. */
    public static final String BATCH = "batch";
    /** Variable: the {@link LeadSend}, one lead on its way to the CRM. */
    public static final String LEAD = "lead";
    /**
     * Variable: the drop's {@link ImportReport}, set by the flow's last step from what {@code finish} returned; the
     * run record ({@code org.leadroutes.operating.RunEvents}) reads it by this name when the drop's exchange completes.
     */
    public static final String REPORT = "report";
    /** Variables the CRM's answers are received into before the drop opens. */
    public static final String ORGANISATION = "organisation";
    public static final String VOCABULARY = "vocabulary";

    private ImportFlow() {
    }
}
