package org.leadroutes.replicas;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The PostgreSQL database the replicas share: a pooled HikariCP {@link DataSource} built from
 * {@code leads.cluster.*}, or the host's own. Described for messages without its password or query.
 */
public final class ClusterDatabase implements AutoCloseable {

    /** The setting that names the database, for messages. */
    public static final String URL_KEY = "leads.cluster.jdbc-url";
    /** A host's own {@link DataSource}, bound under this name, is used instead of {@code leads.cluster.*}. */
    public static final String DATA_SOURCE_BEAN = "leadsClusterDataSource";

    private final DataSource dataSource;
    private final HikariDataSource owned;
    private final String described;

    private ClusterDatabase(DataSource dataSource, HikariDataSource owned, String described) {
        this.dataSource = dataSource;
        this.owned = owned;
        this.described = described;
    }

    /** A pool of its own on {@code url}; the password goes to the driver only. */
    public static ClusterDatabase pooled(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("leads-cluster");
        config.setJdbcUrl(url);
        if (url.startsWith("jdbc:postgresql:")) {
            config.setDriverClassName("org.postgresql.Driver");
        }
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        // the leadership lock holds one connection for as long as this replica leads; Quartz needs two or more
        config.setMaximumPoolSize(Math.max(3, poolSize));
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(-1); // checked by check(), with a message naming the setting
        HikariDataSource pool = new HikariDataSource(config);
        return new ClusterDatabase(pool, pool, describe(url));
    }

    /** The host's own data source: the host closes it. */
    public static ClusterDatabase hosted(DataSource dataSource) {
        return new ClusterDatabase(dataSource, null, "the DataSource bean " + DATA_SOURCE_BEAN);
    }

    /** A JDBC URL without its query (which may hold a password) for messages and logs. */
    static String describe(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Fails with a message naming the setting when the database does not answer. */
    public void check() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(5)) {
                throw new SQLException("the connection is not valid");
            }
        } catch (SQLException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new DatabaseUnreachableException("the replicas' PostgreSQL at " + described + " (" + URL_KEY + ", "
                    + "leads.cluster.username, leads.cluster.password) does not answer: " + root.getMessage()
                    + "; start it, fix the settings, or leave " + URL_KEY + " empty to run one process without a database", e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String described() {
        return described;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
