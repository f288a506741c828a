package org.leadroutes.crm;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What every CRM call of this process met, per endpoint group ({@code POST /lead/}, {@code GET /lead/}, ...):
 * attempts, 429s, attempts sent again. Unlike a {@link CrmTally}, which counts one drop or run for its report,
 * this counts from start-up, for the metrics. Bound as {@value #BEAN}.
 */
public final class CrmTraffic {

    public static final String BEAN = "crmTraffic";

    private record Counts(AtomicLong attempts, AtomicLong rateLimited, AtomicLong retries) {
    }

    private final ConcurrentMap<String, Counts> groups = new ConcurrentHashMap<>();
    private final List<Consumer<String>> newGroupListeners = new CopyOnWriteArrayList<>();

    void attempted(String group, Outcome outcome, boolean again) {
        Counts counts = groups.computeIfAbsent(group, g -> {
            Counts fresh = new Counts(new AtomicLong(), new AtomicLong(), new AtomicLong());
            newGroupListeners.forEach(listener -> listener.accept(g));
            return fresh;
        });
        counts.attempts().incrementAndGet();
        if (outcome == Outcome.RATE_LIMITED) {
            counts.rateLimited().incrementAndGet();
        }
        if (again) {
            counts.retries().incrementAndGet();
        }
    }

    /** Calls {@code listener} with each group already seen and each group seen from now on. */
    public void eachGroup(Consumer<String> listener) {
        newGroupListeners.add(listener);
        groups.keySet().forEach(listener);
    }

    public Set<String> groups() {
        return Set.copyOf(groups.keySet());
    }

    public long attempts(String group) {
        Counts counts = groups.get(group);
        return counts == null ? 0 : counts.attempts().get();
    }

    public long rateLimited(String group) {
        Counts counts = groups.get(group);
        return counts == null ? 0 : counts.rateLimited().get();
    }

    public long retries(String group) {
        Counts counts = groups.get(group);
        return counts == null ? 0 : counts.retries().get();
    }
}
