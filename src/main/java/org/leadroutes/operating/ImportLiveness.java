package org.leadroutes.operating;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.leadroutes.importing.ImportWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness includes the importer: DOWN when no thread works on a drop that has not ended (its batches under way,
 * nothing of it moved for {@code leads.health.import-abandoned-after}, no thread of the import's pools at work: its
 * work was lost), when one drop has not moved (no row read or done) for longer than
 * {@code leads.health.import-stuck-after}, or when a drop ran out of memory (the process cannot be trusted
 * after that), so a supervisor restarts the process instead of leaving it up and wedged. A restart resumes the
 * drop from its ledger. Checked every so often ({@link #checkEvery}), not only when asked, so the ERROR line naming
 * the drop is logged without a probe. Not readiness: the CRM check says whether the CRM answers.
 */
public class ImportLiveness extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.operating");

    private final ImportWatch watch;
    private final Duration bound;
    private final Duration abandonedAfter;
    private String reported;

    /**
     * @param bound          a drop that has not moved for this long is stuck, whatever works on it
     * @param abandonedAfter a drop whose batches are under way, not moved for this long, with no thread at work on it
     */
    public ImportLiveness(ImportWatch watch, Duration bound, Duration abandonedAfter) {
        super("leads", "import");
        this.watch = watch;
        this.bound = bound;
        this.abandonedAfter = abandonedAfter;
    }

    /**
     * Checks every {@code period} on a thread of the Camel context's (ended with it), so a drop no thread works on is
     * logged within {@code leads.health.import-abandoned-after} and a period even when no probe asks.
     */
    public void checkEvery(org.apache.camel.CamelContext context, Duration period) {
        java.util.concurrent.ScheduledExecutorService checks = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "import-liveness");
        checks.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
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
        String problem = check();
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem);
        }
    }

    /** Why the importer is not alive, or null; a new reason is logged once, at ERROR. */
    synchronized String check() {
        String problem = problem();
        if (problem != null && !sameKind(problem, reported)) {
            LOG.error("{} (liveness DOWN: restart the process; the drop resumes from its ledger)", problem);
        }
        reported = problem;
        return problem;
    }

    /** Whether two reasons say the same (their idle seconds aside): one ERROR line per reason, not one per check. */
    private static boolean sameKind(String problem, String reported) {
        return reported != null && problem.replaceAll("\\d+ s\\b", "").equals(reported.replaceAll("\\d+ s\\b", ""));
    }

    /** Why the importer is not alive, or null. */
    String problem() {
        String fatal = watch.fatal();
        if (fatal != null) {
            return "the importer ran out of memory (" + fatal + ")";
        }
        ImportWatch.Stuck abandoned = watch.abandoned(abandonedAfter);
        if (abandoned != null) {
            return "no thread works on " + abandoned.file() + ", which has not ended: nothing of it has moved for "
                    + abandoned.idle().toSeconds() + " s and no look-up, send, CRM call or wait of the import is under"
                    + " way, so its work was lost (leads.health.import-abandoned-after is " + abandonedAfter.toSeconds()
                    + " s)";
        }
        ImportWatch.Stuck stuck = watch.stuck(bound);
        return stuck == null ? null : "the importer is stuck on " + stuck.file() + ": nothing of it has moved for "
                + stuck.idle().toSeconds() + " s (leads.health.import-stuck-after is " + bound.toSeconds() + " s)";
    }
}
