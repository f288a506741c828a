package org.leadroutes.app;

import org.apache.camel.builder.RouteBuilder;

/**
 * The routes of {@code --print-settings} and {@code --sandbox-only}: none. It takes the place of
 * {@link org.leadroutes.embedding.LeadRoutes} in {@code camel.main.routes-builder-classes}, so neither mode binds
 * the flows' beans, opens the replicas' database or calls the CRM.
 */
public class NoRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // nothing: the mode's work is done by its listeners (StartUp, SandboxWhenNoCrm)
    }
}
