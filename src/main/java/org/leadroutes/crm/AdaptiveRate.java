package org.leadroutes.crm;

/**
 * The usable request rate of one endpoint group, learned from what the CRM does rather than from what
 * it says: the client side of a limiter that does not announce itself until it refuses (a token bucket,
 * or Close's organisation-wide limit, shared with every other integration of the organisation).
 *
 * <p>Modelled on the AWS SDKs' adaptive retry mode: nothing is paced until the first 429. Then the rate
 * drops to {@value #BETA} of what the CRM was admitting (successes in the last second, so a burst the
 * limiter allowed up front is not mistaken for its rate), and grows back along a CUBIC curve: fast while
 * far below the last known limit, flat near it, probing beyond it slowly. Each 429 of a request sent at
 * the current rate cuts again; 429s of requests sent before the last cut are its echo and do not.
 * A token bucket of one token spaces the calls, so senders resume one after another, not together.
 *
 * <p>Not thread-safe: the owning lane synchronises. Times are {@link System#nanoTime()} values.
 */
final class AdaptiveRate {

    static final double BETA = 0.7;
    /** CUBIC's scaling constant, as in the AWS SDKs: back at the last known limit in about 3 s at 40 requests/s. */
    static final double SCALE = 0.4;
    /** Slowest pace: one call a second still finds out when the CRM lets more through. */
    static final double MIN_RATE = 1.0;
    /**
     * Successes in the last second below which a 429 says nothing of the rate: a lone 429 is met with
     * the pause alone, and only a second one soon after starts pacing, from the slowest pace.
     */
    static final int MIN_SAMPLES = 4;

    private static final long SECOND = 1_000_000_000L;
    private static final int SLICES = 10; // the last second, in tenths

    private final long[] sliceStart = new long[SLICES];
    private final int[] sliceCount = new int[SLICES];
    private long lastRefusal = Long.MIN_VALUE;

    private boolean learning;
    private double rate;
    private double lastMax;
    private long lastCut;
    private double tokens;
    private long lastRefill;

    /** Whether a 429 has taught this group a rate yet. */
    boolean learning() {
        return learning;
    }

    /** The rate calls are paced at, requests per second; infinite before the first lesson. */
    double rate() {
        return learning ? rate : Double.POSITIVE_INFINITY;
    }

    /** Nanoseconds until a call may go out at the learned rate: 0 when it may now. */
    long waitNanos(long now) {
        if (!learning) {
            return 0;
        }
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rate * SECOND);
    }

    /** A call goes out. */
    void take(long now) {
        if (learning) {
            refill(now);
            tokens = Math.max(0, tokens - 1);
        }
    }

    /** The CRM admitted a call: counts it, and the rate climbs along the curve. */
    void admitted(long now) {
        int slice = slice(now);
        sliceCount[slice]++;
        if (learning) {
            // CUBIC: W(t) = SCALE * (t - K)^3 + lastMax, starting at BETA * lastMax and flat at lastMax after K
            double sinceCut = (now - lastCut) / (double) SECOND;
            double k = Math.cbrt(lastMax * (1 - BETA) / SCALE);
            double cubic = SCALE * Math.pow(sinceCut - k, 3) + lastMax;
            // never far above what is really being sent: a rate grown while idle would burst later
            double ceiling = Math.max(2 * admittedLastSecond(now), lastMax);
            refill(now);
            rate = Math.max(MIN_RATE, Math.min(cubic, ceiling));
        }
    }

    /**
     * The CRM refused a call with 429.
     *
     * @param sentAt when that call went out
     * @return true when the rate was cut (a new lesson), false for an echo of the last one or too little to go by
     */
    boolean refused(long now, long sentAt) {
        if (learning && sentAt - lastCut < 0) {
            return false; // sent before the last cut: that cut already answered it
        }
        double measured = admittedLastSecond(now);
        boolean lone = lastRefusal == Long.MIN_VALUE || now - lastRefusal > SECOND;
        lastRefusal = now;
        if (!learning && measured < MIN_SAMPLES && lone) {
            return false;
        }
        double base = learning ? Math.min(rate, measured >= MIN_SAMPLES ? measured : rate) : measured;
        refill(now);
        lastMax = Math.max(MIN_RATE, base);
        rate = Math.max(MIN_RATE, lastMax * BETA);
        lastCut = now;
        tokens = 0; // the next call waits one interval at the new rate
        lastRefill = now;
        learning = true;
        return true;
    }

    private void refill(long now) {
        if (now - lastRefill > 0) {
            tokens = Math.min(1, tokens + (now - lastRefill) / (double) SECOND * rate);
            lastRefill = now;
        }
    }

    private int slice(long now) {
        long tenth = Math.floorDiv(now, SECOND / SLICES);
        int slice = (int) Math.floorMod(tenth, SLICES);
        if (sliceStart[slice] != tenth) {
            sliceStart[slice] = tenth;
            sliceCount[slice] = 0;
        }
        return slice;
    }

    /** Calls admitted in the last second (the current tenth and the nine before it). */
    int admittedLastSecond(long now) {
        long tenth = Math.floorDiv(now, SECOND / SLICES);
        int sum = 0;
        for (int i = 0; i < SLICES; i++) {
            if (tenth - sliceStart[i] < SLICES && sliceStart[i] <= tenth) {
                sum += sliceCount[i];
            }
        }
        return sum;
    }
}
