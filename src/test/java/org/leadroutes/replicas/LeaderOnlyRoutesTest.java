package org.leadroutes.replicas;

import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.leadroutes.importing.ImportFlow;
import org.leadroutes.undoing.UndoFlow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which routes run on the replica that leads the import only: those the flows put in the leader's group, and the two
 * inbox routes even from a routes/ folder copied before the group was declared (every replica reading the inbox
 * would create leads twice).
 */
class LeaderOnlyRoutesTest {

    private static RouteDefinition route(String id, String group) {
        RouteDefinition route = new RouteDefinition();
        route.setId(id);
        route.setGroup(group);
        return route;
    }

    @Test
    void aRouteOfTheLeadersGroupRunsOnTheLeaderOnly() {
        assertTrue(Replicas.leaderOnly("partner-inbox", route("partner-inbox", ImportFlow.LEADER_GROUP)));
    }

    @Test
    void theInboxRoutesOfAnOlderRoutesFolderStillRunOnTheLeaderOnly() {
        assertTrue(Replicas.leaderOnly(ImportFlow.ROUTE, route(ImportFlow.ROUTE, null)));
        assertTrue(Replicas.leaderOnly(UndoFlow.INBOX_ROUTE, route(UndoFlow.INBOX_ROUTE, null)));
    }

    @Test
    void everyOtherRouteRunsOnEveryReplica() {
        assertFalse(Replicas.leaderOnly("export-run", route("export-run", null)));
        assertFalse(Replicas.leaderOnly("export-schedule", route("export-schedule", "exports")));
    }
}
