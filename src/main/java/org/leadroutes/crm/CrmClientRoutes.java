package org.leadroutes.crm;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to the CRM: {@code direct:crm-call} with the {@link CrmRequest} properties set and the
 * payload (a Map, or nothing) as body; answers with the parsed JSON as a Map. Pacing, rate-limit
 * signals and bounded retries with backoff and jitter live here, so the import and the export share
 * them. Expects beans {@code crmPacer} ({@link RequestPacer}), {@code crmAnswers} ({@link CrmAnswers})
 * and {@code crmHttpClient} ({@link CrmHttpClient}), and the {@code leads.crm.*} properties.
 */
public class CrmClientRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(CrmClientRoutes.class);

    @Override
    public void configure() {
        // the caller decides what a failed call means for its work; no error log from here
        errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false));

        onException(CrmRetryableException.class)
                .maximumRedeliveries("{{leads.crm.retry.max-retries}}")
                .redeliveryDelay("{{leads.crm.retry.initial-delay-ms}}")
                .maximumRedeliveryDelay("{{leads.crm.retry.max-delay-ms}}")
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .useCollisionAvoidance() // jitter, so concurrent callers do not retry in lockstep
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .logStackTrace(false)
                .logRetryStackTrace(false)
                .logExhausted(false)
                .onRedelivery(CrmClientRoutes::countRetry);

        from("direct:crm-call").routeId("crm-call")
                .removeHeaders("CamelRedeliver*") // each call gets the whole retry budget, whatever came before it
                .setProperty(CrmRequest.PAYLOAD, body())
                .to("direct:crm-send") // the unit a retry repeats: pacing, the request, its answer
                .choice()
                    .when(body().isNotNull())
                        .unmarshal().json(JsonLibrary.Jackson, Map.class)
                .end();

        from("direct:crm-send").routeId("crm-send")
                .errorHandler(noErrorHandler())
                .removeHeaders("*", "CamelRedeliver*") // camel-http sends headers; the redelivery count must stay
                .setBody(exchangeProperty(CrmRequest.PAYLOAD))
                .choice()
                    .when(body().isNotNull())
                        .marshal().json(JsonLibrary.Jackson)
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .end()
                .setHeader(Exchange.HTTP_METHOD, exchangeProperty(CrmRequest.METHOD))
                .setHeader(Exchange.HTTP_PATH, exchangeProperty(CrmRequest.PATH))
                .setHeader(Exchange.HTTP_QUERY, exchangeProperty(CrmRequest.QUERY))
                .setHeader("Accept", constant("application/json"))
                .bean("crmPacer", "acquire(${exchangeProperty.CrmGroup})")
                .doTry()
                    .to("{{leads.crm.url}}?throwExceptionOnFailure=false"
                            + "&httpClientConfigurer=#crmHttpClient"
                            + "&connectTimeout={{leads.crm.connect-timeout-ms}}"
                            + "&responseTimeout={{leads.crm.response-timeout-ms}}"
                            + "&maxTotalConnections={{leads.crm.max-connections}}"
                            + "&connectionsPerRoute={{leads.crm.max-connections}}")
                .doCatch(IOException.class)
                    .bean("crmAnswers", "transportFailed")
                .end()
                .bean("crmAnswers", "answered")
                .removeHeaders("*", "CamelRedeliver*");
    }

    private static void countRetry(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("{}: retry {} of {}", cause != null ? cause.getMessage() : "CRM call failed",
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER),
                exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER));
        AtomicInteger counter = exchange.getProperty(CrmRequest.RETRY_COUNTER, AtomicInteger.class);
        if (counter != null) {
            counter.incrementAndGet();
        }
    }
}
