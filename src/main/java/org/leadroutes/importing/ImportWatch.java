package org.leadroutes.importing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BooleanSupplier;

/**
 * What the importer is doing right now, for liveness: the file being imported, since when, when its last row was
 * read or done, whether its batches are under way and a thread of the import's pools works, and whether it met an
 * error the process cannot be trusted after (an {@link OutOfMemoryError}). Drops run one at a time (one inbox
 * consumer), so there is one current drop at most. Bound as {@value #BEAN}.
 */
public final class ImportWatch {

    public static final String BEAN = "importWatch";

    private final Clock clock;
    private volatile String file;
    private volatile Instant lastProgress;
    private volatile String fatal;
    private volatile boolean batching;
    private volatile BooleanSupplier working = () -> true; // until told how to see the pools: always at work

    public ImportWatch(Clock clock) {
        this.clock = clock;
    }

    /**
     * How to tell whether a thread works for the drop once its batches are under way: from then on all its work (the
     * look-ups, the sends and the CRM calls with their pacing, 429 and retry waits, and the steps after the batches)
     * runs on the import's thread pools, so no thread of theirs at work means no thread works on the drop.
     */
    public void working(BooleanSupplier working) {
        this.working = working;
    }

    /** Whether a thread of these pools runs a task or a task waits in their queues (a pool of another kind: yes). */
    public static boolean anyAtWork(ExecutorService... pools) {
        for (ExecutorService pool : pools) {
            if (!(pool instanceof ThreadPoolExecutor threads) || threads.getActiveCount() > 0 || !threads.getQueue().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** What is stuck: the file and for how long nothing has moved. */
    public record Stuck(String file, Duration idle) {
    }

    public void started(String file) {
        this.lastProgress = clock.instant();
        this.batching = false;
        this.file = file;
    }

    /** The drop's batches' split begins: its work runs on the import's pools from now on. */
    public void batching() {
        lastProgress = clock.instant();
        batching = true;
    }

    /** A row read or done, a lead sent: the drop moves. */
    public void progressed() {
        lastProgress = clock.instant();
    }

    public void ended() {
        file = null;
        batching = false;
    }

    /** An error after which the process cannot be trusted to go on (out of memory): liveness stays DOWN. */
    public void fatal(String what) {
        if (fatal == null) {
            fatal = what;
        }
    }

    /** The fatal error met, or null. */
    public String fatal() {
        return fatal;
    }

    /** The current drop when nothing of it has moved for longer than {@code bound}, else null. */
    public Stuck stuck(Duration bound) {
        String current = file;
        Instant last = lastProgress;
        if (current == null || last == null) {
            return null;
        }
        Duration idle = Duration.between(last, clock.instant());
        return idle.compareTo(bound) > 0 ? new Stuck(current, idle) : null;
    }

    /**
     * The current drop when no thread works on it: its batches are under way, nothing of it has moved for longer than
     * {@code bound}, and no thread of the import's pools is at work (none looks up, sends, calls the CRM or waits for
     * the pacer, a 429 or a retry). Its work was lost: nothing will finish it. Else null, a slow drop included.
     */
    public Stuck abandoned(Duration bound) {
        String current = file;
        Instant last = lastProgress;
        if (current == null || last == null || !batching) {
            return null;
        }
        Duration idle = Duration.between(last, clock.instant());
        return idle.compareTo(bound) > 0 && !working.getAsBoolean() ? new Stuck(current, idle) : null;
    }
}
