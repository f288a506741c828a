package org.leadroutes.crm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;

/**
 * Turns what came back from the CRM (or failed to) into a result or an exception that says what
 * may be done next. Also gives the request's pacing slot back, with what the answer said of the
 * rate limit.
 */
public class CrmAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestPacer pacer;

    public CrmAnswers(RequestPacer pacer) {
        this.pacer = pacer;
    }

    /** Checks the HTTP status; leaves the JSON text as the body when the call succeeded. */
    public void answered(Exchange exchange) {
        String group = exchange.getProperty(CrmRequest.GROUP, String.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(body == null || body.isBlank() ? null : body);
        RateLimitSignal signal = RateLimitSignal.read(exchange.getMessage().getHeaders(), status == 429 ? body : null);
        if (status == 429) {
            pacer.pause(group, signal);
        }
        pacer.release(group, signal);
        if (status >= 200 && status < 300) {
            return;
        }
        String where = group + " answered " + status;
        switch (status) {
            case 429 -> throw new CrmRetryableException(where + " (rate limited)", status);
            case 503 -> throw new CrmRetryableException(where + " (unavailable)", status);
            case 401, 403 -> throw new CrmAuthException(where + ": the CRM refused the credentials;"
                    + " check leads.crm.api-key / leads.crm.token", status);
            case 400 -> throw validation(where, body);
            case 500, 502, 504 -> {
                if (CrmRequest.idempotent(exchange)) {
                    throw new CrmRetryableException(where, status);
                }
                throw new CrmOutcomeUnknownException(where + ": the CRM may or may not have applied it", status, null);
            }
            default -> throw new CrmException(where + ": " + brief(body), status);
        }
    }

    /** The request failed without an HTTP answer. Only a failure to connect proves it was never sent. */
    public void transportFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String group = exchange.getProperty(CrmRequest.GROUP, String.class);
        pacer.release(group, RateLimitSignal.NONE);
        String where = group + " failed: " + e;
        if (notSent(e) || CrmRequest.idempotent(exchange)) {
            throw new CrmRetryableException(where, 0, e);
        }
        throw new CrmOutcomeUnknownException(where + " after the request was sent", 0, e);
    }

    private static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpHostConnectException || t instanceof ConnectException
                    || t instanceof ConnectTimeoutException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static CrmValidationException validation(String where, String body) {
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        StringBuilder message = new StringBuilder(where);
        try {
            JsonNode root = JSON.readTree(body == null ? "{}" : body);
            root.path("field-errors").fields().forEachRemaining(f -> fieldErrors.put(f.getKey(), f.getValue().asText()));
            for (JsonNode error : root.path("errors")) {
                message.append(": ").append(error.asText());
            }
            if (root.path("error").isTextual()) {
                message.append(": ").append(root.path("error").asText());
            }
        } catch (IOException e) {
            message.append(": ").append(brief(body));
        }
        fieldErrors.forEach((field, error) -> message.append("; ").append(field).append(": ").append(error));
        return new CrmValidationException(message.toString(), fieldErrors);
    }

    private static String brief(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
