package org.leadroutes.exporting;

import java.util.Properties;

import org.leadroutes.sandbox.SandboxCrm;

/**
 * Incremental runs of the paged CRM: its API has no filter by change, so every page is read and the leads
 * whose {@code updatedAt} is older than the last successful run's start are left out.
 */
class ExportPagedIncrementalTest extends ExportIncrementalTest {

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.requireToken(TOKEN);
    }

    @Override
    protected Properties settings() {
        return paged(super.settings(), TOKEN);
    }

    @Override
    protected String readCall() {
        return "GET /leads";
    }
}
