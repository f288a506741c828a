package org.leadroutes.replicas;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness includes the replicas' database: a replica that cannot reach it cannot take the import over or a
 * firing. Its details say whether this replica leads the import. Not liveness: a database outage must not get
 * every replica restarted.
 */
final class ReplicaHealth extends AbstractHealthCheck {

    private final ClusterDatabase database;
    private final ImportLeadership leadership;
    private final boolean once;

    ReplicaHealth(ClusterDatabase database, ImportLeadership leadership, boolean once) {
        super("leads", "replicas");
        this.database = database;
        this.leadership = leadership;
        this.once = once;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("replica", leadership.replica());
        builder.detail("database", database.described());
        builder.detail("import.leader", !once && leadership.leadsImport());
        try (Connection connection = database.dataSource().getConnection()) {
            if (connection.isValid(2)) {
                builder.up();
            } else {
                builder.down().message("the replicas' database at " + database.described() + " does not answer");
            }
        } catch (SQLException e) {
            builder.down().message("the replicas' database at " + database.described() + " does not answer: "
                    + e.getMessage());
        }
    }
}
