package org.leadroutes.importing;


import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.builder.ExpressionBuilder;
import org.leadroutes.crm.CrmAuthException;
import org.leadroutes.crm.CrmException;
import org.leadroutes.crm.CrmOutcomeUnknownException;
import org.leadroutes.crm.CrmRequest;
import org.leadroutes.crm.CrmNotAppliedException;

/**
 * The reusable parts of the import, called by the YAML flow in {@code routes/import.yaml}: open a
 * drop, stage a row, deliver the leads, close the drop. Expects the {@code leadImport} bean
 * ({@link ImportSteps}), the {@code leadSenders} thread pool and the CRM client routes.
 */
public class ImportRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // these steps run inside the import flow's doTry: a failure goes to its doCatch, which reports
        // the drop once (direct:import-failed); retries of CRM calls happen in the CRM client routes
        errorHandler(noErrorHandler());

        from("direct:import-open").routeId("import-open")
                .bean("leadImport", "inspect") // a bad file is refused before any CRM call
                .enrich("direct:crm-identity", keepAs(ImportSteps.IDENTITY)) // the organisation the ledger is kept under
                .enrich("direct:crm-vocabulary", keepAs(ImportSteps.VOCABULARY))
                .bean("leadImport", "begin");

        from("direct:import-row").routeId("import-row")
                .bean("leadImport", "stage");

        from("direct:import-deliver").routeId("import-deliver")
                .bean("leadImport", "pendingLeads") // with matching, one search per 25 leads, as they are read
                .split(body()).streaming().parallelProcessing().executorService("leadSenders").stopOnException()
                    .to("direct:import-send-lead")
                .end();

        from("direct:import-send-lead").routeId("import-send-lead")
                .bean("leadImport", "takeMatch")
                .choice()
                    .when(LOOKUP_FAILED)
                        .bean("leadImport", "lookUpFailed")
                    .when(AMBIGUOUS)
                        .bean("leadImport", "ambiguous")
                    .when(MATCHED)
                        .to("direct:import-merge-lead")
                    .when(DRY_RUN)
                        .bean("leadImport", "preview")
                    .when(method("leadImport", "inFlightAtStop"))
                        .to("direct:import-recover-lead")
                    .otherwise()
                        .to("direct:import-create-lead")
                .end();

        // a lead the CRM already has: the contacts it lacks are added, its empty fields filled
        from("direct:import-merge-lead").routeId("import-merge-lead")
                .bean("leadImport", "merging")
                .doTry()
                    .loop(ExpressionBuilder.exchangeExpression(ImportSteps::contactsToAdd))
                        .bean("leadImport", "addingContact")
                        .to("direct:crm-call")
                        .bean("leadImport", "contactAdded")
                    .end()
                    .filter(ImportSteps::fillsFields)
                        .bean("leadImport", "fillingFields")
                        .to("direct:crm-call")
                    .end()
                    .bean("leadImport", "merged")
                .endDoTry()
                .doCatch(CrmOutcomeUnknownException.class)
                    .bean("leadImport", "uncertain")
                .doCatch(CrmNotAppliedException.class)
                    .bean("leadImport", "gaveUp")
                .doCatch(CrmException.class)
                    .onWhen(NOT_AUTH)
                    .bean("leadImport", "refused")
                .end();

        from("direct:import-create-lead").routeId("import-create-lead")
                .bean("leadImport", "sending")
                .doTry()
                    .to("direct:crm-call")
                    .bean("leadImport", "created")
                .doCatch(CrmOutcomeUnknownException.class)
                    .bean("leadImport", "uncertain")
                .doCatch(CrmNotAppliedException.class)
                    .bean("leadImport", "gaveUp")
                .doCatch(CrmException.class)
                    .onWhen(NOT_AUTH) // refused credentials fail the whole drop
                    .bean("leadImport", "refused")
                .end();

        // a lead sent by a run that stopped before the answer: created only if the CRM does not have it
        from("direct:import-recover-lead").routeId("import-recover-lead")
                .bean("leadImport", "lookingUp")
                .doTry()
                    .to("direct:crm-call")
                    .bean("leadImport", "recognise")
                    .filter(exchangeProperty(ImportSteps.RECOGNISED).isEqualTo(false))
                        .to("direct:import-create-lead")
                    .endDoTry()
                .doCatch(CrmException.class)
                    .onWhen(NOT_AUTH) // refused credentials fail the whole drop
                    .bean("leadImport", "lookupFailed")
                .end();

        from("direct:import-close").routeId("import-close")
                .bean("leadImport", "finish");

        from("direct:import-failed").routeId("import-failed")
                .bean("leadImport", "failed");

    }

    private static final Predicate LOOKUP_FAILED = exchange -> ImportSteps.matchOf(exchange).failure() != null;
    private static final Predicate AMBIGUOUS = exchange -> ImportSteps.matchOf(exchange).ambiguous();
    private static final Predicate MATCHED = exchange -> ImportSteps.matchOf(exchange).found();
    private static final Predicate DRY_RUN = exchange -> exchange.getProperty(ImportSteps.DROP, DropSession.class).dryRun();

    /** A refusal other than of the credentials: that one is the drop's failure, not the lead's. */
    private static final Predicate NOT_AUTH =
            exchange -> !(exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof CrmAuthException);

    /** Keeps the enrichment's body as a property, leaving the drop's own message alone. */
    private static AggregationStrategy keepAs(String property) {
        return (original, resource) -> {
            if (resource.getException() != null) {
                original.setException(resource.getException());
            } else {
                original.setProperty(property, resource.getMessage().getBody());
            }
            return original;
        };
    }
}
