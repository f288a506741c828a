package org.leadroutes.exporting;

import org.apache.camel.builder.RouteBuilder;
import org.leadroutes.crm.CrmValidationException;

/**
 * The reusable parts of the export, called by the YAML flow in {@code routes/export.yaml}: open a
 * run, page through the CRM, render the file, publish it, close or fail the run. Expects the
 * {@code leadExport} bean ({@link ExportSteps}) and the CRM client routes ({@code direct:crm-call}).
 */
public class ExportRoutes extends RouteBuilder {

    private static org.apache.camel.Predicate step(ExportSteps.Step step) {
        return exchange -> exchange.getProperty(ExportSteps.STEP, ExportSteps.Step.class) == step;
    }

    @Override
    public void configure() {
        // failures go back to the flow's doTry as they are: a failed run is reported once, by
        // direct:export-failed (retries of CRM calls happen inside direct:crm-call)
        errorHandler(noErrorHandler());

        from("direct:export-open").routeId("export-open")
                .bean("leadExport", "open")
                .filter(method("leadExport", "customFieldsById")) // Close's custom field values come by id
                    .to("direct:crm-vocabulary") // the same vocabulary the import reads
                    .bean("leadExport", "customFields")
                .end();

        from("direct:export-pages").routeId("export-pages")
                .loopDoWhile(method("leadExport", "hasMore"))
                    .bean("leadExport", "plan") // a download, a window of known pages, or the next page
                    .choice()
                        .when(step(ExportSteps.Step.DOWNLOAD)) // Close's bulk export: its file, streamed into the spool
                            .bean("leadExport", "download")
                        .when(step(ExportSteps.Step.WINDOW)) // pages whose number is known: fetched together
                            .split(body()).parallelProcessing().executorService("exportReaders").stopOnException()
                                .bean("leadExport", "windowRequest")
                                .to("direct:crm-call") // the same pacing: concurrency within the rate limit
                                .bean("leadExport", "windowAnswer")
                            .end()
                            .bean("leadExport", "windowDone") // spooled in page order, each id once
                        .endChoice()
                        .when(step(ExportSteps.Step.RANGES)) // Close's search: date_updated ranges side by side
                            .split(method("leadExport", "rangeCalls")).streaming().parallelProcessing()
                                    .executorService("exportReaders").stopOnException()
                                .filter(method("leadExport", "rangeCall")) // the last item may be nothing to send
                                .doTry()
                                    .bean("leadExport", "rangeRequest")
                                    .to("direct:crm-call")
                                    .bean("leadExport", "rangeAnswer") // spooled at once; that range's next call follows
                                .doCatch(CrmValidationException.class)
                                    .onWhen(method("leadExport", "rangeCursorRefused")) // a cursor lives about 30 s
                                    .bean("leadExport", "rangeCursorExpired")
                                .doCatch(Exception.class)
                                    .bean("leadExport", "rangeFailed") // the other ranges stop; the run fails
                                .end()
                                .end()
                            .end()
                        .endChoice()
                        .otherwise()
                            .delay(method("leadExport", "pause")) // a bulk export's job is polled with a growing pause
                            .bean("leadExport", "pageRequest")
                            .doTry()
                                .to("direct:crm-call") // paced, retried per page with backoff, bounded
                                .bean("leadExport", "page") // written to the spool now, not kept in memory
                            .doCatch(CrmValidationException.class)
                                .onWhen(method("leadExport", "cursorRefused")) // a search cursor lives about 30 s
                                .bean("leadExport", "restartWalk")
                            .end()
                    .end()
                .end();


        from("direct:export-render").routeId("export-render")
                .bean("leadExport", "render");

        from("direct:export-publish").routeId("export-publish")
                .toD("${exchangeProperty." + ExportSteps.TARGET + "}");

        from("direct:export-close").routeId("export-close")
                .bean("leadExport", "published");

        from("direct:export-failed").routeId("export-failed")
                .bean("leadExport", "failed");
    }
}
