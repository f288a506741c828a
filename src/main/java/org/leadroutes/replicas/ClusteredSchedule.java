package org.leadroutes.replicas;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;

import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz scheduler of the replicas: a clustered JDBC job store (JobStoreTX, the PostgreSQL delegate) on the
 * shared database, so each firing runs on one replica, and a replica that dies mid-run has its run recovered on
 * another ({@code recoverableJob=true} on the endpoint). Every replica must use the same scheduler name (the
 * Camel context's name, {@code camel.main.name}) and clocks within a second or so of each other.
 */
public final class ClusteredSchedule {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.replicas");

    private ClusteredSchedule() {
    }

    /** Quartz's settings; the job store reads the connections of {@code dataSourceName}. */
    static Properties properties(String schedulerName, String dataSourceName, long checkinMillis) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", schedulerName);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", QuartzTables.PREFIX);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinMillis));
        // a firing missed by more than this (every replica down) runs once, at once, when one is back
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /**
     * A scheduler, not started (Camel's quartz component starts it with the context), on the shared tables,
     * created first when absent. A stored trigger for {@code group/name} whose cron or time zone differs from
     * the settings, or whose job would not be recovered, is removed so that the endpoint stores the new one:
     * Camel reschedules only on a changed cron expression, and a changed time zone would leave the old
     * trigger firing.
     */
    public static Scheduler create(ClusterDatabase database, String schedulerName, long checkinMillis, String group,
                                   String name, String cron, String zone) throws SchedulerException, SQLException {
        QuartzTables.createIfAbsent(database.dataSource());
        String dataSourceName = Connections.register(schedulerName, database.dataSource());
        Scheduler scheduler = new StdSchedulerFactory(properties(schedulerName, dataSourceName, checkinMillis)).getScheduler();
        try {
            replaceStale(scheduler, group, name, cron, zone);
        } catch (SchedulerException | RuntimeException e) { // the start fails: its threads are not left running
            scheduler.shutdown(false);
            throw e;
        }
        return scheduler;
    }

    /**
     * The job store's connections. Quartz looks a job store's connections up by name in its JVM-wide
     * {@link DBConnectionManager}, which has no way to remove one; so, as Spring's {@code LocalDataSourceJobStore}
     * does, the name is the scheduler's (unique in a JVM: Quartz keeps one scheduler per name), a scheduler made
     * again under that name replaces the entry, and the job store's shutdown (with the scheduler's) lets go of the
     * pool: what stays registered is a provider that holds nothing and refuses connections.
     */
    static final class Connections implements ConnectionProvider {

        private volatile javax.sql.DataSource dataSource;

        private Connections(javax.sql.DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** Registers the pool for the scheduler of that name; returns the data source name its job store reads. */
        static String register(String schedulerName, javax.sql.DataSource dataSource) {
            String name = "leads-cluster-" + schedulerName;
            DBConnectionManager.getInstance().addConnectionProvider(name, new Connections(dataSource));
            return name;
        }

        @Override
        public Connection getConnection() throws SQLException {
            javax.sql.DataSource pool = dataSource;
            if (pool == null) {
                throw new SQLException("the export schedule's scheduler has shut down: it has no connections");
            }
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
            dataSource = null; // the pool itself is closed with the context, after the scheduler
        }

        @Override
        public void initialize() {
            // nothing: the pool exists
        }
    }

    static void replaceStale(Scheduler scheduler, String group, String name, String cron, String zone)
            throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(name, group);
        Trigger stored = scheduler.getTrigger(key);
        JobDetail job = scheduler.getJobDetail(JobKey.jobKey(name, group));
        String wantedZone = TimeZone.getTimeZone(zone).getID();
        if (stored instanceof CronTrigger storedCron && (!storedCron.getCronExpression().equals(cron)
                || !storedCron.getTimeZone().getID().equals(wantedZone))) {
            LOG.info("the stored export schedule ({} in {}) differs from the settings ({} in {}): replaced",
                    storedCron.getCronExpression(), storedCron.getTimeZone().getID(), cron, wantedZone);
            scheduler.unscheduleJob(key);
        } else if (stored != null && !(stored instanceof CronTrigger)) {
            scheduler.unscheduleJob(key);
        }
        if (job != null && !job.requestsRecovery() && scheduler.checkExists(job.getKey())) {
            scheduler.deleteJob(job.getKey()); // stored by a version without recovery: stored anew
        }
    }
}
