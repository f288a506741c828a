package org.leadroutes.importing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Files dropped together, as a user moves a week's exports into the inbox at once: four overlapping files, each
 * company in two or three of them with people shared between files. Whatever order and overlap the drops take,
 * each company is one lead and each person one contact of it.
 */
class ImportTogetherTest extends ImportTestSupport {

    @Override
    protected java.util.Properties settings() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("leads.import.concurrency", "2"); // each drop takes a few seconds: long enough to overlap
        return p;
    }

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.latencyMillis(25); // answers take a moment, as over a network: drops that overlap in time would race
    }

    @Test
    void fourOverlappingFilesMovedInTogetherHoldEachCompanyOnce() throws Exception {
        List<String> files = OverlappingWeeks.files();
        Path staging = Files.createDirectories(dataDir.resolve("staging"));
        List<Path> staged = new ArrayList<>();
        for (int f = 0; f < OverlappingWeeks.FILES; f++) {
            staged.add(Files.writeString(staging.resolve("week-" + f + ".csv"), files.get(f), StandardCharsets.UTF_8));
        }
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        for (Path file : staged) { // one move after the other, as `mv staging/*.csv inbox/` does
            Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }

        List<Map<String, Object>> reports = new ArrayList<>();
        for (int f = 0; f < OverlappingWeeks.FILES; f++) {
            reports.add(awaitReport("week-" + f + ".csv", "done"));
        }
        await("the inbox emptied").atMost(Duration.ofSeconds(60)).until(() -> {
            try (var left = Files.list(inbox)) {
                return left.noneMatch(Files::isRegularFile);
            }
        });

        OverlappingWeeks.assertEachCompanyAndPersonOnce(crm.leads());
        long created = reports.stream().mapToLong(r -> count(r, "leadsCreated")).sum();
        long matched = reports.stream().mapToLong(r -> count(r, "leadsMatched")).sum();
        assertEquals(OverlappingWeeks.COMPANIES, created, "the drops together created each company once");
        assertEquals(2L * OverlappingWeeks.COMPANIES, matched, "and matched it in the other two files that hold it");
    }
}
