package org.leadroutes.importing.ledger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.importing.inbox.DropWaitsTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The count of a content's tries that the importer never ended (killed, out of memory): one is resumed as ever, the
 * limit in a row sets the file aside; a try that ended breaks the run, a file set aside counts anew.
 */
class DropTriesTest {

    static final String SHA = "a".repeat(64);
    static final String OTHER = "b".repeat(64);

    @TempDir
    Path state;

    final DropWaitsTest.Moving clock = new DropWaitsTest.Moving();
    DropTries tries;

    @BeforeEach
    void limitOfThree() {
        tries = new DropTries(state, 3, clock);
    }

    /** The names of a drop of {@code file} started now, by the test's clock. */
    private org.leadroutes.importing.inbox.DropName name(String file) {
        return org.leadroutes.importing.inbox.DropName.of(file, clock.now);
    }

    @Test
    void aTryKilledAsItEndedLeavesItsResultsAndRejectsToTheTryThatEndsTheDropNext() throws Exception {
        // a name with a line break and a tab: one line in the record all the same
        DropTries.Try killed = tries.start(name("week\t1\n.csv"), SHA);
        Path reports = Files.createDirectories(state.resolve("reports"));
        org.leadroutes.importing.inbox.DropName killedName = name("week\t1\n.csv");
        Files.writeString(reports.resolve(killedName.results()), "row,outcome\n"); // moved in place, then the kill
        Files.writeString(reports.resolve(killedName.rejects()), "row,error\n");
        DropTries.Try ended = tries.start(name("week-1-again.csv"), OTHER); // another content: none of its business
        tries.ended(ended, "done");
        clock.now = clock.now.plus(Duration.ofMinutes(1));

        DropTries.Try next = new DropTries(state, 3, clock).start(name("week\t1\n.csv"), SHA); // a replica takes over
        assertEquals(List.of(killedName.archived()), next.namesOfStoppedTries());
        assertEquals(List.of(), ended.namesOfStoppedTries());
        Files.writeString(reports.resolve(name("week\t1\n.csv").results()), "its own\n");

        ImportReports.removeLeftByStoppedTries(reports, next);

        assertEquals(List.of(name("week\t1\n.csv").results()), Files.list(reports).map(p -> p.getFileName().toString())
                .toList(), "the killed try's two files removed, the ending try's own kept");
        assertTrue(killed.namesOfStoppedTries().isEmpty());
    }

    @Test
    void aStoppedTryWhoseReportWasWrittenKeepsItsFiles() throws Exception {
        org.leadroutes.importing.inbox.DropName first = name("leads.csv");
        tries.start(first, SHA); // killed after its report was written, before the file was moved to .done/
        Path reports = Files.createDirectories(state.resolve("reports"));
        for (String file : List.of(first.report(), first.results(), first.rejects())) {
            Files.writeString(reports.resolve(file), "x");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        DropTries.Try next = tries.start(name("leads.csv"), SHA);

        ImportReports.removeLeftByStoppedTries(reports, next);

        assertEquals(3, Files.list(reports).count(), "a report names them: they stay");
    }

    /** A try as a killed process leaves it: started, never ended. */
    private DropTries.Try killed(DropTries tries, String sha) {
        DropTries.Try t = tries.start(name("big.csv"), sha);
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        return t;
    }

    @Test
    void aFreshContentHasNoStoppedTriesAndATryThatEndedDoesNotCount() {
        assertEquals(List.of(), tries.stoppedTries(SHA));
        DropTries.Try t = tries.start(name("leads.csv"), SHA);
        assertEquals(List.of(clock.now), tries.stoppedTries(SHA), "running, or stopped: not ended yet");
        tries.ended(t, "done");
        assertEquals(List.of(), tries.stoppedTries(SHA));
        assertTrue(Files.exists(state.resolve(SHA + ".tries")), "kept in state/, named after the content");
    }

    @Test
    void aStopAskedForEndsTheTriesInFlightSoOnlyKillsCount() throws Exception {
        DropTries.Try t = tries.start(name("big.csv"), SHA);
        tries.processStopping(); // SIGTERM, Ctrl-C: Camel stops, and a supervisor may kill it before the drop ends
        assertEquals(List.of(), tries.stoppedTries(SHA), "a stop asked for is no kill");
        tries.ended(t, "not done: stopped with the process"); // the drop's own end, within the stop's timeout
        assertEquals(List.of("started", "named", "ended"), Files.readAllLines(state.resolve(SHA + ".tries")).stream()
                .map(l -> l.split("\t")[0]).toList(), "started (and named), and ended once");
    }

    @Test
    void oneKillIsResumedAndTheLimitInARowSetsTheFileAside() throws Exception {
        Instant first = clock.now;
        killed(tries, SHA);
        killed(tries, SHA); // the second try, after a restart: resumed
        killed(tries, SHA); // the third: resumed
        assertEquals(3, tries.stoppedTries(SHA).size());
        long lines = Files.readAllLines(state.resolve(SHA + ".tries")).size();

        DropStoppedTriesException e = assertThrows(DropStoppedTriesException.class, () -> tries.start(name("big.csv"), SHA));
        assertEquals(List.of(first, first.plus(Duration.ofMinutes(1)), first.plus(Duration.ofMinutes(2))), e.tries());
        assertEquals(SHA, e.sha256());
        assertTrue(e.getMessage().startsWith("the importer stopped during each of its last 3 tries of this file"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing is lost: what those tries created is in the CRM and in the drop's ledger"
                + " (state/<crm>/<organisation>/" + SHA + ".ledger)"), e.getMessage());
        assertTrue(e.getMessage().contains("JAVA_OPTS=-Xmx256m"), e.getMessage());
        assertTrue(e.getMessage().contains("split the file"), e.getMessage());
        assertEquals(lines, Files.readAllLines(state.resolve(SHA + ".tries")).size(), "the refused try is not recorded");
        assertEquals(List.of(), tries.stoppedTries(OTHER), "another content has tries of its own");
    }

    @Test
    void aTryThatEndedBreaksTheRun() {
        killed(tries, SHA);
        DropTries.Try waited = killed(tries, SHA);
        tries.ended(waited, "not done: DropWaitingException"); // waited for the CRM: ended
        killed(tries, SHA);
        killed(tries, SHA);
        assertEquals(2, tries.stoppedTries(SHA).size(), "only the tries after the last one that ended");
        tries.start(name("big.csv"), SHA); // the third in a row: still tried
    }

    @Test
    void aFileSetAsideCountsAnewWhenDroppedAgain() {
        killed(tries, SHA);
        killed(tries, SHA);
        killed(tries, SHA);
        assertThrows(DropStoppedTriesException.class, () -> tries.start(name("big.csv"), SHA));
        tries.setAside(SHA);
        assertEquals(List.of(), tries.stoppedTries(SHA));
        tries.start(name("big.csv"), SHA); // dropped again (with more memory): tried
    }

    @Test
    void aLineTornByTheKillIsPassedOverAndTheLimitIsASetting() throws Exception {
        DropTries once = new DropTries(state, 1, clock);
        killed(once, SHA);
        Files.writeString(state.resolve(SHA + ".tries"), "started\tx", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(1, once.stoppedTries(SHA).size());
        once.setAside(SHA); // written after the torn line, on a line of its own
        assertEquals(List.of(), once.stoppedTries(SHA));
        killed(once, SHA);
        DropStoppedTriesException e = assertThrows(DropStoppedTriesException.class, () -> once.start(name("big.csv"), SHA));
        assertTrue(e.getMessage().startsWith("the importer stopped during its last try of this file"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DropTries(state, 0, clock));
    }
}
