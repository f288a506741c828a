package org.leadroutes.exporting;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export flow with several replicas' claims bound: a scheduled run whose claim was taken over while it was
 * paused stops at the publish as a refused run does (nothing published, no report, the incremental state as it
 * was); one whose claim holds publishes and marks it published.
 */
class ExportClaimTakenOverTest extends ExportTestSupport {

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.export.incremental", "true");
        p.setProperty("leads.export.file-name", "leads.csv");
        return p;
    }

    /** The claims a test decides: each claim taken, and confirmed unless {@link #takenBy} says who took it. */
    static final class Claims implements FiringClaims {
        final List<String> events = new ArrayList<>();
        String takenBy;

        @Override
        public Claim claim(String schedule, Instant firing, String file) {
            events.add("claim " + file);
            return new Claim() {
                @Override
                public String publishedBy() {
                    return null;
                }

                @Override
                public void confirm() {
                    events.add("confirm");
                    if (takenBy != null) {
                        throw new TakenOver(takenBy);
                    }
                }

                @Override
                public void published() {
                    events.add("published");
                }

                @Override
                public void close() {
                    events.add("close");
                }
            };
        }

        @Override
        public String publishedBy(String schedule, Instant firing) {
            return takenBy;
        }
    }

    private void runFiring(Claims claims) {
        context.getRegistry().bind(FiringClaims.BEAN, claims);
        template.sendBodyAndHeader("direct:export-run", null, ExportFlow.FIRING, Date.from(Instant.parse("2026-12-05T02:00:00Z")));
    }

    @Test
    void aRunWhoseClaimWasTakenOverPublishesNothingAndLeavesTheStateAlone() throws Exception {
        seed(crm, 3);
        Claims claims = new Claims();
        claims.takenBy = "replica b#2 (leads.csv, claimed at 2026-12-05T02:00:41Z)";
        runFiring(claims);
        assertEquals(List.of("claim leads.csv", "confirm", "close"), claims.events, "never published");
        assertEquals(List.of(), names(outbox()), "nothing published, no temporary file left");
        assertEquals(List.of(), names(dataDir.resolve("reports")), "the report is the run's that took the claim");
        assertFalse(names(dataDir.resolve("state")).stream().anyMatch(n -> n.endsWith(".last-success")),
                "the incremental state not moved");
    }

    /** Resumed after a pause, its upload fails (its server connection gone): the published run's report stands. */
    @Test
    void aRunWhoseClaimWasTakenOverAndThatThenFailsWritesNoReport() throws Exception {
        seed(crm, 3);
        Claims claims = new Claims();
        claims.takenBy = "replica b#2 (leads.csv, claimed at 2026-12-05T02:00:41Z)";
        deleteTree(outbox()); // created by the start's check of the target
        Files.writeString(outbox(), "a file where the folder should be: the upload fails");
        runFiring(claims);
        assertEquals(List.of("claim leads.csv", "close"), claims.events, "failed before its rename");
        assertEquals(List.of(), names(dataDir.resolve("reports")), "no failed report over the published one");
    }

    @Test
    void aRunWhoseClaimHoldsPublishesUnderItsOwnTemporaryName() throws Exception {
        seed(crm, 3);
        Claims claims = new Claims();
        runFiring(claims);
        assertEquals(List.of("claim leads.csv", "confirm", "published", "close"), claims.events);
        assertEquals(List.of("leads.csv"), names(outbox()));
        Map<String, Object> report = report();
        assertEquals("published", report.get("status"), report.toString());
        assertTrue(names(dataDir.resolve("state")).stream().anyMatch(n -> n.endsWith(".last-success")));
    }
}
