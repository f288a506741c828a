package org.leadroutes.exporting;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.leadroutes.crm.CrmRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Close's search by {@code date_updated} (bean {@value ExportFlow#SEARCH}): ranges walked side by side, each
 * asking for its next page as soon as its last is in, each spooled into its own part so the file stays in
 * {@code date_updated} order ({@link SearchPages}); or, with {@code leads.export.concurrency=1}, one walk.
 * A cursor expires after about 30 s: its walk goes on from the last {@code date_updated} read.
 */
public class SearchRead {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.exporting");

    /** The ranges' calls, each as soon as its range is ready for it; the last may be nothing to send. */
    public Iterator<SearchPages.RangeCall> calls(@Variable(ExportFlow.RUN) ExportRun run) {
        return run.search().calls();
    }

    /** Whether the split copy holds a call to make. */
    public boolean toSend(@Variable(ExportFlow.CALL) SearchPages.RangeCall call) {
        return !call.nothing();
    }

    /** Makes the split copy the call of its range. */
    public void request(@Variable(ExportFlow.RUN) ExportRun run, @Variable(ExportFlow.CALL) SearchPages.RangeCall call,
                        Exchange exchange) {
        SearchPages search = run.search();
        CrmRequest.set(exchange, search.method(), search.path(), null);
        exchange.getMessage().setBody(call.body());
    }

    /** A range's page is in: spooled into that range's part at once, and the calls that follow made ready. */
    public void answer(@Variable(ExportFlow.RUN) ExportRun run, @Variable(ExportFlow.CALL) SearchPages.RangeCall call,
                       Map<String, Object> answer) throws IOException {
        synchronized (run) { // one page at a time into the spool, under the part of its range
            run.write(run.search().answered(call, answer));
        }
    }

    /** Whether the refused call carried a cursor (so the refusal is its expiry): a range's, or the one walk's. */
    public boolean cursorRefused(@Variable(ExportFlow.RUN) ExportRun run, @Variable(ExportFlow.CALL) SearchPages.RangeCall call) {
        return run.search().carriesCursor(call);
    }

    /** A range's cursor expired: that range walks on from the last date_updated read; too often fails the run. */
    public void cursorExpired(@Variable(ExportFlow.RUN) ExportRun run, @Variable(ExportFlow.CALL) SearchPages.RangeCall call) {
        LOG.info("export {}: a search cursor expired; that range walks on from the last date_updated read", run.fileName());
        try {
            run.search().cursorExpired(call);
        } catch (RuntimeException e) { // expired too often: the run fails, and the other ranges stop as for any failure
            run.search().abandon();
            throw e;
        }
    }

    /** A range's call failed for good: the other ranges make no more calls, and the run fails with this failure. */
    public void failed(@Variable(ExportFlow.RUN) ExportRun run, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e)
            throws Exception {
        run.search().abandon();
        throw e;
    }

    /** Makes the exchange the one walk's next call (leads.export.concurrency=1). */
    public void walkRequest(@Variable(ExportFlow.RUN) ExportRun run, Exchange exchange) {
        run.search().askNext(exchange);
    }

    /** The one walk's page into the spool at once (each id once): memory holds one page, not the run. */
    public void walkAnswer(@Variable(ExportFlow.RUN) ExportRun run, Map<String, Object> answer) throws IOException {
        run.write(run.search().read(answer));
    }

    /** The one walk's cursor expired: it walks on from the last date_updated read. */
    public void walkCursorExpired(@Variable(ExportFlow.RUN) ExportRun run) {
        LOG.info("export {}: the search's cursor expired; walking on from the last date_updated read", run.fileName());
        run.search().cursorExpired();
    }
}
