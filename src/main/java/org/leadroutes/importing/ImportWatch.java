package org.leadroutes.importing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the importer is doing right now, for liveness: the file being imported, since when, when its last row was
 * read or done, and whether it met an error the process cannot be trusted after (an {@link OutOfMemoryError}).
 * Drops run one at a time (one inbox consumer), so there is one current drop at most. Bound as {@value #BEAN}.
 */
public final class ImportWatch {

    public static final String BEAN = "importWatch";

    private final Clock clock;
    private volatile String file;
    private volatile Instant lastProgress;
    private volatile String fatal;

    public ImportWatch(Clock clock) {
        this.clock = clock;
    }

    /** What is stuck: the file and for how long nothing has moved. */
    public record Stuck(String file, Duration idle) {
    }

    public void started(String file) {
        this.lastProgress = clock.instant();
        this.file = file;
    }

    /** A row read or done, a lead sent: the drop moves. */
    public void progressed() {
        lastProgress = clock.instant();
    }

    public void ended() {
        file = null;
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
}
