package org.leadroutes.replicas;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, trust authentication, user postgres) for one
 * test, dropped afterwards. Where no PostgreSQL answers, the test is skipped with one loud line saying what to
 * start.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** Creates leads_it_&lt;random&gt;, or skips the test when PostgreSQL does not answer. */
    public static TestDatabase create() {
        String name = "leads_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            System.err.println("*** SKIPPED: no PostgreSQL at 127.0.0.1:5432 (" + e.getMessage() + "): start it, e.g."
                    + " pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, to run the replica tests ***");
            Assumptions.abort("no PostgreSQL at 127.0.0.1:5432");
        }
        return new TestDatabase(name);
    }

    public String url() {
        return SERVER + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /**
     * How many sessions of this database wait for a lock another session holds (a row lock, an advisory lock): a
     * test that something waits asks the server, instead of watching for a while that it has not ended.
     */
    public int sessionsWaitingForALock() throws SQLException {
        try (Connection c = connect(); Statement sql = c.createStatement();
             java.sql.ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /**
     * This database restarted, as its clients see a restart: new sessions refused, every session ended by the
     * server (SQLSTATE 57P01, as at a shutdown), refused until none has come back for a second, then taken again.
     * The machine's server and its other databases stay up.
     */
    public void restart() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
            try { // a window on purpose: a restart's downtime, no session for a while, is what this plays
                org.awaitility.Awaitility.await("every session of " + name + " ended")
                        .during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(30))
                        .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                            try (java.sql.ResultSet left = sql.executeQuery("SELECT count(pg_terminate_backend(pid))"
                                    + " FROM pg_stat_activity WHERE datname = '" + name + "'")) {
                                left.next();
                                return left.getInt(1) == 0;
                            }
                        });
            } finally {
                sql.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
