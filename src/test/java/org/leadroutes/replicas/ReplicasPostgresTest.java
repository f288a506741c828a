package org.leadroutes.replicas;

import org.leadroutes.TestKinds;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replicas' pieces against the machine's real PostgreSQL, a fresh database per test. */
@TestKinds.BootsFlow
@TestKinds.NeedsPostgres
class ReplicasPostgresTest {

    private TestDatabase db;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void database() {
        db = TestDatabase.create();
    }

    @AfterEach
    void drop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        db.close();
    }

    private ClusterDatabase pool() {
        ClusterDatabase pool = ClusterDatabase.pooled(db.url(), TestDatabase.USER, "", 4);
        closing.add(pool);
        return pool;
    }

    /** A replica's own pool, as each process has: its sessions carry its name, so the server tells whose they are. */
    private ClusterDatabase pool(String replica) {
        ClusterDatabase pool = ClusterDatabase.pooled(db.url() + "?ApplicationName=" + replica, TestDatabase.USER, "", 4);
        closing.add(pool);
        return pool;
    }

    @Test
    void someOfQuartzsTablesWithoutItsLocksAreLeftAloneAndTheStartRefused() throws Exception {
        ClusterDatabase pool = pool();
        try (Connection c = db.connect(); Statement sql = c.createStatement()) {
            sql.execute("CREATE TABLE qrtz_calendars (sched_name VARCHAR(120) NOT NULL, calendar_name VARCHAR(200)"
                    + " NOT NULL, calendar BYTEA NOT NULL)");
            sql.execute("INSERT INTO qrtz_calendars VALUES ('keep', 'me', '\\x00')");
        }
        java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> QuartzTables.createIfAbsent(pool.dataSource()));
        assertTrue(refused.getMessage().contains("qrtz_calendars"), refused.getMessage());
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM qrtz_calendars")) {
            rows.next();
            assertEquals(1, rows.getInt(1), "Quartz's script, which drops its tables first, was not run");
        }
    }

    @Test
    void quartzTablesAreCreatedWhenAbsentAndNeverDropped() throws Exception {
        ClusterDatabase pool = pool();
        QuartzTables.createIfAbsent(pool.dataSource()); // Quartz's own script, as it ships
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet tables = sql.executeQuery("SELECT count(*) FROM information_schema.tables"
                     + " WHERE table_schema = current_schema() AND table_name LIKE 'qrtz\\_%'")) {
            tables.next();
            assertEquals(11, tables.getInt(1), "every table of Quartz's script");
        }
        try (Connection c = db.connect(); Statement sql = c.createStatement()) {
            sql.execute("INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ('keep', 'me')");
        }
        QuartzTables.createIfAbsent(pool.dataSource()); // a second replica starting: nothing dropped
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM qrtz_locks WHERE sched_name = 'keep'")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
    }

    @Test
    void aChangedCronOrTimeZoneReplacesTheStoredTrigger() throws Exception {
        ClusterDatabase pool = pool();
        runSchedule(pool, "0 0 2 * * ?", "UTC");
        assertEquals(List.of("0 0 2 * * ?|UTC"), storedTriggers());
        runSchedule(pool, "0 0 2 * * ?", "Europe/Berlin"); // Camel alone would keep the UTC trigger firing
        assertEquals(List.of("0 0 2 * * ?|Europe/Berlin"), storedTriggers());
        runSchedule(pool, "0 30 3 * * ?", "Europe/Berlin");
        assertEquals(List.of("0 30 3 * * ?|Europe/Berlin"), storedTriggers());
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT requests_recovery FROM qrtz_job_details")) {
            assertTrue(rows.next());
            assertTrue(rows.getBoolean(1), "the export's job is recovered on another replica when its replica dies");
        }
    }

    private void runSchedule(ClusterDatabase pool, String cron, String zone) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("crm-lead-routes");
            context.getComponent("quartz", QuartzComponent.class).setScheduler(
                    ClusteredSchedule.create(pool, context.getName(), 5000, "leads", "export", cron, zone));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("quartz://leads/export?recoverableJob=true&cron=" + cron.replace(' ', '+')
                            + "&trigger.timeZone=" + zone).routeId("export-schedule").log("fired");
                }
            });
            context.start();
            assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("export-schedule"));
            context.getComponent("quartz", QuartzComponent.class).getScheduler().shutdown(true);
        }
    }

    private List<String> storedTriggers() throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT cron_expression, time_zone_id FROM qrtz_cron_triggers")) {
            while (rows.next()) {
                found.add(rows.getString(1) + "|" + rows.getString(2));
            }
        }
        return found;
    }

    @Test
    void oneReplicaImportsAtATimeAndAnotherTakesOverWhenItStops() throws Exception {
        CamelContext first = replica(pool("first"), "first");
        await().atMost(Duration.ofSeconds(20)).until(() -> started(first));
        CamelContext second = replica(pool("second"), "second");
        ImportLeadership secondLeads = second.getRegistry().lookupByNameAndType("leadership", ImportLeadership.class);
        // the second asked for the lock while the first's session held it: it was refused, so it leads nothing
        await("the second replica asks for the lock").atMost(Duration.ofSeconds(10)).until(() -> askedForTheLock("second"));
        assertEquals("first", lockHolder());
        assertFalse(started(second));
        assertFalse(secondLeads.leadsImport());
        first.close(); // its session ends: the lock is free
        await().atMost(Duration.ofSeconds(20)).until(() -> started(second));
        assertTrue(secondLeads.leadsImport());
    }

    @Test
    void aLostSessionEndsLeadershipAndTheLockGoesToTheNext() throws Exception {
        CamelContext first = replica(pool("first"), "first");
        await().atMost(Duration.ofSeconds(20)).until(() -> started(first));
        CamelContext second = replica(pool("second"), "second");
        try (Connection c = db.connect(); Statement sql = c.createStatement()) { // as a database restart would
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = "
                    + ImportLeadership.LOCK_CLASS);
        }
        // the leader takes its lock back, or the other took it and the leader stopped: the replica whose session
        // holds the lock imports and the other does not; the other cannot start while that session lives
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String holder = lockHolder();
            return holder != null && started("first".equals(holder) ? first : second)
                    && !started("first".equals(holder) ? second : first);
        });
    }

    /**
     * The leader's session ended by the server without a restart (an administrator, a proxy, a network break the
     * server noticed): the other replica may take the lock at once. The old leader's permit is refused the moment
     * it finds out, and the new one's only after that: never two replicas allowed to start leads at once.
     */
    @Test
    void aLeaderWhoseSessionEndsRefusesAtOnceAndTheNextLeadsOnlyAfterIt() throws Exception {
        CamelContext first = replica(pool("first"), "first");
        await().atMost(Duration.ofSeconds(20)).until(() -> started(first));
        ImportLeadership one = first.getRegistry().lookupByNameAndType("leadership", ImportLeadership.class);
        CamelContext second = replica(pool("second"), "second");
        ImportLeadership other = second.getRegistry().lookupByNameAndType("leadership", ImportLeadership.class);
        assertEquals(null, one.refusal(), "the leader may import");
        assertTrue(other.refusal() != null && other.refusal().contains("no longer holds"), other.refusal());
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledExecutorService sampling = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            sampling.scheduleAtFixedRate(() -> {
                if (one.refusal() == null && other.refusal() == null) {
                    overlaps.incrementAndGet();
                }
            }, 0, 5, java.util.concurrent.TimeUnit.MILLISECONDS);
            try (Connection c = db.connect(); Statement sql = c.createStatement()) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = "
                        + ImportLeadership.LOCK_CLASS);
            }
            // sampled until the replica whose session holds the lock may import and the other may not: from then
            // on the other's permit stays refused, as it cannot take the lock while that session lives
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String holder = lockHolder();
                return holder != null && ("first".equals(holder) ? one : other).refusal() == null
                        && ("first".equals(holder) ? other : one).refusal() != null;
            });
        } finally {
            sampling.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "samples where both replicas were allowed to import");
    }

    /** The replica whose session holds the import's lock (its pool's application name), or null when none does. */
    private String lockHolder() throws Exception {
        try (Connection c = db.connect(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                     + " WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                     + " AND l.granted AND l.classid = " + ImportLeadership.LOCK_CLASS)) {
            String holder = rows.next() ? rows.getString(1) : null;
            assertFalse(rows.next(), "one session holds the lock");
            return holder;
        }
    }

    /** Whether a session of {@code replica} has asked for the import's lock and had its answer. */
    private boolean askedForTheLock(String replica) throws Exception {
        try (Connection c = db.connect(); java.sql.PreparedStatement sql = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = ? AND state = 'idle'"
                + " AND query LIKE '%pg_try_advisory_lock(%'")) {
            sql.setString(1, replica);
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        }
    }

    private CamelContext replica(ClusterDatabase pool, String name) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        ImportLeadership leadership = new ImportLeadership(pool.dataSource(), Duration.ofMillis(300), Duration.ofSeconds(1), name);
        leadership.setCamelContext(context);
        context.addService(leadership);
        context.getRegistry().bind("leadership", leadership);
        context.addRoutePolicyFactory((ctx, routeId, route) -> {
            try {
                return ClusteredRoutePolicy.forNamespace(leadership, ImportLeadership.NAMESPACE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:inbox?period=1000").routeId("import-inbox").log("polling");
            }
        });
        context.start();
        closing.add(context);
        return context;
    }

    private static boolean started(CamelContext context) {
        return context.getRouteController().getRouteStatus("import-inbox") == ServiceStatus.Started;
    }

    @Test
    void anUnreachableDatabaseNamesTheSetting() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (ClusterDatabase nowhere = ClusterDatabase.pooled("jdbc:postgresql://127.0.0.1:" + port + "/leads?password=secret",
                "leads", "secret", 2)) {
            DatabaseUnreachableException e = assertThrows(DatabaseUnreachableException.class, nowhere::check);
            assertTrue(e.getMessage().contains("leads.cluster.jdbc-url"), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }
}
