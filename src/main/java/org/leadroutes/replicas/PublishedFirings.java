package org.leadroutes.replicas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.leadroutes.exporting.FiringClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas' {@link FiringClaims} in PostgreSQL: a row per published firing in {@value #TABLE}, its primary key
 * the schedule and the firing. A run claims its firing by inserting that row in a transaction it keeps open while
 * it publishes, and commits once the file is there. Another run of the same firing inserting the same key waits
 * for that transaction: committed, it finds the firing published and stops; rolled back (the run failed, or its
 * replica died and its connection closed), its own insert goes through and it publishes. A paused replica keeps
 * its transaction, so the other waits for it rather than publishing beside it.
 */
public final class PublishedFirings implements FiringClaims {

    static final String TABLE = "leads_export_firings";

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.replicas");

    private final DataSource dataSource;
    private final String replica;

    PublishedFirings(DataSource dataSource, String replica) {
        this.dataSource = dataSource;
        this.replica = replica;
    }

    /** Creates the table when absent, behind the lock Quartz's tables are created behind; never drops it. */
    static void createIfAbsent(DataSource dataSource) throws SQLException {
        QuartzTables.createUnderLock(dataSource, List.of("CREATE TABLE IF NOT EXISTS " + TABLE
                + " (schedule VARCHAR(200) NOT NULL, firing TIMESTAMPTZ NOT NULL, file VARCHAR(1000) NOT NULL,"
                + " replica VARCHAR(200) NOT NULL, claimed_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                + " PRIMARY KEY (schedule, firing))"));
    }

    @Override
    public Claim claim(String schedule, Instant firing, String file) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (schedule, firing, file, replica) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, schedule);
                insert.setTimestamp(2, Timestamp.from(firing));
                insert.setString(3, file);
                insert.setString(4, replica);
                if (insert.executeUpdate() == 1) {
                    return new Held(connection, schedule, firing);
                }
            }
            String by = publishedBy(connection, schedule, firing, "another replica");
            connection.rollback();
            connection.close();
            return new Refused(by);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("cannot claim the firing at " + firing + " in the database: " + e.getMessage()
                    + "; nothing is published, the run fails and Quartz's next firing goes on", e);
        }
    }

    @Override
    public String publishedBy(String schedule, Instant firing) {
        try (Connection connection = dataSource.getConnection()) {
            return publishedBy(connection, schedule, firing, null);
        } catch (SQLException e) {
            return null;
        }
    }

    private static String publishedBy(Connection connection, String schedule, Instant firing, String otherwise)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT replica, claimed_at, file FROM " + TABLE
                + " WHERE schedule = ? AND firing = ?")) {
            select.setString(1, schedule);
            select.setTimestamp(2, Timestamp.from(firing));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? "replica " + row.getString(1) + " (" + row.getString(3) + ", claimed at "
                        + row.getTimestamp(2).toInstant() + ")" : otherwise;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone: so is the transaction
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
    }

    /** Another run published the firing. */
    private record Refused(String publishedBy) implements Claim {
        @Override
        public void published() {
            throw new IllegalStateException("this run does not hold the claim: " + publishedBy + " published the firing");
        }

        @Override
        public void close() {
        }
    }

    /** This run holds the claim: an open transaction with the firing's row. */
    private static final class Held implements Claim {
        private final Connection connection;
        private final String schedule;
        private final Instant firing;
        private boolean done;

        Held(Connection connection, String schedule, Instant firing) {
            this.connection = connection;
            this.schedule = schedule;
            this.firing = firing;
        }

        @Override
        public String publishedBy() {
            return null;
        }

        @Override
        public synchronized void published() {
            try {
                connection.commit();
            } catch (SQLException e) {
                LOG.warn("{} firing at {}: published, but its claim could not be stored ({}): a run of this firing"
                        + " on another replica may publish it again", schedule, firing, e.getMessage());
            } finally {
                done = true;
                closeQuietly(connection);
            }
        }

        @Override
        public synchronized void close() {
            if (!done) {
                done = true;
                closeQuietly(connection);
            }
        }
    }
}
