package org.leadroutes.replicas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.leadroutes.exporting.FiringClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas' {@link FiringClaims} in PostgreSQL: a row per firing in {@value #TABLE}, its primary key the
 * schedule and the firing, with a status ({@value #PUBLISHING}, then {@value #PUBLISHED}), its holder (the
 * replica and a token of the run) and a heartbeat taken from the database's clock ({@code now()}), never a
 * replica's. Each statement is a transaction of its own: no connection is kept while the file is uploaded.
 * <ul>
 * <li>A run claims its firing by inserting the row as {@value #PUBLISHING}; while it publishes, a small task
 * renews the heartbeat every {@code heartbeat}.
 * <li>Another run of the firing that finds the row {@value #PUBLISHED} stops (refused, naming who published).
 * Finding it {@value #PUBLISHING} with a fresh heartbeat, it waits, reading the row again every {@code poll}
 * (a second at most), until the row is published (refused), gone (the holder failed and released it: it claims
 * it), or stale: the heartbeat is older than {@code staleAfter}, so the holder's replica died or is paused. It
 * then takes the claim over with an update that compares the holder and heartbeat it read: of two waiters one
 * wins, and a holder that renewed meanwhile keeps it.
 * <li>Fencing: right before its file becomes visible, the holder {@link Held#confirm() confirms} in one statement
 * that the row is still its own and {@value #PUBLISHING}, renewing the heartbeat in the same statement (so no
 * takeover can start for another {@code staleAfter}). Taken over, it does not publish; finding no row (the run
 * that took it over failed and released it), it claims the firing again and publishes. The window that remains is
 * between that statement and the end of the rename: a holder paused there for longer than {@code staleAfter} can
 * be taken over and still rename when it resumes, publishing the firing a second time under the same name.
 * <li>Published, the row says {@value #PUBLISHED}; a run that fails deletes its own row, releasing the claim.
 * </ul>
 * Rows of the table before it had statuses are firings published (the column's default).
 */
public final class PublishedFirings implements FiringClaims, AutoCloseable {

    static final String TABLE = "leads_export_firings";
    static final String PUBLISHING = "publishing";
    static final String PUBLISHED = "published";

    /** Quartz takes a replica for dead when its last check-in is older than the check-in interval plus this. */
    static final Duration QUARTZ_CHECKIN_MARGIN = Duration.ofMillis(7500);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);
    /** The shortest heartbeat a check-in interval gives: a tiny interval is no reason for an UPDATE every millisecond. */
    static final Duration SHORTEST_HEARTBEAT = Duration.ofMillis(250);
    /** The heartbeat as a number, compared exactly whatever the JVM's time zone: PostgreSQL keeps microseconds. */
    private static final String HEARTBEAT_MICROS = "(extract(epoch FROM heartbeat) * 1000000)::bigint";

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.replicas");

    private final DataSource dataSource;
    private final String replica;
    private final Duration heartbeat;
    private final Duration staleAfter;
    private final Duration poll;
    /** Renews the held claims' heartbeats; its one thread ends when no claim has been held for a while. */
    private final ScheduledThreadPoolExecutor heartbeats;
    private final AtomicLong waits = new AtomicLong();
    /** Waiting runs sleep on it, so that {@link #stopWaiting()} wakes them at once. */
    private final Object waking = new Object();
    /** The context is stopping: a run waiting for another's claim gives up (held claims keep their heartbeats). */
    private volatile boolean stopping;
    private volatile boolean closed;

    /**
     * @param heartbeat  how often a holder renews its heartbeat
     * @param staleAfter how old a heartbeat is (by the database's clock) when another run may take the claim over
     */
    PublishedFirings(DataSource dataSource, String replica, Duration heartbeat, Duration staleAfter) {
        if (heartbeat.isZero() || heartbeat.isNegative() || staleAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a claim's heartbeat (" + heartbeat + ") must be positive and renewed"
                    + " at least twice before it is stale (" + staleAfter + ")");
        }
        this.dataSource = dataSource;
        this.replica = replica;
        this.heartbeat = heartbeat;
        this.staleAfter = staleAfter;
        this.poll = heartbeat.compareTo(LONGEST_POLL) < 0 ? heartbeat : LONGEST_POLL;
        this.heartbeats = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "leads-firing-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeats.setRemoveOnCancelPolicy(true);
        heartbeats.setKeepAliveTime(Math.max(1000, 2 * heartbeat.toMillis()), TimeUnit.MILLISECONDS);
        heartbeats.allowCoreThreadTimeOut(true); // an idle replica keeps no heartbeat thread
    }

    /**
     * The claims of a replica whose clustered Quartz checks in every {@code checkinMillis}: a claim is stale when
     * its heartbeat is as old as a check-in that makes Quartz take a replica for dead, and it is renewed twice in
     * a check-in interval (every {@link #SHORTEST_HEARTBEAT} at the most often; the staleness bound, at least
     * Quartz's 7.5 s, leaves room for that). A replica paused long enough to lose its run to Quartz loses its claim too.
     */
    static PublishedFirings forCheckin(DataSource dataSource, String replica, long checkinMillis) {
        Duration checkin = Duration.ofMillis(checkinMillis);
        Duration beat = checkin.dividedBy(2);
        return new PublishedFirings(dataSource, replica, beat.compareTo(SHORTEST_HEARTBEAT) < 0 ? SHORTEST_HEARTBEAT : beat,
                checkin.plus(QUARTZ_CHECKIN_MARGIN));
    }

    /**
     * The columns added since the table's first version, each with its definition: a row of that version (a firing
     * published) reads as {@value #PUBLISHED}.
     */
    private static final Map<String, String> ADDED_COLUMNS = new LinkedHashMap<>();
    static {
        ADDED_COLUMNS.put("status", "VARCHAR(20) NOT NULL DEFAULT '" + PUBLISHED + "'");
        ADDED_COLUMNS.put("holder", "VARCHAR(300)");
        ADDED_COLUMNS.put("heartbeat", "TIMESTAMPTZ NOT NULL DEFAULT now()");
    }
    /** How long an upgrading start waits for the lock on the table before it fails. */
    static final Duration ALTER_LOCK_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Creates the table when absent, and adds the columns of the claim's status to a table created before them
     * (its rows then read as published), behind the lock Quartz's tables are created behind; never drops anything.
     */
    static void createIfAbsent(DataSource dataSource) throws SQLException {
        createIfAbsent(dataSource, ALTER_LOCK_TIMEOUT);
    }

    /**
     * As {@link #createIfAbsent(DataSource)}. The columns are looked up first: an ALTER locks the table against
     * every reader even when it adds nothing, so only a start that upgrades issues one, and it waits at most
     * {@code lockTimeout} for the table (a run of another replica reading it) before failing.
     */
    static void createIfAbsent(DataSource dataSource, Duration lockTimeout) throws SQLException {
        QuartzTables.underLock(dataSource, sql -> {
            sql.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (schedule VARCHAR(200) NOT NULL, firing TIMESTAMPTZ"
                    + " NOT NULL, file VARCHAR(1000) NOT NULL, replica VARCHAR(200) NOT NULL, claimed_at TIMESTAMPTZ NOT"
                    + " NULL DEFAULT now(), PRIMARY KEY (schedule, firing))");
            Set<String> present = new HashSet<>();
            try (ResultSet columns = sql.executeQuery("SELECT column_name FROM information_schema.columns WHERE"
                    + " table_schema = current_schema() AND table_name = '" + TABLE + "'")) {
                while (columns.next()) {
                    present.add(columns.getString(1));
                }
            }
            List<String> missing = new ArrayList<>();
            ADDED_COLUMNS.forEach((column, definition) -> {
                if (!present.contains(column)) {
                    missing.add("ADD COLUMN IF NOT EXISTS " + column + " " + definition);
                }
            });
            if (missing.isEmpty()) {
                return;
            }
            sql.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
            try {
                sql.execute("ALTER TABLE " + TABLE + " " + String.join(", ", missing));
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                throw new SQLException("cannot add the claims' columns to " + TABLE + ": another session kept the table"
                        + " locked for " + lockTimeout.toMillis() / 1000.0 + " s (a replica of the previous version"
                        + " publishing?); nothing was changed, start this replica again", e.getSQLState(), e);
            }
        });
    }

    /** PostgreSQL's SQLSTATE when lock_timeout ran out. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    @Override
    public Claim claim(String schedule, Instant firing, String file) {
        String holder = replica + " run " + UUID.randomUUID().toString().substring(0, 8);
        boolean said = false;
        try {
            while (true) {
                if (closed) {
                    throw stoppingWhileWaiting(firing);
                }
                // a firing no run holds is claimed even while this replica stops: its run is in the stop's grace
                if (insert(schedule, firing, file, holder)) {
                    return held(schedule, firing, file, holder);
                }
                Row row = read(schedule, firing);
                if (row == null) {
                    continue; // released since the insert: claim it again
                }
                if (PUBLISHED.equals(row.status())) {
                    return new Refused(row.describe());
                }
                if (stopping) { // held by another run: left to it (not waited for, nor taken over) as this replica
                    return new Refused(row.describe() + ", which was publishing it as this replica stopped"); // stops
                }
                if (row.stale() && takeOver(schedule, firing, file, holder, row)) {
                    LOG.warn("{} firing at {}: taken over from {}, whose claim's heartbeat stopped at {} (more than"
                            + " {} s before, by the database's clock): its replica died or is paused, and will not"
                            + " publish", schedule, firing, row.describe(), row.heartbeat().toInstant(),
                            staleAfter.toMillis() / 1000.0);
                    return held(schedule, firing, file, holder);
                }
                // fresh, or another waiter took it, or its holder came back: wait, then read it again
                if (!said) {
                    LOG.info("{} firing at {}: {} is publishing it: waiting for it to finish", schedule, firing,
                            row.describe());
                    said = true;
                }
                waits.incrementAndGet();
                synchronized (waking) {
                    if (!stopping && !closed) {
                        waking.wait(poll.toMillis());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to claim the firing at " + firing
                    + ": nothing is published", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim the firing at " + firing + " in the database: " + e.getMessage()
                    + "; nothing is published, the run fails and Quartz's next firing goes on", e);
        }
    }

    @Override
    public String publishedBy(String schedule, Instant firing) {
        try {
            Row row = read(schedule, firing);
            return row != null && PUBLISHED.equals(row.status()) ? row.describe() : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** How often a holder renews its heartbeat. */
    Duration heartbeat() {
        return heartbeat;
    }

    /** How old a heartbeat is when another run may take the claim over. */
    Duration staleAfter() {
        return staleAfter;
    }

    /** Threads renewing heartbeats now: none once no claim has been held for a while. */
    int heartbeatThreads() {
        return heartbeats.getPoolSize();
    }

    /** Whether the heartbeats have ended for good (closed). */
    boolean heartbeatsEnded() {
        return heartbeats.isTerminated();
    }

    /** Rounds another run's claim was found publishing and this one waited: a test sees a run wait. */
    long waits() {
        return waits.get();
    }

    /**
     * The context begins stopping: a run waiting for another run's claim stops waiting and fails, nothing published
     * (else the scheduler's shutdown would wait for it, and it might take a stale claim over and upload meanwhile).
     * Claims held keep their heartbeats until {@link #close()}: their runs finish as the shutdown lets them.
     */
    public void stopWaiting() {
        stopping = true;
        synchronized (waking) {
            waking.notifyAll();
        }
    }

    /** Stops renewing heartbeats (a claim still held goes stale, and another replica may take it) and waiting. */
    @Override
    public void close() {
        stopWaiting();
        closed = true;
        heartbeats.shutdownNow();
    }

    /**
     * The claim just committed, its heartbeat started; when the replica closed meanwhile (no heartbeat can start)
     * the row is deleted again, else it would say publishing until another run took it over as stale.
     */
    private Held held(String schedule, Instant firing, String file, String holder) throws SQLException {
        try {
            return new Held(schedule, firing, file, holder);
        } catch (RejectedExecutionException e) {
            onOwnRow("DELETE FROM " + TABLE, schedule, firing, holder);
            throw stoppingWhileWaiting(firing);
        }
    }

    private static IllegalStateException stoppingWhileWaiting(Instant firing) {
        return new IllegalStateException("the replica is stopping: the firing at " + firing + " is not claimed,"
                + " nothing is published");
    }

    private boolean insert(String schedule, Instant firing, String file, String holder) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                     + " (schedule, firing, file, replica, holder, status, heartbeat, claimed_at)"
                     + " VALUES (?, ?, ?, ?, ?, '" + PUBLISHING + "', now(), now()) ON CONFLICT DO NOTHING")) {
            insert.setString(1, schedule);
            insert.setTimestamp(2, Timestamp.from(firing));
            insert.setString(3, file);
            insert.setString(4, replica);
            insert.setString(5, holder);
            return insert.executeUpdate() == 1;
        }
    }

    /** A firing's row as it stands; null when there is none. */
    private Row read(String schedule, Instant firing) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT status, holder, heartbeat, replica, file,"
                     + " claimed_at, heartbeat < now() - ? * interval '1 millisecond', " + HEARTBEAT_MICROS + " FROM " + TABLE
                     + " WHERE schedule = ? AND firing = ?")) {
            select.setLong(1, staleAfter.toMillis());
            select.setString(2, schedule);
            select.setTimestamp(3, Timestamp.from(firing));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Row(row.getString(1), row.getString(2), row.getTimestamp(3), row.getString(4),
                        row.getString(5), row.getTimestamp(6), row.getBoolean(7), row.getLong(8)) : null;
            }
        }
    }

    /** Takes a stale claim over, if it is still as it was read: the same holder, the same heartbeat, still stale. */
    private boolean takeOver(String schedule, Instant firing, String file, String holder, Row stale) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET holder = ?, replica = ?,"
                     + " file = ?, claimed_at = now(), heartbeat = now() WHERE schedule = ? AND firing = ? AND status = '"
                     + PUBLISHING + "' AND holder = ? AND " + HEARTBEAT_MICROS + " = ? AND heartbeat < now() - ? * interval '1 millisecond'")) {
            update.setString(1, holder);
            update.setString(2, replica);
            update.setString(3, file);
            update.setString(4, schedule);
            update.setTimestamp(5, Timestamp.from(firing));
            update.setString(6, stale.holder());
            update.setLong(7, stale.heartbeatMicros());
            update.setLong(8, staleAfter.toMillis());
            return update.executeUpdate() == 1;
        }
    }

    /** Runs one statement on the firing's row where this holder holds it publishing; the rows it changed. */
    private int onOwnRow(String sql, String schedule, Instant firing, String holder) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql + " WHERE schedule = ? AND firing = ?"
                     + " AND holder = ? AND status = '" + PUBLISHING + "'")) {
            statement.setString(1, schedule);
            statement.setTimestamp(2, Timestamp.from(firing));
            statement.setString(3, holder);
            return statement.executeUpdate();
        }
    }

    /** A firing's row. */
    private record Row(String status, String holder, Timestamp heartbeat, String replica, String file,
                       Timestamp claimedAt, boolean stale, long heartbeatMicros) {
        String describe() {
            return "replica " + replica + " (" + file + ", claimed at " + claimedAt.toInstant() + ")";
        }
    }

    /** Another run published the firing. */
    private record Refused(String publishedBy) implements Claim {
        @Override
        public void confirm() {
            throw new IllegalStateException("this run does not hold the claim: " + publishedBy + " published the firing");
        }

        @Override
        public void published() {
            throw new IllegalStateException("this run does not hold the claim: " + publishedBy + " published the firing");
        }

        @Override
        public void close() {
        }
    }

    /** This run holds the claim: the firing's row is its own, publishing, its heartbeat renewed. */
    private final class Held implements Claim {
        private final String schedule;
        private final Instant firing;
        private final String file;
        private final String holder;
        private volatile ScheduledFuture<?> beating;
        private volatile boolean done;
        private boolean renewFailed;

        Held(String schedule, Instant firing, String file, String holder) {
            this.schedule = schedule;
            this.firing = firing;
            this.file = file;
            this.holder = holder;
            long millis = heartbeat.toMillis();
            this.beating = heartbeats.scheduleWithFixedDelay(this::renew, millis, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public String publishedBy() {
            return null;
        }

        /** Synchronized with {@link #confirm()}, which may claim the firing again and renew it anew. */
        private synchronized void renew() {
            try {
                int renewed = onOwnRow("UPDATE " + TABLE + " SET heartbeat = now()", schedule, firing, holder);
                renewFailed = false;
                if (renewed == 0 && !done) {
                    LOG.warn("{} firing at {}: the claim of {} was taken over by another run (this one was paused or"
                            + " cut off for longer than {} s): this run will not publish, unless that run releases the"
                            + " firing before this one confirms", schedule, firing, holder, staleAfter.toMillis() / 1000.0);
                    beating.cancel(false);
                }
            } catch (SQLException | RuntimeException e) {
                if (!renewFailed && !done) { // once per outage: it is tried again at the next beat
                    LOG.warn("{} firing at {}: cannot renew the claim's heartbeat ({}): another replica takes the"
                            + " claim over if this lasts {} s", schedule, firing, e.getMessage(), staleAfter.toMillis() / 1000.0);
                }
                renewFailed = true;
            }
        }

        @Override
        public synchronized void confirm() {
            int confirmed;
            try {
                confirmed = onOwnRow("UPDATE " + TABLE + " SET heartbeat = now()", schedule, firing, holder);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot confirm the claim on the firing at " + firing + " in the database: "
                        + e.getMessage() + "; nothing is published", e);
            }
            if (confirmed == 0) {
                String now;
                try {
                    Row row = read(schedule, firing);
                    // the run that took it over failed since and released it: the firing is unpublished, claim it again
                    if (row == null && insert(schedule, firing, file, holder)) {
                        LOG.info("{} firing at {}: its claim was taken over by another run, which released it since:"
                                + " claimed again by {}", schedule, firing, holder);
                        if (beating.isCancelled()) {
                            long millis = heartbeat.toMillis();
                            beating = heartbeats.scheduleWithFixedDelay(this::renew, millis, millis, TimeUnit.MILLISECONDS);
                        }
                        return;
                    }
                    if (row == null) {
                        row = read(schedule, firing);
                    }
                    now = row == null ? "another run, which released it since" : row.describe();
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot confirm the claim on the firing at " + firing + " in the"
                            + " database: " + e.getMessage() + "; nothing is published", e);
                }
                beating.cancel(false);
                throw new TakenOver(now);
            }
        }

        @Override
        public synchronized void published() {
            done = true;
            beating.cancel(false);
            try {
                if (onOwnRow("UPDATE " + TABLE + " SET status = '" + PUBLISHED + "', heartbeat = now()", schedule,
                        firing, holder) == 0) {
                    LOG.warn("{} firing at {}: published, but its claim was taken over between its confirmation and"
                            + " the rename (this run was paused there): the run that took it may publish it again",
                            schedule, firing);
                }
            } catch (SQLException e) {
                LOG.warn("{} firing at {}: published, but its claim could not be marked so ({}): a run of this firing"
                        + " on another replica may publish it again", schedule, firing, e.getMessage());
            }
        }

        @Override
        public synchronized void close() {
            if (done) {
                return;
            }
            done = true;
            beating.cancel(false);
            try {
                onOwnRow("DELETE FROM " + TABLE, schedule, firing, holder);
            } catch (SQLException e) {
                LOG.warn("{} firing at {}: cannot release the claim ({}): a run of this firing on another replica takes"
                        + " it over once its heartbeat is {} s old", schedule, firing, e.getMessage(),
                        staleAfter.toMillis() / 1000.0);
            }
        }
    }
}
