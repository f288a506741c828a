package org.leadroutes.crm;

import java.util.Map;

import org.apache.camel.builder.RouteBuilder;

/**
 * {@code direct:crm-vocabulary}: the CRM's lead statuses and custom fields as one {@link CrmVocabulary}
 * (the body), for the import and the export alike. Calls the CRM through {@code direct:crm-call}.
 */
public class VocabularyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        errorHandler(noErrorHandler()); // the caller's flow reports a failure once

        from("direct:crm-vocabulary").routeId("crm-vocabulary")
                .process(e -> CrmRequest.set(e, "GET", "/status/lead/", null))
                .setBody(constant(null))
                .to("direct:crm-call")
                .setVariable("statuses", body())
                .process(e -> CrmRequest.set(e, "GET", "/custom_field/lead/", "_limit=100"))
                .setBody(constant(null))
                .to("direct:crm-call")
                .process(e -> e.getMessage().setBody(CrmVocabulary.of(
                        e.getVariable("statuses", Map.class), e.getMessage().getBody(Map.class))));
    }
}
