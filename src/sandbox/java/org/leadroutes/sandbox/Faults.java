package org.leadroutes.sandbox;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Faults to inject. A request is keyed "METHOD path", the path relative to {@code /api/v1} with Close's
 * trailing slash (e.g. {@code "POST /lead/"}, {@code "GET /lead/lead_abc/"}, {@code "GET /leads"}); an
 * entry applies to requests whose key starts with its prefix. Four kinds, looked at in this order:
 * <ul>
 *   <li>{@link #sequence}: faults for one request and its re-sends (same key, same body), e.g. 429 and
 *       then created-then-502 for the same lead, however many other requests run meanwhile;</li>
 *   <li>{@link #on}: a queue, consumed by whichever matching requests come next, in the order queued;</li>
 *   <li>{@link #always}: every matching request, until {@link #clear()} (e.g. a proxy answering HTML on every
 *       endpoint, with the prefix {@code ""});</li>
 *   <li>{@link #random}: a seeded mix, drawn for each attempt of each distinct request, so a schedule
 *       repeats exactly for the same seed and requests whatever order concurrent clients send them in.</li>
 * </ul>
 */
public final class Faults {
    private final List<Entry> queue = new ArrayList<>();
    private final List<Sequence> sequences = new ArrayList<>();
    private final List<Mix> mixes = new ArrayList<>();
    private final List<Entry> standing = new ArrayList<>();

    Faults() {
    }

    /** Appends {@code fault} for the next {@code times} requests whose key starts with {@code methodAndPathPrefix}. */
    public synchronized Faults on(String methodAndPathPrefix, Fault fault, int times) {
        Objects.requireNonNull(methodAndPathPrefix, "methodAndPathPrefix");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        queue.add(new Entry(methodAndPathPrefix, fault, times));
        return this;
    }

    /**
     * The next matching request that no other sequence holds gets {@code faults[0]}; the same request
     * sent again (same key and body) gets {@code faults[1]}, and so on; then it is answered normally.
     */
    public synchronized Faults sequence(String methodAndPathPrefix, Fault... faults) {
        Objects.requireNonNull(methodAndPathPrefix, "methodAndPathPrefix");
        if (faults.length == 0) {
            throw new IllegalArgumentException("a sequence needs at least one fault");
        }
        sequences.add(new Sequence(methodAndPathPrefix, List.of(faults)));
        return this;
    }

    /** Every request whose key starts with {@code methodAndPathPrefix} meets {@code fault}, until {@link #clear()}. */
    public synchronized Faults always(String methodAndPathPrefix, Fault fault) {
        Objects.requireNonNull(methodAndPathPrefix, "methodAndPathPrefix");
        Objects.requireNonNull(fault, "fault");
        standing.add(new Entry(methodAndPathPrefix, fault, Integer.MAX_VALUE));
        return this;
    }

    /**
     * Each attempt of a matching request meets a fault with the given chances (summing to at most 1),
     * drawn from {@code seed}, the request's key and body, and how often that request was sent before.
     */
    public synchronized Faults random(String methodAndPathPrefix, long seed, Map<Fault, Double> chances) {
        Objects.requireNonNull(methodAndPathPrefix, "methodAndPathPrefix");
        double sum = chances.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum > 1.0 + 1e-9 || chances.values().stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("fault chances must be between 0 and 1 and sum to at most 1: " + chances);
        }
        mixes.add(new Mix(methodAndPathPrefix, seed, new LinkedHashMap<>(chances)));
        return this;
    }

    public synchronized Faults clear() {
        queue.clear();
        sequences.clear();
        mixes.clear();
        standing.clear();
        return this;
    }

    /** Consumes and returns the fault for this request, or null when none applies to it. */
    synchronized Fault next(String requestKey, byte[] body) {
        String identity = null;
        for (Iterator<Sequence> it = sequences.iterator(); it.hasNext(); ) {
            Sequence sequence = it.next();
            if (requestKey.startsWith(sequence.prefix)) {
                identity = identity != null ? identity : identity(requestKey, body);
                if (sequence.holder == null || sequence.holder.equals(identity)) {
                    sequence.holder = identity;
                    Fault fault = sequence.faults.get(sequence.next++);
                    if (sequence.next == sequence.faults.size()) {
                        it.remove();
                    }
                    return fault;
                }
            }
        }
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (requestKey.startsWith(entry.prefix)) {
                if (--entry.remaining == 0) {
                    it.remove();
                }
                return entry.fault;
            }
        }
        for (Entry entry : standing) {
            if (requestKey.startsWith(entry.prefix)) {
                return entry.fault;
            }
        }
        for (Mix mix : mixes) {
            if (requestKey.startsWith(mix.prefix)) {
                identity = identity != null ? identity : identity(requestKey, body);
                int attempt = mix.attempts.merge(identity, 1, Integer::sum);
                return mix.draw(identity, attempt);
            }
        }
        return null;
    }

    private static String identity(String requestKey, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(requestKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body);
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Entry {
        final String prefix;
        final Fault fault;
        int remaining;

        Entry(String prefix, Fault fault, int remaining) {
            this.prefix = prefix;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private static final class Sequence {
        final String prefix;
        final List<Fault> faults;
        String holder;
        int next;

        Sequence(String prefix, List<Fault> faults) {
            this.prefix = prefix;
            this.faults = faults;
        }
    }

    private record Mix(String prefix, long seed, Map<Fault, Double> chances, Map<String, Integer> attempts) {
        Mix(String prefix, long seed, Map<Fault, Double> chances) {
            this(prefix, seed, chances, new HashMap<>());
        }

        Fault draw(String identity, int attempt) {
            long mixed = seed ^ ByteBuffer.wrap(java.util.HexFormat.of().parseHex(identity, 0, 16)).getLong()
                    ^ (attempt * 0x9E3779B97F4A7C15L);
            double roll = new SplittableRandom(mixed).nextDouble();
            for (Map.Entry<Fault, Double> chance : chances.entrySet()) {
                roll -= chance.getValue();
                if (roll < 0) {
                    return chance.getKey();
                }
            }
            return null;
        }
    }
}
