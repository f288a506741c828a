package org.leadroutes.exporting;

import java.time.Instant;

/**
 * Which run publishes a scheduled firing's file when several replicas share the schedule. Clustered Quartz runs
 * each firing on one replica, and runs it again on another when that replica stops checking in; a replica that
 * was only paused (a long GC, SIGSTOP, a frozen VM) then finishes its run too. The claim is taken just before the
 * file is published and confirmed right before the file becomes visible under its name: one of the two publishes,
 * the other stops with nothing published and its incremental state untouched. The replicas bind one in the
 * registry ({@value #BEAN}); one process binds none and publishes every run.
 */
public interface FiringClaims {

    /** The registry name the replicas bind their claims under. */
    String BEAN = "leadsFiringClaims";

    /**
     * Claims a firing before its file is published. Waits while another run holds the claim (it is publishing
     * that firing): refused if that run publishes; taken if it fails, or if it stops showing signs of life (its
     * replica died or is paused), in which case that run can no longer {@link Claim#confirm() confirm} its claim.
     *
     * @param schedule the schedule, e.g. {@code leads.export}
     * @param firing   the firing the run is for (a recovered run's: the original firing)
     * @param file     the file the run publishes
     */
    Claim claim(String schedule, Instant firing, String file);

    /** The claims bound in the context; null for one process. */
    static FiringClaims in(org.apache.camel.CamelContext context) {
        return context.getRegistry().lookupByNameAndType(BEAN, FiringClaims.class);
    }

    /** Who published a firing, and when; null when no run has (or the database cannot say). Does not wait. */
    String publishedBy(String schedule, Instant firing);

    /** A claim taken ({@link #publishedBy()} null) or refused (another run published the firing). */
    interface Claim extends AutoCloseable {

        /** Who published the firing already, and when; null when this run holds the claim. */
        String publishedBy();

        /**
         * Called right before the file becomes visible under its name (the publish's final rename): the claim is
         * still this run's. Throws {@link TakenOver} when another run took it meanwhile (this run was paused
         * for longer than the claims allow): the file must then not be made visible.
         */
        void confirm();

        /** The file is at its destination: the claim stands for good. */
        void published();

        /** Releases the claim unless it was {@link #published()}: another run of the firing may publish it. */
        @Override
        void close();
    }

    /** The claim a run held was taken over by another run of the firing: this run must not publish. */
    final class TakenOver extends RuntimeException {
        private final String by;

        public TakenOver(String by) {
            super("the claim on the firing was taken over by " + by);
            this.by = by;
        }

        /** The run that holds the claim now, as the claims describe it. */
        public String by() {
            return by;
        }
    }
}
