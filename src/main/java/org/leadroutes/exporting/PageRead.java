package org.leadroutes.exporting;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.leadroutes.crm.CrmRequest;

/**
 * Numbered pages (bean {@value ExportFlow#PAGES}): Close's {@code GET /lead/} by {@code _skip}, the paged
 * CRM's {@code GET /leads?page=}. The first answer says how many there are; then a window of the next pages
 * is asked for together, {@code leads.export.concurrency} at a time, and spooled in page order.
 */
public class PageRead {

    private final int concurrency;

    public PageRead(int concurrency) {
        this.concurrency = concurrency;
    }

    /** The next pages whose number is known (several go together), or none: the next page alone. */
    public PageWindow window(@Variable(ExportFlow.RUN) ExportRun run) {
        return new PageWindow(concurrency > 1 ? run.pages().window(concurrency * 2) : List.of());
    }

    /** Makes the exchange the call of the next page by itself (its number not known yet, or one at a time). */
    public void nextRequest(@Variable(ExportFlow.RUN) ExportRun run, Exchange exchange) {
        run.pages().askNext(exchange);
    }

    /** That page's leads into the spool at once (each id once): memory holds one page, not the run. */
    public void nextAnswer(@Variable(ExportFlow.RUN) ExportRun run, Map<String, Object> answer) throws IOException {
        run.write(run.pages().read(answer));
    }

    /** Makes the split copy one call of the window. */
    public void request(@Variable(ExportFlow.RUN) ExportRun run, @Variable(ExportFlow.CALL) LeadPages.Call call,
                        Exchange exchange) {
        LeadPages pages = run.pages();
        CrmRequest.set(exchange, pages.method(), pages.path(), call.query());
        exchange.getMessage().setBody(call.body());
    }

    /** Keeps a page of the window until all are in. */
    public void answer(@Variable(ExportFlow.WINDOW) PageWindow window, @ExchangeProperty(Exchange.SPLIT_INDEX) int index,
                       Map<String, Object> answer) {
        window.answered(index, answer);
    }

    /** The window's pages into the spool, in page order, each lead id once. */
    public void spool(@Variable(ExportFlow.RUN) ExportRun run, @Variable(ExportFlow.WINDOW) PageWindow window)
            throws IOException {
        window.spool(run);
    }
}
