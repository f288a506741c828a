package org.leadroutes.replicas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.leadroutes.importing.ImportPermit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's cluster service on a PostgreSQL session advisory lock: the replica whose database session holds
 * the lock of a namespace leads it. Camel's {@code ClusteredRoutePolicy} starts the import's route on the
 * leader only.
 * <p>
 * Why a session lock: PostgreSQL releases it the moment the holder's session ends, which a killed process's
 * does at once (its socket closes), so another replica takes over within {@code leads.cluster.lock-check-ms};
 * but a process that is merely stopped (SIGSTOP, a long GC pause, a frozen VM) keeps its session and so its
 * lock, and no successor imports beside it: when it resumes it is still the only leader. The leader checks its
 * session every interval and gives leadership up the moment the session is gone (a database restart, the server
 * ending it): its {@link ImportPermit} refuses first, so its drop starts no lead more, then its route stops. A
 * replica that finds the lock free leads only two intervals later, by when a leader whose session the server
 * ended has found out and stopped: two replicas never start leads at once.
 */
public final class ImportLeadership extends AbstractCamelClusterService<ImportLeadership.LockView> implements ImportPermit {

    /** The namespace of the import: one leader per database. */
    public static final String NAMESPACE = "leads-import";
    /** pg_try_advisory_lock's first key: "LEAD". */
    static final int LOCK_CLASS = 0x4C454144;

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.replicas");

    private final DataSource dataSource;
    private final Duration interval;
    private final Duration grace;
    private final String replica;

    /**
     * @param interval how often a replica tries to take the lock, and the leader checks its session
     * @param grace    after a database restart, how long replicas other than the leader wait before they try
     *                 to take the lock (the leader takes it back at once); also how long a leader that lost its
     *                 session takes the lock back without waiting
     */
    public ImportLeadership(DataSource dataSource, Duration interval, Duration grace, String replica) {
        super("leads-postgres-lock");
        this.dataSource = dataSource;
        this.interval = interval;
        this.grace = grace;
        this.replica = replica;
    }

    @Override
    protected LockView createView(String namespace) {
        return new LockView(namespace);
    }

    /** Whether this replica leads the import now. */
    public boolean leadsImport() {
        return getNamespaces().contains(NAMESPACE) && isLeader(NAMESPACE);
    }

    /**
     * The import's permit: refused the moment this replica's session (and so its lock) is gone, before its route is
     * stopped, so its drop starts no lead while another replica may lead.
     */
    @Override
    public String refusal() {
        if (leadsImport()) {
            return null;
        }
        return "replica " + replica + " no longer holds the import's lock (its database session ended)";
    }

    /** This replica's name in logs and health details (host and process). */
    public String replica() {
        return replica;
    }

    /**
     * For a one-shot run: takes the import's lock if no one holds it, without starting a view. The returned
     * connection holds it until closed; null when another replica leads.
     */
    public Connection tryLeadOnce() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            if (tryLock(connection, NAMESPACE)) {
                return connection;
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return null;
    }

    /**
     * Releases the lock {@link #tryLeadOnce()} took and gives the connection back. A pooled connection's session
     * outlives {@code close()}, and with it a session lock: it is unlocked first.
     */
    public static void release(Connection connection) throws SQLException {
        try (connection; PreparedStatement sql = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            sql.setInt(1, LOCK_CLASS);
            sql.setInt(2, NAMESPACE.hashCode());
            sql.execute();
        }
    }

    static boolean tryLock(Connection connection, String namespace) throws SQLException {
        try (PreparedStatement sql = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            sql.setInt(1, LOCK_CLASS);
            sql.setInt(2, namespace.hashCode());
            try (ResultSet result = sql.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Tries the lock unless the server started less than {@code grace} ago (its clock, not ours). */
    static boolean tryLockAfterGrace(Connection connection, String namespace, Duration grace) throws SQLException {
        try (PreparedStatement sql = connection.prepareStatement("SELECT CASE WHEN now() - pg_postmaster_start_time()"
                + " < make_interval(secs => ?) THEN false ELSE pg_try_advisory_lock(?, ?) END")) {
            sql.setDouble(1, grace.toMillis() / 1000.0);
            sql.setInt(2, LOCK_CLASS);
            sql.setInt(3, namespace.hashCode());
            try (ResultSet result = sql.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** One namespace's view: this replica, leader or not, and the lock's session while it leads. */
    public final class LockView extends AbstractCamelClusterView {

        private final CamelClusterMember local = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return leading;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return replica;
            }
        };
        private volatile Connection held;
        /** Whether this replica leads (it may be taking the lock back after its session ended). */
        private volatile boolean leading;
        /** Until when this replica, which led until its session ended, takes the lock back without the grace. */
        private volatile java.time.Instant reclaimUntil;
        /** The view stopped: a check still running must not take the lead. */
        private boolean stopped;
        private volatile String lastProblem;
        private ScheduledExecutorService executor;

        LockView(String namespace) {
            super(ImportLeadership.this, namespace);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leading ? Optional.of(local) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        @Override
        protected void doStart() {
            stopped = false;
            executor = getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "leads-leadership-" + getNamespace());
            executor.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() {
            if (executor != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(executor);
                executor = null;
            }
            Connection connection;
            boolean led;
            synchronized (this) { // a check still running takes no lead after this
                stopped = true;
                connection = held;
                led = leading;
                leading = false;
                held = null;
            }
            if (led) {
                fireLeadershipChangedEvent((CamelClusterMember) null);
            }
            if (connection != null) {
                try (connection; PreparedStatement sql = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    sql.setInt(1, LOCK_CLASS);
                    sql.setInt(2, getNamespace().hashCode());
                    sql.execute();
                } catch (SQLException e) {
                    LOG.debug("releasing the {} lock: {}", getNamespace(), e.toString());
                }
                LOG.info("replica {} no longer leads {}: stopped", replica, getNamespace());
            }
        }

        private void check() {
            try {
                if (held != null) {
                    if (held.isValid(validityTimeoutSeconds())) {
                        return;
                    }
                    sessionLost("its database session (which held the lock) is gone");
                }
                tryLead();
                if (lastProblem != null) {
                    LOG.info("the replicas' database answers again");
                    lastProblem = null;
                }
            } catch (SQLException | RuntimeException e) {
                if (held != null) {
                    sessionLost("its database session failed: " + e.getMessage());
                }
                if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                    LOG.warn("replica {} cannot reach the replicas' database to take or keep {}: {}", replica,
                            getNamespace(), e.getMessage());
                    lastProblem = String.valueOf(e.getMessage());
                }
            }
        }

        /**
         * The leader's session ended (a database restart, a network break, the session ended by the server): its lock
         * is gone, and another replica may take it. Leadership ends at once: the permit refuses first, so the drop
         * in progress starts no lead more, then the route stops. Within the grace it takes the lock back without
         * waiting; after a database restart the others wait the grace, so it is normally the one that resumes.
         */
        private void sessionLost(String why) {
            Connection connection = held;
            held = null;
            if (leading) {
                reclaimUntil = java.time.Instant.now().plus(grace);
                lose(why + "; it takes the lock back as soon as the database answers (after a database restart the"
                        + " others leave it to this replica for leads.cluster.restart-grace-ms)");
            }
            close(connection);
        }

        private void tryLead() throws SQLException {
            java.time.Instant reclaim = reclaimUntil;
            boolean reclaiming = reclaim != null && java.time.Instant.now().isBefore(reclaim);
            Connection connection = dataSource.getConnection();
            boolean locked = false;
            boolean leads = false;
            try {
                connection.setAutoCommit(true);
                // the replica that led takes it back at once; another waits out the grace after a database restart,
                // so that a leader whose session the restart ended takes it back first
                locked = reclaiming ? tryLock(connection, getNamespace()) : tryLockAfterGrace(connection, getNamespace(), grace);
                if (locked) {
                    // the lock was free: a leader whose session the server ended finds out at its next check. Its
                    // drop stops starting leads then; leading begins only after that, with the session kept alive.
                    // A reclaim pauses too: another replica may have led, and lost its session, meanwhile
                    takeOverPause(connection);
                    synchronized (this) { // doStop may have run meanwhile: a stopped view leads nothing
                        if (!stopped) {
                            held = connection;
                            reclaimUntil = null;
                            leading = true;
                            leads = true;
                        }
                    }
                }
            } finally {
                if (!leads) {
                    if (locked) {
                        close(connection); // ends the session, and the lock with it (a pooled one would keep both)
                    } else {
                        connection.close();
                    }
                }
            }
            if (!leads) {
                if (reclaiming) {
                    reclaimUntil = null;
                    LOG.info("replica {}: another replica took the {} lock while this one's session was gone: it"
                            + " imports now", replica, getNamespace());
                }
                return; // another replica's session holds it
            }
            LOG.info("replica {} {} {}: this replica imports the inbox (PostgreSQL advisory lock held)", replica,
                    reclaiming ? "leads again" : "now leads", getNamespace());
            fireLeadershipChangedEvent(local);
        }

        /**
         * Two check intervals and a session check's timeout, the session kept alive meanwhile: a leader whose session
         * the server ended checks once an interval (a check on a hung socket takes up to its timeout), and its
         * permit is refused as soon as its check finds the session gone.
         */
        private void takeOverPause(Connection connection) throws SQLException {
            long until = System.nanoTime() + interval.multipliedBy(2).plusSeconds(validityTimeoutSeconds()).toNanos();
            while (System.nanoTime() - until < 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(until - System.nanoTime(), interval.toNanos()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while taking the lead", e);
                }
                if (!connection.isValid(validityTimeoutSeconds())) {
                    throw new SQLException("the session ended while taking the lead");
                }
            }
        }

        private int validityTimeoutSeconds() {
            return (int) Math.max(1, interval.toSeconds());
        }

        private void lose(String why) {
            Connection connection = held;
            held = null;
            leading = false;
            LOG.warn("replica {} no longer leads {}: {}; its import stops, and whichever replica takes the lock next"
                    + " imports", replica, getNamespace(), why);
            fireLeadershipChangedEvent((CamelClusterMember) null);
            close(connection);
        }

        /** Ends a session for good: closed, a pooled connection would keep it, and any lock it holds. */
        private void close(Connection connection) {
            if (connection == null) {
                return;
            }
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("aborting the session: {}", e.toString());
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the session: {}", e.toString());
            }
        }
    }
}
