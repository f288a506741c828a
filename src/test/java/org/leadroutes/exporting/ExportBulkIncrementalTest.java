package org.leadroutes.exporting;

import java.util.Properties;

/**
 * Incremental runs through Close's bulk export ({@code leads.export.close-read=bulk}): the job is asked for the
 * leads changed since the last successful run's start with an Advanced Filtering {@code s_query}, so the file
 * downloaded holds only those.
 */
class ExportBulkIncrementalTest extends ExportIncrementalTest {

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("leads.export.close-read", "bulk");
        p.setProperty("leads.export.bulk.poll-ms", "20");
        return p;
    }

    @Override
    protected String readCall() {
        return "POST /export/lead/";
    }
}
