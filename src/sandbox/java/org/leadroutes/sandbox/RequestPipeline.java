package org.leadroutes.sandbox;

/**
 * The way every API request is answered, in order: the configured latency, authentication, the rate limits,
 * an injected fault, the handler; an answer that passed an announced limit carries its {@code RateLimit} header.
 */
final class RequestPipeline {
    private final Authentication authentication;
    private final RateLimits rateLimits;
    private final FaultInjection faultInjection;
    private volatile long latencyMillis;

    RequestPipeline(Authentication authentication, RateLimits rateLimits, FaultInjection faultInjection) {
        this.authentication = authentication;
        this.rateLimits = rateLimits;
        this.faultInjection = faultInjection;
    }

    /** Delay added to every request before it is answered. */
    void latencyMillis(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latencyMillis = ms;
    }

    /** @param authorization the request's {@code Authorization} header, null when absent */
    Reply answer(Router.Route route, ApiRequest request, String authorization) throws InterruptedException {
        long latency = latencyMillis;
        if (latency > 0) {
            Thread.sleep(latency);
        }
        if (!authentication.authorized(authorization)) {
            return Authentication.unauthorized();
        }
        RateLimits.Admission admission = rateLimits.admit(route.group(), request);
        if (admission.refusal() != null) {
            return admission.refusal();
        }
        Reply reply = faultInjection.apply(route, request);
        return rateLimits.announce(reply, admission.announced());
    }
}
