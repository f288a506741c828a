package org.leadroutes.sandbox;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What an injected {@link Fault} does to the request it meets: the answers it replaces the handler's with, the
 * work done before an answer is lost, the hangs (released when the sandbox closes). The faults to inject are
 * queued in {@link Faults}.
 */
final class FaultInjection {
    private static final long FAULT_RESET_NANOS = 200_000_000L;
    private static final long HANG_SECONDS = 65; // past the client's default 30 s response timeout

    private final Faults faults;
    private final RateLimits rateLimits;
    private final CountDownLatch closing = new CountDownLatch(1);

    private final java.util.function.Supplier<String> baseUrl;

    /** @param baseUrl the sandbox's Close base URL once started, for the Location of a redirect */
    FaultInjection(Faults faults, RateLimits rateLimits, java.util.function.Supplier<String> baseUrl) {
        this.faults = faults;
        this.rateLimits = rateLimits;
        this.baseUrl = baseUrl;
    }

    /** The sandbox is closing: requests held by HANG or CREATED_THEN_TIMEOUT are dropped at once. */
    void releaseHangs() {
        closing.countDown();
    }

    /** The route's answer to the request, or what the next fault queued for it makes of it. */
    Reply apply(Router.Route route, ApiRequest request) throws InterruptedException {
        Fault fault = faults.next(route.faultKey(), request.body());
        if (fault == null) {
            return route.answer(request);
        }
        return switch (fault) {
            case STATUS_503 -> Reply.error(503, "Service temporarily unavailable, please retry");
            case STATUS_500 -> Reply.error(500, "Internal server error");
            case STATUS_400 -> Reply.validation(java.util.List.of(),
                    Map.of("contacts.0.emails.0.email", "This email address is on the organization's blocklist."));
            case STATUS_400_UNNAMED -> Reply.validation(java.util.List.of("Your plan does not allow more leads."),
                    Map.of());
            case STATUS_401 -> Reply.error(401, "The API key was revoked.");
            case STATUS_504 -> gatewayTimeout();
            case STATUS_429 -> rateLimits.injected(FAULT_RESET_NANOS);
            case CREATED_THEN_502 -> {
                route.answer(request); // the work happens; only the answer is lost
                yield Reply.html(502, "<html><head><title>502 Bad Gateway</title></head><body>"
                        + "<h1>502 Bad Gateway</h1></body></html>");
            }
            case STATUS_301 -> Reply.html(301, "<html><head><title>301 Moved Permanently</title></head><body>"
                    + "<h1>301 Moved Permanently</h1></body></html>")
                    .withHeader("Location", java.net.URI.create(baseUrl.get()).resolve("/moved" + request.path()).toString());
            case HTML_200 -> proxyPage();
            case CREATED_THEN_HTML_200 -> {
                route.answer(request);
                yield proxyPage();
            }
            case CREATED_THEN_TRUNCATED_200 -> {
                Reply whole = route.answer(request);
                yield new Reply(whole.status(), whole.contentType(),
                        java.util.Arrays.copyOf(whole.body(), whole.body().length / 2), whole.headers());
            }
            case CREATED_THEN_CLOSE -> {
                route.answer(request);
                yield Reply.NONE;
            }
            case CREATED_THEN_TIMEOUT -> {
                Reply late = route.answer(request);
                if (closing.await(HANG_SECONDS, TimeUnit.SECONDS)) {
                    throw new InterruptedException("sandbox closing");
                }
                yield late;
            }
            case HANG -> {
                if (closing.await(HANG_SECONDS, TimeUnit.SECONDS)) {
                    throw new InterruptedException("sandbox closing");
                }
                yield gatewayTimeout();
            }
        };
    }

    /** What a proxy in front of an API answers when it answers for it: a page, with 200. */
    private static Reply proxyPage() {
        return Reply.html(200, "<!DOCTYPE html><html><head><title>Sign in to continue</title></head><body>"
                + "<h1>Network access</h1><p>Please sign in to continue.</p></body></html>");
    }

    private static Reply gatewayTimeout() {
        return Reply.html(504, "<html><head><title>504 Gateway Time-out</title></head><body>"
                + "<h1>504 Gateway Time-out</h1></body></html>");
    }
}
