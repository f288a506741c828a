package org.leadroutes.operating;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.leadroutes.importing.ImportWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness includes the importer: DOWN when one drop has not moved (no row read or done) for longer than
 * {@code leads.health.import-stuck-after}, or when a drop ran out of memory (the process cannot be trusted
 * after that), so a supervisor restarts the process instead of leaving it up and wedged. A restart resumes the
 * drop from its ledger. Not readiness: the CRM check says whether the CRM answers.
 */
public class ImportLiveness extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.operating");

    private final ImportWatch watch;
    private final Duration bound;
    private volatile String reported;

    public ImportLiveness(ImportWatch watch, Duration bound) {
        super("leads", "import");
        this.watch = watch;
        this.bound = bound;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem = problem();
        if (problem == null) {
            builder.up();
            reported = null;
            return;
        }
        if (!problem.equals(reported)) {
            LOG.error("{} (liveness DOWN: restart the process)", problem);
            reported = problem;
        }
        builder.down().message(problem);
    }

    /** Why the importer is not alive, or null. */
    String problem() {
        String fatal = watch.fatal();
        if (fatal != null) {
            return "the importer ran out of memory (" + fatal + ")";
        }
        ImportWatch.Stuck stuck = watch.stuck(bound);
        return stuck == null ? null : "the importer is stuck on " + stuck.file() + ": nothing of it has moved for "
                + stuck.idle().toSeconds() + " s (leads.health.import-stuck-after is " + bound.toSeconds() + " s)";
    }
}
