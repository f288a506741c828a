package org.leadroutes.replicas;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.quartz.utils.DBConnectionManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job store's connections in Quartz's JVM-wide registry: one name per scheduler, replaced when that scheduler
 * is made again, and holding no pool once the job store has shut down.
 */
class ClusteredScheduleConnectionsTest {

    private static DataSource pool(Connection connection) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> "getConnection".equals(method.getName()) ? connection : null);
    }

    private static Connection connection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> null);
    }

    @Test
    void theSchedulersNameNamesItsConnectionsAndAShutDownJobStoreHoldsNoPool() throws Exception {
        Connection first = connection();
        String name = ClusteredSchedule.Connections.register("crm-lead-routes-test", pool(first));
        assertEquals("leads-cluster-crm-lead-routes-test", name);
        assertSame(first, DBConnectionManager.getInstance().getConnection(name));

        DBConnectionManager.getInstance().shutdown(name); // what the job store does when its scheduler shuts down

        SQLException refused = assertThrows(SQLException.class, () -> DBConnectionManager.getInstance().getConnection(name));
        assertTrue(refused.getMessage().contains("has shut down"), refused.getMessage());
    }

    @Test
    void aSchedulerMadeAgainUnderItsNameReplacesTheEntry() throws Exception {
        Connection before = connection();
        Connection after = connection();
        String name = ClusteredSchedule.Connections.register("crm-lead-routes-again", pool(before));
        DBConnectionManager.getInstance().shutdown(name);

        assertEquals(name, ClusteredSchedule.Connections.register("crm-lead-routes-again", pool(after)));

        assertSame(after, DBConnectionManager.getInstance().getConnection(name));
    }
}
