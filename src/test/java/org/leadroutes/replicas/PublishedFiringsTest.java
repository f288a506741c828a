package org.leadroutes.replicas;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leadroutes.TestKinds;
import org.leadroutes.exporting.FiringClaims;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export's firing claims ({@link PublishedFirings}) against the machine's real PostgreSQL, a fresh database per
 * test: a claim is a committed row with a status, a holder and a heartbeat by the database's clock; another run
 * waits for it, and takes it over only once its heartbeat is stale (set in the past here, never slept for).
 */
@TestKinds.NeedsPostgres
class PublishedFiringsTest {

    static final Instant FIRING = Instant.parse("2026-12-05T02:00:00Z");
    /** Claims that renew no heartbeat during a test: a claim goes stale only when a test says so. */
    static final Duration HOUR = Duration.ofHours(1);

    private TestDatabase db;
    private ClusterDatabase pool;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.create();
        pool = ClusterDatabase.pooled(db.url(), TestDatabase.USER, "", 6);
        closing.add(pool);
        PublishedFirings.createIfAbsent(pool.dataSource());
    }

    @AfterEach
    void drop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        db.close();
    }

    private PublishedFirings replica(String name, Duration heartbeat, Duration staleAfter) {
        PublishedFirings firings = new PublishedFirings(pool.dataSource(), name, heartbeat, staleAfter);
        closing.add(firings);
        return firings;
    }

    private PublishedFirings replica(String name) {
        return replica(name, HOUR, HOUR.multipliedBy(2));
    }

    private static CompletableFuture<FiringClaims.Claim> claimAsync(PublishedFirings firings, String file) {
        return CompletableFuture.supplyAsync(() -> firings.claim("leads.export", FIRING, file));
    }

    @Test
    void aFiringIsPublishedByOneRunTheOtherWaitsWithoutHoldingAConnectionThenStops() throws Exception {
        PublishedFirings.createIfAbsent(pool.dataSource()); // a second replica starting: nothing dropped
        PublishedFirings paused = replica("paused#1");
        PublishedFirings recovering = replica("recovering#2", Duration.ofMillis(50), HOUR);
        FiringClaims.Claim first = paused.claim("leads.export", FIRING, "leads-1.csv");
        assertNull(first.publishedBy(), "the first run holds the claim");
        assertEquals(List.of("publishing"), column("status"), "the claim is committed, as publishing");
        CompletableFuture<FiringClaims.Claim> second = claimAsync(recovering, "leads-1.csv");
        await("the second run waits while the first publishes").atMost(Duration.ofSeconds(10))
                .until(() -> recovering.waits() >= 3);
        assertFalse(second.isDone(), "the second run waits for the first's claim");
        assertEquals(0, sessionsInATransaction(), "no transaction is kept open while a run publishes or waits");
        assertNull(paused.publishedBy("leads.export", FIRING), "publishing is not published");
        first.confirm(); // right before its rename: still its own
        first.published();
        FiringClaims.Claim refused = second.get(10, TimeUnit.SECONDS);
        assertTrue(refused.publishedBy() != null && refused.publishedBy().contains("paused#1"), refused.publishedBy());
        assertThrows(IllegalStateException.class, refused::published, "a refused run cannot publish");
        refused.close();
        assertEquals(List.of("published"), column("status"));
        assertTrue(recovering.publishedBy("leads.export", FIRING).contains("paused#1"));
        // another firing of the same schedule is a claim of its own
        try (FiringClaims.Claim next = recovering.claim("leads.export", FIRING.plusSeconds(86400), "leads-2.csv")) {
            assertNull(next.publishedBy());
            next.published();
        }
    }

    @Test
    void aClaimReleasedWithoutPublishingLetsTheWaitingRunPublish() throws Exception {
        PublishedFirings one = replica("one#1");
        PublishedFirings other = replica("other#2", Duration.ofMillis(50), HOUR);
        FiringClaims.Claim failed = one.claim("leads.export", FIRING, "leads.csv");
        CompletableFuture<FiringClaims.Claim> waiting = claimAsync(other, "leads.csv");
        await("the other run waits for the claim").atMost(Duration.ofSeconds(10)).until(() -> other.waits() >= 1);
        assertFalse(waiting.isDone());
        failed.close(); // the run failed before publishing: its row is deleted
        FiringClaims.Claim taken = waiting.get(10, TimeUnit.SECONDS);
        assertNull(taken.publishedBy(), "the other run publishes");
        taken.confirm();
        taken.published();
        assertEquals(List.of("other#2"), column("replica"), "one row per firing, the publisher's");
        assertEquals(List.of("published"), column("status"));
    }

    /**
     * A replica whose context begins stopping gives up waiting for another replica's claim (the scheduler's shutdown
     * would otherwise wait for that run), with nothing published; the claims it holds keep their heartbeats.
     */
    @Test
    void aStoppingReplicaStopsWaitingButKeepsRenewingWhatItHolds() throws Exception {
        PublishedFirings other = replica("other#1");
        PublishedFirings stopping = replica("stopping#2", Duration.ofMillis(100), HOUR);
        FiringClaims.Claim othersClaim = other.claim("leads.export", FIRING, "leads.csv");
        FiringClaims.Claim held = stopping.claim("leads.export", FIRING.plusSeconds(86400), "leads-2.csv");
        CompletableFuture<FiringClaims.Claim> waiting = claimAsync(stopping, "leads.csv");
        await("the run waits for the other replica's claim").atMost(Duration.ofSeconds(10))
                .until(() -> stopping.waits() >= 1);

        stopping.stopWaiting(); // what the context's stopping event does
        FiringClaims.Claim gaveUp = waiting.get(10, TimeUnit.SECONDS);
        assertTrue(gaveUp.publishedBy() != null && gaveUp.publishedBy().contains("other#1"),
                "the waiting run stops waiting, leaving the firing to the run that holds it: " + gaveUp.publishedBy());
        assertTrue(stopping.claim("leads.export", FIRING, "leads.csv").publishedBy() != null,
                "a run that comes to claim from then on does not wait either");
        assertEquals(List.of("other#1", "stopping#2"), column("replica"), "the other replica's claim is untouched");
        FiringClaims.Claim free = stopping.claim("leads.export", FIRING.plusSeconds(2 * 86400), "leads-3.csv");
        assertNull(free.publishedBy(), "a firing no run holds is claimed while the replica stops: its run publishes");
        free.close();

        Timestamp beat = heartbeat(FIRING.plusSeconds(86400));
        await("the claim it holds is still renewed").atMost(Duration.ofSeconds(10))
                .until(() -> heartbeat(FIRING.plusSeconds(86400)).after(beat));
        held.confirm();
        held.published();
        othersClaim.close();
        assertEquals(List.of("published"), column("status"), "its own run published; the other's released its claim");
    }

    /** A replica closed between a run's insert and the start of its heartbeat: the row is not left publishing. */
    @Test
    void aClaimCommittedAsTheReplicaClosesIsDeletedAgain() throws Exception {
        PublishedFirings[] toClose = new PublishedFirings[1];
        javax.sql.DataSource closesOnFirstUse = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && toClose[0] != null) {
                        toClose[0].close(); // the context stops while the run's insert is on its way
                        toClose[0] = null;
                    }
                    return method.invoke(pool.dataSource(), args);
                });
        PublishedFirings firings = new PublishedFirings(closesOnFirstUse, "closing#1", HOUR, HOUR.multipliedBy(2));
        closing.add(firings);
        toClose[0] = firings;
        assertThrows(IllegalStateException.class, () -> firings.claim("leads.export", FIRING, "leads.csv"));
        assertEquals(List.of(), column("replica"), "no row left saying publishing");
    }

    /**
     * The holder's replica paused (its heartbeat stopped): of two runs waiting for the firing, one takes the claim
     * over and publishes, the other then stops; the paused holder, resumed, cannot confirm its claim.
     */
    @Test
    void aStaleClaimIsTakenOverByOneRunAndItsHolderCannotConfirmIt() throws Exception {
        PublishedFirings paused = replica("paused#1");
        FiringClaims.Claim stale = paused.claim("leads.export", FIRING, "leads.csv");
        try (Connection c = db.connect(); Statement sql = c.createStatement()) { // its last beat three hours ago
            sql.execute("UPDATE " + PublishedFirings.TABLE + " SET heartbeat = now() - interval '3 hours'");
        }
        PublishedFirings b = replica("b#2", Duration.ofMillis(50), HOUR.multipliedBy(2));
        PublishedFirings c = replica("c#3", Duration.ofMillis(50), HOUR.multipliedBy(2));
        CompletableFuture<FiringClaims.Claim> fromB = claimAsync(b, "leads.csv");
        CompletableFuture<FiringClaims.Claim> fromC = claimAsync(c, "leads.csv");
        await("one of the two takes the claim over").atMost(Duration.ofSeconds(10))
                .until(() -> fromB.isDone() || fromC.isDone());
        FiringClaims.Claim taker = fromB.isDone() ? fromB.get() : fromC.get();
        CompletableFuture<FiringClaims.Claim> other = fromB.isDone() ? fromC : fromB;
        PublishedFirings waiter = fromB.isDone() ? c : b;
        String takerName = fromB.isDone() ? "b#2" : "c#3";
        assertNull(taker.publishedBy(), "the claim is taken over");
        await("the other waits for the run that took it").atMost(Duration.ofSeconds(10)).until(() -> waiter.waits() >= 2);
        assertFalse(other.isDone(), "a fresh claim is not taken over twice");

        FiringClaims.TakenOver fenced = assertThrows(FiringClaims.TakenOver.class, stale::confirm,
                "the paused run, resumed, does not publish");
        assertTrue(fenced.by().contains(takerName), fenced.by());
        stale.close(); // its run stops: the claim it lost is not released by it
        assertEquals(List.of(takerName), column("replica"));

        taker.confirm();
        taker.published();
        FiringClaims.Claim refused = other.get(10, TimeUnit.SECONDS);
        assertTrue(refused.publishedBy() != null && refused.publishedBy().contains(takerName), refused.publishedBy());
        assertEquals(List.of("published"), column("status"));
    }

    /**
     * The run that took a stale claim over failed and released it: the firing is unpublished, so the first holder,
     * resumed, claims it again at its confirmation and publishes.
     */
    @Test
    void aClaimTakenOverThenReleasedIsClaimedAgainAtTheConfirmation() throws Exception {
        PublishedFirings paused = replica("paused#1");
        FiringClaims.Claim resumed = paused.claim("leads.export", FIRING, "leads.csv");
        try (Connection c = db.connect(); Statement sql = c.createStatement()) {
            sql.execute("UPDATE " + PublishedFirings.TABLE + " SET heartbeat = now() - interval '3 hours'");
        }
        PublishedFirings other = replica("other#2", Duration.ofMillis(50), HOUR.multipliedBy(2));
        FiringClaims.Claim taker = other.claim("leads.export", FIRING, "leads.csv");
        assertNull(taker.publishedBy(), "the stale claim is taken over");
        taker.close(); // that run failed before publishing: it releases the firing
        assertEquals(List.of(), column("replica"));

        resumed.confirm(); // no TakenOver: the firing is free, claimed again
        assertEquals(List.of("paused#1"), column("replica"));
        assertEquals(List.of("publishing"), column("status"));
        resumed.published();
        assertEquals(List.of("published"), column("status"));
        assertTrue(other.publishedBy("leads.export", FIRING).contains("paused#1"));
    }

    /**
     * A holder that renews its heartbeat keeps its claim however long it publishes: its heartbeat, set as old as a
     * stale one, is renewed by the database's clock, and a run that comes then waits rather than take it over. Its
     * thread ends when no claim is held, and for good when the replica closes.
     */
    @Test
    void aHolderRenewsItsHeartbeatByTheDatabasesClockAndKeepsItsClaim() throws Exception {
        PublishedFirings holder = replica("holder#1", Duration.ofMillis(100), HOUR.multipliedBy(2));
        PublishedFirings waiter = replica("waiter#2", Duration.ofMillis(50), HOUR.multipliedBy(2));
        FiringClaims.Claim held = holder.claim("leads.export", FIRING, "leads.csv");
        try (Connection c = db.connect(); Statement sql = c.createStatement()) { // as if it had published for 3 hours
            sql.execute("UPDATE " + PublishedFirings.TABLE + " SET heartbeat = now() - interval '3 hours'");
        }
        Timestamp stale = heartbeat();
        await("the heartbeat renewed").atMost(Duration.ofSeconds(10)).until(() -> heartbeat().after(stale));
        assertEquals(List.of("f"), column("heartbeat < now() - interval '2 hours'"), "fresh again, by the database's clock");
        CompletableFuture<FiringClaims.Claim> waiting = claimAsync(waiter, "leads.csv");
        await("the other run waits").atMost(Duration.ofSeconds(10)).until(() -> waiter.waits() >= 2);
        assertFalse(waiting.isDone(), "a claim whose holder renews it is not taken over");
        assertEquals(List.of("holder#1"), column("replica"));
        held.confirm();
        held.published();
        assertTrue(waiting.get(10, TimeUnit.SECONDS).publishedBy().contains("holder#1"));
        await("no heartbeat thread once no claim is held").atMost(Duration.ofSeconds(30))
                .until(() -> holder.heartbeatThreads() == 0);
        holder.close();
        await("the heartbeats end with the replica").atMost(Duration.ofSeconds(10)).until(holder::heartbeatsEnded);
    }

    @Test
    void aTableOfTheVersionBeforeStatusesIsUpgradedAndItsRowsArePublished() throws Exception {
        try (Connection c = db.connect(); Statement sql = c.createStatement()) {
            tableOfTheVersionBeforeStatuses(sql);
            sql.execute("INSERT INTO " + PublishedFirings.TABLE + " (schedule, firing, file, replica) VALUES"
                    + " ('leads.export', '" + FIRING + "', 'leads.csv', 'old#1')");
        }
        PublishedFirings.createIfAbsent(pool.dataSource());
        assertEquals(List.of("published"), column("status"), "a row of the old table is a firing published");
        try (Connection reading = readingTheTable()) { // another replica's run in the middle of a statement on it
            // the next start finds every column: it issues no ALTER, which would wait for that run (and block the
            // others); one would fail here at once, its lock timeout a millisecond
            PublishedFirings.createIfAbsent(pool.dataSource(), Duration.ofMillis(1));
        }
        PublishedFirings upgraded = replica("new#2");
        try (FiringClaims.Claim refused = upgraded.claim("leads.export", FIRING, "leads.csv")) {
            assertTrue(refused.publishedBy() != null && refused.publishedBy().contains("old#1"), refused.publishedBy());
        }
        try (FiringClaims.Claim next = upgraded.claim("leads.export", FIRING.plusSeconds(86400), "leads-2.csv")) {
            assertNull(next.publishedBy(), "the next firing is claimed on the upgraded table");
            next.confirm();
            next.published();
        }
        assertEquals(List.of("published", "published"), column("status"));
    }

    /** An upgrade that cannot lock the table soon fails with words a user can act on, and changes nothing. */
    @Test
    void anUpgradeThatCannotLockTheTableFailsClearlyInsteadOfWaiting() throws Exception {
        try (Connection c = db.connect(); Statement sql = c.createStatement()) {
            tableOfTheVersionBeforeStatuses(sql);
        }
        try (Connection reading = readingTheTable()) {
            SQLException refused = assertThrows(SQLException.class, // within its lock timeout, not the reader's time
                    () -> PublishedFirings.createIfAbsent(pool.dataSource(), Duration.ofMillis(200)));
            assertTrue(refused.getMessage().contains(PublishedFirings.TABLE) && refused.getMessage().contains("start"),
                    refused.getMessage());
        }
        assertThrows(SQLException.class, () -> column("status"), "nothing was changed");
        PublishedFirings.createIfAbsent(pool.dataSource()); // the lock gone, the next start upgrades it
        assertEquals(List.of(), column("status"));
    }

    @Test
    void theStalenessBoundIsQuartzsOwnForADeadReplica() {
        try (PublishedFirings firings = PublishedFirings.forCheckin(pool.dataSource(), "r#1", 7500)) {
            assertEquals(Duration.ofMillis(15_000), firings.staleAfter(), "the check-in interval plus Quartz's 7.5 s");
            assertEquals(Duration.ofMillis(3750), firings.heartbeat(), "renewed twice a check-in interval");
            try (PublishedFirings tiny = PublishedFirings.forCheckin(pool.dataSource(), "r#2", 1)) {
                assertEquals(Duration.ofMillis(250), tiny.heartbeat(), "not an UPDATE every millisecond");
            }
            assertThrows(IllegalArgumentException.class, () -> new PublishedFirings(pool.dataSource(), "r#1",
                    Duration.ofSeconds(10), Duration.ofSeconds(15)), "a claim renewed less than twice before it is stale");
        }
    }

    private List<String> column(String name) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT " + name + " FROM " + PublishedFirings.TABLE + " ORDER BY firing")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** A session in a transaction that has read the table: it holds a lock on it until it ends. */
    private Connection readingTheTable() throws Exception {
        Connection c = db.connect();
        c.setAutoCommit(false);
        try (Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + PublishedFirings.TABLE)) {
            rows.next();
        }
        return c;
    }

    private Timestamp heartbeat(Instant firing) throws Exception {
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT heartbeat FROM " + PublishedFirings.TABLE + " WHERE firing = '"
                     + firing + "'")) {
            rows.next();
            return rows.getTimestamp(1);
        }
    }

    private Timestamp heartbeat() throws Exception {
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT heartbeat FROM " + PublishedFirings.TABLE)) {
            rows.next();
            return rows.getTimestamp(1);
        }
    }

    private int sessionsInATransaction() throws Exception {
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND state LIKE 'idle in transaction%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The claims table as the version before the claim's status made it: no status, holder or heartbeat. */
    private static void tableOfTheVersionBeforeStatuses(Statement sql) throws SQLException {
        sql.execute("DROP TABLE " + PublishedFirings.TABLE);
        sql.execute("CREATE TABLE " + PublishedFirings.TABLE + " (schedule VARCHAR(200) NOT NULL, firing TIMESTAMPTZ"
                + " NOT NULL, file VARCHAR(1000) NOT NULL, replica VARCHAR(200) NOT NULL, claimed_at TIMESTAMPTZ NOT NULL"
                + " DEFAULT now(), PRIMARY KEY (schedule, firing))");
    }
}
