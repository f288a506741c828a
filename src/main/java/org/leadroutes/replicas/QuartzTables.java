package org.leadroutes.replicas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * Quartz's tables for PostgreSQL, created when absent and never dropped. Quartz ships its DDL in its jar
 * ({@value #DDL}), and it begins by dropping every table: run as it is at each start, it would wipe the
 * schedule (and a firing a replica is running). Here its DROP lines are left out and each CREATE becomes
 * {@code CREATE ... IF NOT EXISTS}, in one transaction behind a transaction-level advisory lock, so
 * replicas starting together create them once.
 */
public final class QuartzTables {

    static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** pg_advisory_xact_lock's key while tables are created (Quartz's and {@link PublishedFirings}'): "QRTZ". */
    private static final long CREATE_LOCK = 0x5152545AL;

    private QuartzTables() {
    }

    /** The statements run: Quartz's own, without DROP and COMMIT, each CREATE only if absent. */
    static List<String> statements() {
        String script;
        try (InputStream in = org.quartz.Scheduler.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IllegalStateException("Quartz's PostgreSQL DDL " + DDL + " is not on the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String raw : code.toString().split(";")) {
            String statement = raw.strip();
            String upper = statement.toUpperCase(Locale.ROOT);
            if (statement.isEmpty() || upper.startsWith("DROP ") || upper.equals("COMMIT")) {
                continue;
            }
            if (upper.startsWith("CREATE TABLE ")) {
                statement = "CREATE TABLE IF NOT EXISTS " + statement.substring("CREATE TABLE ".length());
            } else if (upper.startsWith("CREATE INDEX ")) {
                statement = "CREATE INDEX IF NOT EXISTS " + statement.substring("CREATE INDEX ".length());
            } else {
                throw new IllegalStateException("unexpected statement in Quartz's DDL: " + statement);
            }
            statements.add(statement);
        }
        return statements;
    }

    /** Creates the tables that are absent; leaves the others (and their rows) alone. */
    public static void createIfAbsent(DataSource dataSource) throws SQLException {
        createUnderLock(dataSource, statements());
    }

    /**
     * Runs DDL in one transaction behind {@link #CREATE_LOCK}: replicas starting together would otherwise race in
     * {@code CREATE ... IF NOT EXISTS}, which PostgreSQL does not make safe (the loser fails on a duplicate name).
     */
    static void createUnderLock(DataSource dataSource, List<String> statements) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
                for (String statement : statements) {
                    sql.execute(statement);
                }
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
