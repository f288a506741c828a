package org.leadroutes.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's rate limits, per endpoint group (e.g. {@code "POST /lead/"}): the per-key limit in the shape of
 * {@link Limiter} (an announced one-second window or a silent token bucket), a hidden organisation-wide token
 * bucket behind it, and how a 429 says when to come back ({@link RateLimitForm}).
 */
final class RateLimits {
    /** The limit a fault's 429 reports when no rate limit is set. */
    private static final int UNLIMITED_REPORTED_LIMIT = 100;

    private final Map<String, RateLimitWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> organizationBuckets = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    /** Per group, the limits' time when it moves by a step per request ({@link #stepPerRequest}). */
    private final Map<String, AtomicLong> steppedTimes = new ConcurrentHashMap<>();
    /** Requests a limit refused, until asked again: the real time before which their 429 said not to. */
    private final Map<Asked, Long> refusedUntil = new ConcurrentHashMap<>();
    private final AtomicInteger askedTooSoon = new AtomicInteger();

    private volatile int rateLimit;
    private volatile Limiter limiter = Limiter.WINDOW;
    private volatile int organizationRateLimit;
    private volatile RateLimitForm rateLimitForm = RateLimitForm.RATELIMIT_COMMA;
    private volatile long stepNanos; // 0: the real clock

    /** A request as a client asks it again after a 429: the same method, path, query and body. */
    private record Asked(String method, String path, Map<String, String> query, String body) {
        static Asked of(ApiRequest request) {
            return new Asked(request.method(), request.path(), request.query(),
                    request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8));
        }
    }

    /**
     * A request's way past the limits: {@code refusal} is the 429 to answer instead, or null when it may pass;
     * {@code announced} is what its answer announces in a {@code RateLimit} header, or null for nothing;
     * {@code resetNanos} how long a refusal tells the client to wait (before rounding up), 0 when it passes.
     */
    record Admission(Reply refusal, RateLimitWindow.Decision announced, long resetNanos) {
    }

    void rateLimit(int requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must not be negative");
        }
        this.rateLimit = requestsPerSecond;
    }

    void limiter(Limiter limiter) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    void organizationRateLimit(int requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must not be negative");
        }
        this.organizationRateLimit = requestsPerSecond;
    }

    /** The limits' time moves by {@code stepNanos} with each request of a group; 0: the real clock (the default). */
    void stepPerRequest(long stepNanos) {
        if (stepNanos < 0) {
            throw new IllegalArgumentException("stepNanos must not be negative");
        }
        this.stepNanos = stepNanos;
        steppedTimes.clear();
    }

    void rateLimitForm(RateLimitForm form) {
        this.rateLimitForm = Objects.requireNonNull(form, "form");
    }

    /** 429s answered, by a limit or by a fault, since start or {@link #reset}. */
    int rateLimitedCount() {
        return rateLimited.get();
    }

    /**
     * Requests asked again, after a limit's 429, before the reset that 429 announced had passed on the real clock,
     * since start or {@link #reset}.
     */
    int askedTooSoonCount() {
        return askedTooSoon.get();
    }

    /** Forgets every window, bucket, the limits' stepped time, the refused requests and the counts; keeps the limits. */
    void reset() {
        windows.clear();
        buckets.clear();
        organizationBuckets.clear();
        steppedTimes.clear();
        refusedUntil.clear();
        rateLimited.set(0);
        askedTooSoon.set(0);
    }

    /** Takes one request of {@code group} through the per-key limit, then the organisation's. */
    Admission admit(String group, ApiRequest request) {
        long arrived = System.nanoTime();
        Asked asked = Asked.of(request);
        Long until = refusedUntil.remove(asked);
        if (until != null && arrived - until < 0) {
            askedTooSoon.incrementAndGet();
        }
        long step = stepNanos;
        Admission admission;
        if (step > 0) {
            AtomicLong time = steppedTimes.computeIfAbsent(group, g -> new AtomicLong());
            synchronized (time) { // the limits see the group's requests in the order of their times
                admission = limits(group, time.addAndGet(step));
            }
        } else {
            admission = limits(group, arrived);
        }
        if (admission.refusal() != null) { // the reset the 429 announces is this, rounded up
            refusedUntil.put(asked, arrived + admission.resetNanos());
        }
        return admission;
    }

    private Admission limits(String group, long now) {
        int limit = rateLimit;
        RateLimitWindow.Decision announced = null;
        if (limit > 0) {
            RateLimitWindow.Decision decision = limiter == Limiter.WINDOW
                    ? windows.computeIfAbsent(group, g -> new RateLimitWindow()).acquire(limit, now)
                    : buckets.computeIfAbsent(group, g -> new TokenBucket(limit, now)).acquire(now);
            if (!decision.allowed()) {
                return new Admission(tooManyRequests(decision), null, decision.resetNanos());
            }
            announced = limiter == Limiter.WINDOW ? decision : null;
        }
        int organizationLimit = organizationRateLimit;
        if (organizationLimit > 0) {
            RateLimitWindow.Decision decision = organizationBuckets
                    .computeIfAbsent(group, g -> new TokenBucket(organizationLimit, now)).acquire(now);
            if (!decision.allowed()) {
                return new Admission(tooManyRequests(decision), null, decision.resetNanos());
            }
        }
        return new Admission(null, announced, 0);
    }

    /** The answer with the admission's {@code RateLimit} header, unless it is a 429 or no answer at all. */
    Reply announce(Reply reply, RateLimitWindow.Decision announced) {
        if (announced == null || reply.status() == 429 || reply == Reply.NONE) {
            return reply;
        }
        return reply.withHeader("RateLimit", announced.header(separator()));
    }

    /** A 429 as a fault injects it: the window's limit (or 100 when unlimited), reset after {@code resetNanos}. */
    Reply injected(long resetNanos) {
        return tooManyRequests(new RateLimitWindow.Decision(false,
                rateLimit > 0 ? rateLimit : UNLIMITED_REPORTED_LIMIT, 0, resetNanos));
    }

    private Reply tooManyRequests(RateLimitWindow.Decision decision) {
        rateLimited.incrementAndGet();
        String reset = decision.resetSeconds().toPlainString();
        Reply plain = Reply.error(429, "API call count exceeded for this period; retry after " + reset + " s");
        return switch (rateLimitForm) {
            case RATELIMIT_COMMA -> plain.withHeader("RateLimit", decision.header(", "));
            case RATELIMIT_SEMICOLON -> plain.withHeader("RateLimit", decision.header("; "));
            case RETRY_AFTER -> plain.withHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            case RATELIMIT_RESET -> plain.withHeader("RateLimit-Reset", reset);
            case LEGACY_BODY -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("rate_reset", decision.resetSeconds());
                error.put("rate_limit", decision.limit());
                error.put("rate_window", 1);
                error.put("message", "API call count exceeded for this period");
                yield Reply.json(429, Map.of("error", error));
            }
            case NO_BODY -> Reply.empty(429).withHeader("RateLimit", decision.header(", "));
        };
    }

    private String separator() {
        return rateLimitForm == RateLimitForm.RATELIMIT_SEMICOLON ? "; " : ", ";
    }
}
