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
 * session every interval and gives leadership up (its route stops) when the session is gone, e.g. after a
 * database restart; then whoever takes the lock first leads.
 */
public final class ImportLeadership extends AbstractCamelClusterService<ImportLeadership.LockView> {

    /** The namespace of the import: one leader per database. */
    public static final String NAMESPACE = "leads-import";
    /** pg_try_advisory_lock's first key: "LEAD". */
    static final int LOCK_CLASS = 0x4C454144;

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.replicas");

    private final DataSource dataSource;
    private final Duration interval;
    private final String replica;

    public ImportLeadership(DataSource dataSource, Duration interval, String replica) {
        super("leads-postgres-lock");
        this.dataSource = dataSource;
        this.interval = interval;
        this.replica = replica;
    }

    @Override
    protected LockView createView(String namespace) {
        return new LockView(namespace);
    }

    /** Whether this replica leads the import now. */
    public boolean leadsImport() {
        return isLeader(NAMESPACE);
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

    /** One namespace's view: this replica, leader or not, and the lock's session while it leads. */
    public final class LockView extends AbstractCamelClusterView {

        private final CamelClusterMember local = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return held != null;
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
        private volatile String lastProblem;
        private ScheduledExecutorService executor;

        LockView(String namespace) {
            super(ImportLeadership.this, namespace);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return held != null ? Optional.of(local) : Optional.empty();
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
            Connection connection = held;
            if (connection != null) {
                held = null;
                fireLeadershipChangedEvent((CamelClusterMember) null);
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
                if (held == null) {
                    tryLead();
                } else if (!held.isValid((int) Math.max(1, interval.toSeconds()))) {
                    lose("its database session (which held the lock) is gone");
                }
                if (lastProblem != null) {
                    LOG.info("the replicas' database answers again");
                    lastProblem = null;
                }
            } catch (SQLException | RuntimeException e) {
                if (held != null) {
                    lose("its database session failed: " + e.getMessage());
                }
                if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                    LOG.warn("replica {} cannot reach the replicas' database to take or keep {}: {}", replica,
                            getNamespace(), e.getMessage());
                    lastProblem = String.valueOf(e.getMessage());
                }
            }
        }

        private void tryLead() throws SQLException {
            Connection connection = dataSource.getConnection();
            boolean leads = false;
            try {
                connection.setAutoCommit(true);
                leads = tryLock(connection, getNamespace());
            } finally {
                if (!leads) {
                    connection.close();
                }
            }
            if (!leads) {
                return; // another replica's session holds it
            }
            held = connection;
            LOG.info("replica {} now leads {}: this replica imports the inbox (PostgreSQL advisory lock held)", replica,
                    getNamespace());
            fireLeadershipChangedEvent(local);
        }

        private void lose(String why) {
            Connection connection = held;
            held = null;
            LOG.warn("replica {} no longer leads {}: {}; its import stops, and whichever replica takes the lock next"
                    + " imports", replica, getNamespace(), why);
            fireLeadershipChangedEvent((CamelClusterMember) null);
            try { // the session ends for good (closed, a pooled connection would keep it, and any lock it holds)
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("aborting the lost session: {}", e.toString());
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the lost session: {}", e.toString());
            }
        }
    }
}
