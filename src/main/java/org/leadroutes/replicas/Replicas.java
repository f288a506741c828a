package org.leadroutes.replicas;

import java.net.InetAddress;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.leadroutes.exporting.FiringClaims;
import org.leadroutes.importing.ImportFlow;
import org.leadroutes.importing.ImportPermit;
import org.leadroutes.undoing.UndoFlow;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several replicas on one data folder, coordinating through PostgreSQL ({@code leads.cluster.*}): installed in a
 * context when {@code leads.cluster.jdbc-url} is set or the host binds a {@link DataSource} named {@value
 * ClusterDatabase#DATA_SOURCE_BEAN}; otherwise nothing changes (one process, no database).
 * <ul>
 * <li>the routes of the group {@value ImportFlow#LEADER_GROUP} (the flows' inbox routes say so in their YAML) run on the
 * leader only ({@link ImportLeadership}, Camel's {@link ClusteredRoutePolicy});
 * <li>the export's Quartz schedule is clustered ({@link ClusteredSchedule}): each firing runs on one replica, and
 * its file is published by one run ({@link PublishedFirings}) even when a paused replica's run was recovered;
 * <li>readiness includes the database, and says whether this replica leads the import ({@link ReplicaHealth}).
 * </ul>
 */
public final class Replicas {

    /** The {@link ImportLeadership} in the registry, when the replicas coordinate. */
    public static final String LEADERSHIP_BEAN = "leadsImportLeadership";

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.replicas");

    /**
     * What the replicas need to know.
     *
     * @param once          a one-shot run: no route policy and no clustered schedule (it leads by {@link
     *                      ImportLeadership#tryLeadOnce()} and fires nothing)
     * @param importEnabled the import runs on this replica (else it must not take the lead it would not use)
     * @param exportEnabled the schedule runs on this replica (else it must not take firings it would lose)
     */
    public record Settings(String jdbcUrl, String username, String password, int poolSize, Duration lockCheck,
                           Duration restartGrace, long checkinMillis, String scheduleGroup, String scheduleName,
                           String cron, String zone, boolean once, boolean importEnabled, boolean exportEnabled) {

        @Override
        public String toString() { // never the password
            return "Settings[" + ClusterDatabase.describe(jdbcUrl) + ", user " + username + "]";
        }
    }

    private Replicas() {
    }

    /**
     * Sets the context up as one of the replicas, or does nothing when no database is configured.
     *
     * @return whether the replicas coordinate
     * @throws DatabaseUnreachableException when the database does not answer (the message names the setting)
     */
    public static boolean install(CamelContext context, Settings settings) throws Exception {
        DataSource hosted = context.getRegistry().lookupByNameAndType(ClusterDatabase.DATA_SOURCE_BEAN, DataSource.class);
        if (hosted == null && settings.jdbcUrl().isBlank()) {
            return false;
        }
        ClusterDatabase database = hosted != null ? ClusterDatabase.hosted(hosted)
                : ClusterDatabase.pooled(settings.jdbcUrl(), settings.username(), settings.password(), settings.poolSize());
        try {
            database.check();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        String replica = replicaName();
        ImportLeadership leadership = new ImportLeadership(database.dataSource(), settings.lockCheck(),
                settings.restartGrace(), replica);
        leadership.setCamelContext(context);
        context.getRegistry().bind(LEADERSHIP_BEAN, leadership);
        Scheduler scheduler = null;
        PublishedFirings firings = null;
        if (!settings.once() && settings.exportEnabled()) {
            try {
                // a run Quartz recovered elsewhere while this replica was only paused: one of the two publishes
                PublishedFirings.createIfAbsent(database.dataSource());
                scheduler = ClusteredSchedule.create(database, context.getName(), settings.checkinMillis(),
                        settings.scheduleGroup(), settings.scheduleName(), settings.cron(), settings.zone());
            } catch (Exception e) { // the start fails: nothing of this replica's is left running (a host may retry)
                database.close();
                throw e;
            }
            context.getComponent("quartz", QuartzComponent.class).setScheduler(scheduler);
            firings = PublishedFirings.forCheckin(database.dataSource(), replica, settings.checkinMillis());
            context.getRegistry().bind(FiringClaims.BEAN, firings);
            Scheduler firing = scheduler;
            PublishedFirings claims = firings;
            // a trigger taken while the routes stop would find no consumer and be lost: take none from then on;
            // a run waiting for another replica's claim gives up, else the scheduler's shutdown waits for it
            context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) throws Exception {
                    if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                        try {
                            firing.standby();
                        } finally {
                            claims.stopWaiting();
                        }
                    }
                }

                @Override
                public boolean isEnabled(CamelEvent event) {
                    return event instanceof CamelEvent.CamelContextStoppingEvent;
                }
            });
        }
        if (!settings.once() && settings.importEnabled()) {
            context.addService(leadership);
            // the drop in progress starts no lead once this replica's lock is gone, before its route stops
            context.getRegistry().bind(ImportPermit.BEAN, leadership);
            // the routes the flows put in the leader's group (import.yaml's inbox, undo.yaml's) run on the leader only
            context.addRoutePolicyFactory((ctx, routeId, route) -> {
                if (!leaderOnly(routeId, route)) {
                    return null;
                }
                try {
                    return ClusteredRoutePolicy.forNamespace(leadership, ImportLeadership.NAMESPACE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        context.addService(new Closing(scheduler, firings, database));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new ReplicaHealth(database, leadership, settings.once()));
        }
        if (context.getClassResolver().resolveClass("io.micrometer.core.instrument.MeterRegistry") != null) {
            context.addStartupListener((started, alreadyStarted) -> LeaderMetric.bindIfPresent(started, leadership));
        }
        LOG.info("replica {}: coordinating with the other replicas through PostgreSQL at {}: {}{}", replica,
                database.described(), settings.once() ? "this one-shot run imports only if no other replica does"
                        : "the import runs on one replica at a time",
                scheduler != null ? ", each scheduled export runs once (clustered Quartz " + context.getName() + ")" : "");
        return true;
    }

    /**
     * Whether a route runs on the leader only: a route of the group {@value ImportFlow#LEADER_GROUP}, as the flows
     * declare their inbox routes. The two inbox routes the library's flows have are so even without the group: a
     * {@code routes/} folder copied before the group was declared must not have every replica read the inbox.
     */
    static boolean leaderOnly(String routeId, NamedNode route) {
        if (route instanceof RouteDefinition definition && ImportFlow.LEADER_GROUP.equals(definition.getGroup())) {
            return true;
        }
        if (ImportFlow.ROUTE.equals(routeId) || UndoFlow.INBOX_ROUTE.equals(routeId)) {
            LOG.warn("route {} reads an inbox but is not in the group {} (routes/ older than this jar?): it runs on"
                    + " the leader only all the same; copy the routes/ this version ships", routeId, ImportFlow.LEADER_GROUP);
            return true;
        }
        return false;
    }

    static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "#" + ProcessHandle.current().pid();
    }

    /** Shuts the scheduler down, stops the claims' heartbeats, then closes the pool, when the context stops. */
    private static final class Closing extends ServiceSupport {
        private final Scheduler scheduler;
        private final PublishedFirings firings;
        private final ClusterDatabase database;

        Closing(Scheduler scheduler, PublishedFirings firings, ClusterDatabase database) {
            this.scheduler = scheduler;
            this.firings = firings;
            this.database = database;
        }

        @Override
        protected void doStop() throws Exception {
            try {
                if (scheduler != null && !scheduler.isShutdown()) {
                    scheduler.shutdown(true);
                }
            } finally {
                if (firings != null) {
                    firings.close();
                }
                database.close();
            }
        }
    }
}
