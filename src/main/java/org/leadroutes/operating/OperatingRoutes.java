package org.leadroutes.operating;

import org.apache.camel.builder.RouteBuilder;

/**
 * The CRM check behind readiness: {@code direct:crm-check} at start-up and every
 * {@code leads.health.crm-check-ms}, its result kept by {@link CrmReadiness} (bean {@value CrmReadiness#BEAN}).
 * Not added when that setting is 0.
 */
public class OperatingRoutes extends RouteBuilder {

    public static final String CRM_CHECK_ROUTE = "crm-readiness";

    @Override
    public void configure() {
        from("timer:leads-crm-readiness?delay=0&period={{leads.health.crm-check-ms}}").routeId(CRM_CHECK_ROUTE)
                .setProperty(org.leadroutes.crm.CrmRequest.PROBE, constant(true)) // how the CRM is now: one try
                .doTry()
                    .to("direct:crm-check")
                    .bean(CrmReadiness.BEAN, "up")
                .doCatch(Exception.class)
                    .bean(CrmReadiness.BEAN, "down")
                .end();
    }
}
