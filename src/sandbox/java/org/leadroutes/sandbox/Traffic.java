package org.leadroutes.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the sandbox has been asked: requests per endpoint group (401s and 429s included), in all, and the most
 * API requests answered at once (latency included), since start or {@link #reset}.
 */
final class Traffic {
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger totalRequests = new AtomicInteger();

    /** One more request for {@code group}, e.g. {@code "POST /lead/"}. */
    void count(String group) {
        totalRequests.incrementAndGet();
        requestCounts.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet();
    }

    /** An API request starts being answered; pair with {@link #left()}. */
    void entered() {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    void left() {
        inFlight.decrementAndGet();
    }

    int requestCount(String group) {
        AtomicInteger count = requestCounts.get(group);
        return count == null ? 0 : count.get();
    }

    int total() {
        return totalRequests.get();
    }

    int mostInFlight() {
        return mostInFlight.get();
    }

    /** Forgets the counts; requests being answered stay in flight. */
    void reset() {
        requestCounts.clear();
        totalRequests.set(0);
        mostInFlight.set(0);
    }
}
