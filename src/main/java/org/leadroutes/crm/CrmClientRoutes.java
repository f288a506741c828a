package org.leadroutes.crm;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.support.builder.ExpressionBuilder;

/**
 * One call to the CRM: {@code direct:crm-call} with a {@link CrmRequest} set and the payload (a Map,
 * or nothing) as body; answers with the JSON object as a Map (read by {@link Outcome#read} inside the retry
 * loop: an answer that is not one is an outcome of the attempt, never a parse error after it), or fails with a
 * {@link CrmException}
 * that says what the caller may do. The import and the export share it: pacing per endpoint group,
 * rate-limit signals, and the {@link RetryRule}, which this route only carries out, one attempt per
 * turn of the loop. Expects the bean {@value CrmHttpClient#BEAN} ({@link CrmHttpClient}) and the
 * {@code leads.crm.*} properties.
 */
public class CrmClientRoutes extends RouteBuilder {

    private final CrmAnswers answers;

    public CrmClientRoutes(CrmAnswers answers) {
        this.answers = answers;
    }

    @Override
    public void configure() {
        // the caller decides what a failed call means for its work: no error handling, no log, from here
        errorHandler(noErrorHandler());

        // who the credentials are (GET /me/): the organisation the import keeps its ledgers under
        from("direct:crm-identity").routeId("crm-identity")
                .process(e -> CrmRequest.set(e, "GET", "/me/", null))
                .setBody(constant(null))
                .to("direct:crm-call")
                .process(e -> e.getMessage().setBody(CrmIdentity.of(e.getMessage().getBody(java.util.Map.class))));

        // the CRM answers and takes the credentials: the cheapest authenticated read of each style (the
        // start-up check and the readiness check); fails with CrmAuthException when the key is refused
        from("direct:crm-check").routeId("crm-check")
                .process(e -> {
                    if ("paged".equalsIgnoreCase(e.getContext().resolvePropertyPlaceholders("{{leads.crm.api}}").trim())) {
                        CrmRequest.set(e, "GET", "/leads", "page=1&pageSize=1");
                    } else {
                        CrmRequest.set(e, "GET", "/me/", null);
                    }
                })
                .setBody(constant(null))
                .to("direct:crm-call");

        from("direct:crm-call").routeId("crm-call")
                .process(CrmCall::begin)
                .loopDoWhile(CrmCall::again)
                    .delay(ExpressionBuilder.exchangeExpression(CrmCall::backoffMillis)).syncDelayed()
                    .process(CrmClientRoutes::request)
                    .choice()
                        .when(body().isNotNull())
                            .marshal().json(JsonLibrary.Jackson)
                            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .end()
                    .process(answers::pace)
                    .doTry()
                        .to("{{leads.crm.url}}?throwExceptionOnFailure=false"
                                + "&httpClientConfigurer=#" + CrmHttpClient.BEAN
                                + "&connectTimeout={{leads.crm.connect-timeout-ms}}"
                                + "&responseTimeout={{leads.crm.response-timeout-ms}}"
                                + "&maxTotalConnections={{leads.crm.max-connections}}"
                                + "&connectionsPerRoute={{leads.crm.max-connections}}")
                        .process(answers::answered)
                    .doCatch(IOException.class)
                        .process(answers::transportFailed)
                    .end()
                .end()
                .removeHeaders("*"); // the CRM's answer headers are not the caller's; the body is its JSON object
    }

    /** Makes the message the HTTP request of this attempt; camel-http sends every header, so only these. */
    private static void request(Exchange exchange) {
        CrmCall call = CrmCall.of(exchange);
        CrmRequest request = call.request();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(call.payload());
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, request.method());
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, request.path());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, request.query());
        exchange.getMessage().setHeader("Accept", "application/json");
    }
}
