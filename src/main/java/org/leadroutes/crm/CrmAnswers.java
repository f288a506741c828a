package org.leadroutes.crm;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of a CRM call: takes the pacing slot before each one, turns what came back (or the
 * failure to get anything back) into an {@link Outcome}, tells the pacer what the answer said of the
 * rate limit, and carries out the {@link RetryRule}'s decision: go on, or end the call with its result
 * or the exception that says what the caller may do about it.
 */
public class CrmAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(CrmAnswers.class);

    private final RequestPacer pacer;
    private final RetryRule rule;
    private final CrmTraffic traffic;
    private final String crm;
    /** The rule of a probe: the same rule with no retries (a 429 still waits for the CRM's permission). */
    private final RetryRule probeRule;

    /** @param crm the CRM, for messages a person reads (no user info, no query) */
    public CrmAnswers(RequestPacer pacer, RetryRule rule, CrmTraffic traffic, String crm) {
        this.pacer = pacer;
        this.rule = rule;
        this.traffic = traffic;
        this.crm = crm;
        this.probeRule = new RetryRule(0, rule.initialDelay(), rule.maxDelay(), rule.maxWait());
    }

    /**
     * A read whose transport is the caller's, not {@code direct:crm-call} (the bulk export's file, from a signed
     * link that is no CRM endpoint): its attempts go through the same {@link RetryRule} and count in the same
     * tally and traffic as any call.
     */
    public OutsideCall outside(CrmOperation operation, CrmTally tally) {
        return new OutsideCall(CrmCall.outside(operation, tally), this);
    }

    RetryRule rule() {
        return rule;
    }

    RetryRule.Decision decide(CrmCall call, Outcome outcome, String what) {
        RetryRule.Decision decision = call.decide(call.probe() ? probeRule : rule, outcome, what);
        traffic.attempted(call.request().group(), outcome, decision.verdict() == RetryRule.Verdict.RETRY);
        return decision;
    }

    /** Blocks until the call's endpoint group may be called again. */
    public void pace(Exchange exchange) throws InterruptedException {
        CrmCall call = CrmCall.of(exchange);
        call.paced(pacer.acquire(call.request().group()));
    }

    /**
     * The CRM answered: leaves the JSON object as the body when the call succeeded. What the answer is comes from
     * {@link Outcome#read}: a 2xx that is not the JSON expected is {@link Outcome#GARBLED}, a 3xx
     * {@link Outcome#REDIRECTED}, never followed.
     */
    public void answered(Exchange exchange) {
        CrmCall call = CrmCall.of(exchange);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        // a 2xx whose caller keeps only some of it is read from the stream, never held whole as a String
        boolean streamed = call.request().kept() != CrmRequest.Kept.WHOLE && status >= 200 && status < 300;
        String body = streamed ? null : exchange.getMessage().getBody(String.class);
        String location = exchange.getMessage().getHeader("Location", String.class);
        pacer.release(call.ticket(), status, RateLimitSignal.read(exchange.getMessage().getHeaders(),
                status == 429 ? body : null));
        Outcome.Answer answer = streamed
                ? Outcome.read(status, contentType, exchange.getMessage().getBody(InputStream.class), call.request().kept())
                : Outcome.read(status, contentType, body);
        exchange.getMessage().setBody(answer.json());
        RetryRule.Decision decision = decide(call, answer.outcome(), answer.what());
        String where = call.request().group() + " answered " + answer.what() + call.earlier();
        switch (decision.verdict()) {
            case SUCCEEDED -> { }
            case RETRY -> retrying(call, where, decision);
            case UNCERTAIN -> throw new CrmOutcomeUnknownException(where + ": " + decision.reason(), status, null);
            case NOT_APPLIED -> throw detailed(notApplied(call, answer, status, location, decision),
                    where + ": not applied, " + decision.reason());
            case REFUSED -> throw refusal(call, where, status, body);
        }
    }

    /** The call ended with nothing applied: the exception's type says what a person fixes. */
    private CrmNotAppliedException notApplied(CrmCall call, Outcome.Answer answer, int status, String location,
                                              RetryRule.Decision decision) {
        String group = call.request().group();
        return switch (answer.outcome()) {
            case REDIRECTED -> {
                String to = location == null ? null : withoutSecrets(location);
                yield new CrmRedirectedException("the CRM at " + crm + " redirects " + group + " ("
                        + status + (to == null ? ", naming no Location" : " to " + to) + "; not followed)", status, to);
            }
            case GARBLED -> new CrmGarbledAnswerException("the CRM at " + crm + " answered " + answer.what() + " to "
                    + group + " (" + call.triesSoFar() + ")", status);
            case RATE_LIMITED -> new CrmNotAppliedException("the CRM at " + crm + " kept rate-limiting " + group + " ("
                    + decision.reason() + ")", status, null);
            default -> new CrmNotAppliedException("the CRM at " + crm + " answered " + status + " to " + group + " ("
                    + call.triesSoFar() + ")", status, null);
        };
    }

    /** A URL as a message may name it: no user info, no query (either may hold a credential). */
    static String withoutSecrets(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url.trim());
            return new java.net.URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                    .toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(a Location that is not a URL)";
        }
    }

    /** The attempt history and the cause, for whoever turns DEBUG on; the exception's message stays one line. */
    private static <E extends CrmException> E detailed(E e, String detail) {
        LOG.debug("{}: {}", e.getMessage(), detail, e.getCause());
        return e;
    }

    /** The request failed without an HTTP answer. Only a failure to connect proves it never left. */
    public void transportFailed(Exchange exchange) {
        CrmCall call = CrmCall.of(exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        pacer.release(call.ticket(), 0, RateLimitSignal.NONE);
        boolean notSent = notSent(e);
        RetryRule.Decision decision = decide(call, notSent ? Outcome.NOT_SENT : Outcome.NO_ANSWER,
                notSent ? "not connected" : "no answer");
        String where = call.request().group() + (notSent ? " could not connect" : " got no answer") + call.earlier()
                + " (" + e + ")";
        switch (decision.verdict()) {
            case RETRY -> retrying(call, where, decision);
            case UNCERTAIN -> throw new CrmOutcomeUnknownException(where + ": " + decision.reason(), 0, e);
            default -> throw detailed(new CrmNotAppliedException(notSent
                    ? "cannot reach the CRM at " + crm + " (" + why(e) + ", " + call.triesSoFar() + ")"
                    : "the CRM at " + crm + " did not answer " + call.request().group() + " (" + why(e) + ", "
                            + call.triesSoFar() + ")", 0, e), where + ": not applied, " + decision.reason());
        }
    }

    /** What went wrong with the connection, in words: the exception's type decides, never its message. */
    public static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof ConnectTimeoutException || t instanceof java.net.http.HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpHostConnectException || t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "no answer in time";
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "no answer within leads.crm.response-timeout-ms";
            }
            if (t instanceof java.io.EOFException) {
                return "the answer broke off";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed";
            }
        }
        return "connection failed";
    }

    /** At DEBUG: the reports count the retries, and a call whose retries run out says so in one line. */
    private static void retrying(CrmCall call, String where, RetryRule.Decision decision) {
        if (decision.delay().isZero()) {
            LOG.debug("{}: {}", where, decision.reason()); // a 429: the pacer holds the group back, the report counts them
        } else {
            LOG.debug("{}: {} in {} ms", where, decision.reason(), decision.delay().toMillis());
        }
    }

    /** The CRM looked at the request and said no: the exception says what the caller may do about it. */
    private CrmException refusal(CrmCall call, String where, int status, String body) {
        return switch (status) {
            case 401, 403 -> detailed(new CrmAuthException("the CRM at " + crm + " refused the credentials ("
                    + status + " to " + call.request().group() + ")", status), where + ": " + brief(body));
            case 400 -> validation(where, body);
            case CrmNotFoundException.STATUS -> new CrmNotFoundException(where + ": " + brief(body));
            default -> new CrmException(where + ": " + brief(body), status);
        };
    }

    static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpHostConnectException || t instanceof ConnectException
                    || t instanceof ConnectTimeoutException || t instanceof java.net.http.HttpConnectTimeoutException
                    || t instanceof UnknownHostException
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
            JsonNode root = Json.MAPPER.readTree(body == null ? "{}" : body);
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
