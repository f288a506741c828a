package org.leadroutes.operating;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.leadroutes.exporting.ExportFlow;
import org.leadroutes.exporting.ExportReport;
import org.leadroutes.importing.DropFailures;
import org.leadroutes.importing.ImportFlow;
import org.leadroutes.importing.ledger.ImportReport;

/**
 * Feeds the {@link RunRecord} from the flows' own ends: a drop's exchange on {@value ImportFlow#ROUTE} completes
 * with its {@link ImportReport} in the variable {@value ImportFlow#REPORT} (the flow's last step) or fails (the file went to {@code .failed/}); an export run on
 * {@value ExportFlow#ROUTE} completes with its {@link ExportReport} in the variable {@value ExportFlow#REPORT}, published or failed. Listening to the
 * exchanges' events keeps the import and export steps unaware of how they are operated.
 */
public class RunEvents extends EventNotifierSupport {

    private final RunRecord record;
    /** The routes an export run starts on: a failure of theirs is a failed run. */
    private static final java.util.Set<String> EXPORT_ROUTES = java.util.Set.of(ExportFlow.ROUTE,
            ExportFlow.SCHEDULE_ROUTE, ExportFlow.ON_START_ROUTE);

    public RunEvents(RunRecord record) {
        this.record = record;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeEvent e)) {
            return;
        }
        Exchange exchange = e.getExchange();
        if (exchange.getProperty(org.apache.camel.ExchangePropertyKey.CORRELATION_ID) != null) {
            return; // a copy made by a split or multicast inside a flow, not a drop or a run
        }
        String route = exchange.getFromRouteId();
        if (ImportFlow.ROUTE.equals(route)) {
            if (event instanceof CamelEvent.ExchangeFailedEvent && ExceptionUtils.throwableOfType(
                    exchange.getException(), org.leadroutes.importing.DropWaitingException.class) != null) {
                record.dropWaiting(); // the file waits in the inbox for the CRM: not a failed drop
            } else if (event instanceof CamelEvent.ExchangeFailedEvent) {
                record.dropFailed(System.currentTimeMillis() - exchange.getClock().getCreated(),
                        exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "a file", String.class),
                        DropFailures.reason(exchange.getException()));
            } else if (event instanceof CamelEvent.ExchangeCompletedEvent
                    && exchange.getVariable(ImportFlow.REPORT) instanceof ImportReport report) {
                record.dropDone(report); // the flow's last step names it: what steps do to the body does not matter
            }
        } else if (event instanceof CamelEvent.ExchangeCompletedEvent
                && exchange.getVariable(ExportFlow.REPORT) instanceof ExportReport report) {
            // the export's own route, or whatever route called direct:export-run (a schedule, a host's)
            record.export(report);
        } else if (event instanceof CamelEvent.ExchangeFailedEvent && EXPORT_ROUTES.contains(route)) {
            // the flow's failure path itself failed (or a host's route around it): a failed run all the same
            record.exportFailed();
        }
    }
}
