package org.leadroutes.replicas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * Quartz's tables for PostgreSQL, created when absent and never dropped. Quartz ships its DDL in its jar
 * ({@value #DDL}); it begins by dropping every table, so run at each start it would wipe the schedule (and a
 * firing a replica is running). It is run as it ships, unchanged, only on a database that does not have Quartz's
 * tables yet (its {@code DROP TABLE IF EXISTS} lines then find nothing), in one transaction behind a
 * transaction-level advisory lock: replicas starting together create them once, and a database holding them is
 * left as it is.
 */
public final class QuartzTables {

    static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** The tables' prefix, Quartz's default ({@code org.quartz.jobStore.tablePrefix}). */
    static final String PREFIX = "QRTZ_";
    /** The table whose presence says the script has run: the script creates every table in one transaction. */
    static final String MARKER = PREFIX + "LOCKS";
    /** pg_advisory_xact_lock's key while tables are created (Quartz's and {@link PublishedFirings}'): "QRTZ". */
    private static final long CREATE_LOCK = 0x5152545AL;

    private QuartzTables() {
    }

    /** Quartz's PostgreSQL script, as it ships in the Quartz jar on the class path. */
    static String script() {
        try (InputStream in = org.quartz.Scheduler.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IllegalStateException("Quartz's PostgreSQL DDL " + DDL + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates Quartz's tables where they are absent; where they are present, leaves them (and their rows) alone. */
    public static void createIfAbsent(DataSource dataSource) throws SQLException {
        underLock(dataSource, sql -> {
            boolean present;
            try (ResultSet found = sql.executeQuery("SELECT to_regclass('" + MARKER.toLowerCase(Locale.ROOT)
                    + "') IS NOT NULL")) {
                found.next();
                present = found.getBoolean(1);
            }
            if (present) {
                return;
            }
            List<String> others = new java.util.ArrayList<>();
            try (ResultSet found = sql.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema"
                    + " = current_schema() AND lower(table_name) LIKE '" + PREFIX.toLowerCase(Locale.ROOT).replace("_", "\\_")
                    + "%' ORDER BY 1")) {
                while (found.next()) {
                    others.add(found.getString(1));
                }
            }
            if (!others.isEmpty()) { // the script would drop them: someone else's, or a schedule half made by hand
                throw new SQLException("the database has some of Quartz's tables (" + String.join(", ", others)
                        + ") but not " + MARKER.toLowerCase(Locale.ROOT) + ": they are left alone; create the missing"
                        + " ones from Quartz's " + DDL + ", or drop these, and start again");
            }
            sql.execute(script()); // the whole script in one go, its own COMMIT last
        });
    }

    /** What runs in the transaction behind the lock. */
    interface Work {
        void run(Statement sql) throws SQLException;
    }

    /**
     * Runs DDL (Quartz's, and the project's own) in one transaction behind {@link #CREATE_LOCK}: replicas starting together would otherwise race
     * (PostgreSQL does not make {@code CREATE ... IF NOT EXISTS} safe: the loser fails on a duplicate name).
     */
    static void underLock(DataSource dataSource, Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
                work.run(sql);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}
