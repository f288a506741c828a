package org.leadroutes.importing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file the importer was stopped during (killed, out of memory with -XX:+ExitOnOutOfMemoryError) at each of its last
 * three tries is set aside to .failed/ with a report, before any CRM call, instead of stopping the importer at every
 * start; fewer such tries resume as ever. The tries are written as a killed process leaves them in state/.
 */
class ImportKilledTriesTest extends ImportTestSupport {

    static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Tries that started and never ended, as a process killed under each leaves them. */
    Path killedTries(String content, int count) throws Exception {
        Path tries = Files.createDirectories(dataDir.resolve("state")).resolve(sha256(content) + ".tries");
        StringBuilder lines = new StringBuilder();
        Instant at = Instant.parse("2026-12-07T02:00:00Z");
        for (int i = 0; i < count; i++) {
            lines.append("started\tkilled-").append(i).append('\t').append(at.plusSeconds(60L * i).toEpochMilli())
                    .append("\t4242@leads-host\n");
        }
        return Files.writeString(tries, lines);
    }

    @Test
    void aFileTheImporterStoppedDuringThreeTimesGoesToFailedWithoutACrmCall() throws Exception {
        String content = elevenRows();
        Path tries = killedTries(content, 3);
        Path work = Files.createDirectories(dataDir.resolve("state").resolve(sha256(content) + ".work"));
        Files.writeString(work.resolve("bucket-0"), "Acme|...\n"); // the spill the killed tries left

        Map<String, Object> report = importFile("big.csv", content);

        assertEquals("failed", report.get("status"), report.toString());
        String error = (String) report.get("error");
        assertTrue(error.startsWith("the importer stopped during each of its last 3 tries of this file (started "), error);
        assertTrue(error.contains("the process was killed or ran out of memory (see the log of those times"), error);
        assertTrue(error.contains("Nothing is lost: what those tries created is in the CRM and in the drop's ledger"
                + " (state/<crm>/<organisation>/" + sha256(content) + ".ledger)"), error);
        assertTrue(error.contains("JAVA_OPTS=-Xmx256m") && error.contains("--sandbox-only")
                && error.contains("split the file"), error);
        assertEquals(sha256(content), report.get("sha256"));
        assertTrue(Files.exists(dataDir.resolve("inbox/.failed").resolve(archivedName("big.csv"))), "set aside");
        assertEquals(0, crm.requestCountTotal(), "not tried: no CRM call");
        assertEquals(0, crm.leadCount());
        List<String> recorded = Files.readAllLines(tries);
        assertEquals(4, recorded.size(), recorded.toString());
        assertTrue(recorded.get(3).startsWith("set_aside\t"), "the refused try is not recorded as one: " + recorded);
        assertTrue(Files.notExists(work), "the work files the stopped tries left are removed");

        // dropped again (with more memory, say): it counts its tries anew and is imported
        Map<String, Object> again = importFile("big.csv", content);
        assertEquals("done", again.get("status"), again.toString());
        assertEquals(6L, count(again, "leadsCreated"));
    }

    @Test
    void twoTriesTheImporterStoppedDuringAreResumedAndAnEndedTryIsRecorded() throws Exception {
        String content = elevenRows();
        Path tries = killedTries(content, 2);

        Map<String, Object> report = importFile("leads.csv", content);

        assertEquals("done", report.get("status"), report.toString());
        assertEquals(6L, count(report, "leadsCreated"));
        List<String> recorded = Files.readAllLines(tries);
        assertEquals(5, recorded.size(), recorded.toString());
        String[] started = recorded.get(2).split("\t", -1);
        assertEquals("started", started[0], recorded.toString());
        assertEquals(List.of("named", started[1]), List.of(recorded.get(3).split("\t", -1)).subList(0, 2), recorded.toString());
        assertEquals(List.of("ended", started[1], "done"), List.of(recorded.get(4).split("\t", -1)[0],
                recorded.get(4).split("\t", -1)[1], recorded.get(4).split("\t", -1)[3]), recorded.toString());
    }
}
