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

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
