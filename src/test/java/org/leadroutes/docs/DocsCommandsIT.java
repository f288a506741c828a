package org.leadroutes.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands README.md and docs/*.md show, run as a new user runs them: read from the documents themselves (a
 * command edited there is the command tested here), in a folder laid out like a fresh clone (the built jar in
 * {@code target/}, {@code samples/}, {@code routes/}), with the output the documents show checked against what the
 * jar prints. A document that stops being true fails the build.
 */
class DocsCommandsIT {

    @TempDir
    Path clone;

    private final List<Process> processes = new ArrayList<>();
    /** The management port of the last command started (the docs' 9876 may be taken on a test machine). */
    private int managementPort;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** README: "Run the main job": the sample imported on the sandbox, one export right after start-up. */
    @Test
    void theReadmesQuickStartImportsTheSampleAndExportsAsItShows() throws Exception {
        Markdown readme = Markdown.read(Path.of("README.md"));
        String command = readme.commandContaining("cp samples/leads.csv");
        String build = "mvn -q package -DskipTests && ";
        assertTrue(command.startsWith(build), "the quick start builds the jar first: " + command);
        Process run = start(command.substring(build.length())); // this build has just packaged the jar

        String shown = readme.blockContaining("leads.csv: done in");
        String importLine = lineOf(shown, "leads.csv: done in");
        String exportLine = lineOf(shown, "export leads-");
        Path log = clone.resolve("run.log");
        await("the quick start's import and export lines").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Pattern.compile("export leads-\\S+: (published|failed)").matcher(printed(log)).find()
                        || !run.isAlive());
        String output = printed(log);
        assertTrue(matchesShape(importLine, output), "README shows\n  " + importLine + "\nthe jar printed\n" + output);
        assertTrue(matchesShape(exportLine, output), "README shows\n  " + exportLine + "\nthe jar printed\n" + output);
        assertTrue(output.contains("SANDBOX CRM: leads.crm.url is not set"), "the sandbox banner: " + output);

        // docs/operating.md: the metrics "after the quick start's drop and export", its counters as the jar counts
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        List<String> counters = Markdown.read(Path.of("docs/operating.md")).blockContaining("leads_import_rows_total")
                .lines().filter(l -> l.matches("\\w+_(total|count)(\\{[^}]*})? \\S+")).toList();
        assertTrue(counters.size() >= 6, "docs/operating.md shows the counters: " + counters);
        for (String counter : counters) {
            assertTrue(metrics.lines().anyMatch(counter::equals), "docs/operating.md shows " + counter + "; the jar has "
                    + metrics.lines().filter(l -> l.startsWith(counter.substring(0, counter.lastIndexOf(' '))
                            .replaceAll("\\{.*", ""))).toList());
        }

        // what the README says became of the file
        assertEquals(1, list(clone.resolve("data/inbox/.done"), "leads\\.\\d{8}-\\d{6}\\.\\d{3}\\.csv").size(),
                "moved to data/inbox/.done/leads.<stamp>.csv");
        for (String kind : List.of("report.json", "rejects.csv", "results.csv")) {
            assertEquals(1, list(clone.resolve("data/reports"), "leads\\.\\d{8}-\\d{6}\\.\\d{3}\\.csv\\." + Pattern.quote(kind))
                    .size(), "data/reports/leads.<stamp>.csv." + kind);
        }
        assertEquals(List.of("leads-" + LocalDate.now(ZoneOffset.UTC) + ".csv"),
                list(clone.resolve("data/outbox"), ".*").stream().map(p -> p.getFileName().toString()).toList(),
                "the export wrote data/outbox/leads-<today>.csv");
    }

    /** docs/operating.md: a one-shot run and its exit code, with the last line it shows. */
    @Test
    void aOneShotRunEndsWithTheExitCodeAndLastLineTheOperatingDocShows() throws Exception {
        Markdown operating = Markdown.read(Path.of("docs/operating.md"));
        String command = operating.commandContaining("--once; echo");
        layOutClone();
        Files.createDirectories(clone.resolve("data/inbox"));
        Files.copy(clone.resolve("samples/leads.csv"), clone.resolve("data/inbox/leads.csv"));
        Process run = start(command);
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the one-shot run ended");
        String output = printed(clone.resolve("run.log"));
        String lastLine = lineOf(operating.blockContaining("one-shot run done, exit code"), "one-shot run done");
        assertTrue(matchesShape(lastLine, output), "docs/operating.md shows\n  " + lastLine + "\nthe jar printed\n" + output);
        assertTrue(output.contains("exit 3"), "the sample has a rejected row: exit 3\n" + output);
    }

    /**
     * docs/configuration.md: "Where settings come from": the page's {@code --print-settings} command, with the files
     * and the environment the page names, prints the lines the page shows (each value from the source it names).
     * What differs on a test machine only: the data folder is the clone's, not /var/lib/leads.
     */
    @Test
    void theConfigurationPagesPrintSettingsShowsEachValueFromItsSource() throws Exception {
        Markdown configuration = Markdown.read(Path.of("docs/configuration.md"));
        String command = configuration.commandContaining("--print-settings");
        layOutClone();
        String dataDir = clone.resolve("var-lib-leads").toString();
        Files.writeString(clone.resolve("ops.properties"), "leads.data-dir = " + dataDir + "\n");
        Files.writeString(clone.resolve("application.properties"), "leads.crm.url = https://api.close.com/api/v1\n");
        Process run = start(command, java.util.Map.of("LEADS_CRM_API_KEY", "api_docs-commands-secret"));
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "--print-settings ended");
        assertEquals(0, run.exitValue(), printed(clone.resolve("run.log")));
        String output = printed(clone.resolve("run.log"));
        List<String> shown = configuration.blockContaining("leads.crm.api-key = ****").lines()
                .filter(l -> !l.equals("...")).map(l -> l.replace("/var/lib/leads", dataDir)).toList();
        assertTrue(shown.size() >= 6, "the page shows the lines: " + shown);
        for (String line : shown) {
            assertTrue(output.lines().anyMatch(l -> l.strip().replaceAll("\\s+", " ").equals(line.strip().replaceAll("\\s+", " "))),
                    "docs/configuration.md shows\n  " + line + "\nthe jar printed\n" + output);
        }
        assertFalse(output.contains("api_docs-commands-secret"), "the key is masked");
    }

    /**
     * docs/replicas.md: "Trying two replicas on one machine": the shared sandbox on its own, two replicas with the
     * page's properties file, the sample dropped: one replica leads and imports it, the sandbox holds its leads once.
     * What differs on a test machine only: a database of the test's own for {@code leads_try}, free ports for 8090,
     * 9876 and 9877, and the script waits for its background jobs (so the test can stop them).
     */
    @Test
    void theReplicasPagesTwoReplicasShareTheSandboxAndImportTheSampleOnce() throws Exception {
        Markdown replicas = Markdown.read(Path.of("docs/replicas.md"));
        int sandbox = freePort();
        int first = freePort();
        int second = freePort();
        String database;
        try (org.leadroutes.replicas.TestDatabase db = org.leadroutes.replicas.TestDatabase.create()) {
            database = db.url().substring(db.url().lastIndexOf('/') + 1);
            java.util.function.UnaryOperator<String> onThisMachine = text -> text.replace("leads_try", database)
                    .replace(":8090/", ":" + sandbox + "/").replace("port=9876", "port=" + first)
                    .replace("port=9877", "port=" + second);
            layOutClone();
            String properties = replicas.blockContaining("# replicas.properties");
            String file = properties.lines().findFirst().orElseThrow().replace("#", "").strip().split("[ ,]")[0];
            Files.writeString(clone.resolve(file), onThisMachine.apply(properties));
            String script = String.join("\n", replicas.commandsOfBlock("--sandbox-only &"));
            Process run = start(onThisMachine.apply(script) + "\nwait", java.util.Map.of("LEADS_SANDBOX_PORT",
                    String.valueOf(sandbox)));
            try {
                Path log = clone.resolve("run.log");
                await("the sample imported by one replica").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> printed(log).contains("leads.csv: done") || !run.isAlive());
                String output = printed(log);
                assertEquals(1, count(output, "now leads leads-import"), "one replica leads the import:\n" + output);
                assertEquals(1, count(output, "leads.csv: done"), "the sample imported once:\n" + output);
                assertTrue(output.contains("sandbox CRM listening on http://127.0.0.1:" + sandbox + "/api/v1"), output);
                java.net.http.HttpResponse<String> leads = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + sandbox
                                + "/api/v1/lead/?_limit=100")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                @SuppressWarnings("unchecked")
                List<Object> data = (List<Object>) org.leadroutes.crm.Json.MAPPER.readValue(leads.body(), java.util.Map.class)
                        .get("data");
                assertEquals(6, data.size(), "the shared sandbox holds the sample's 6 leads once: " + leads.body());
            } finally { // the replicas end before their database is dropped
                stop();
                processes.clear();
            }
        }
    }

    static int count(String text, String fragment) {
        return text.split(Pattern.quote(fragment), -1).length - 1;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Runs a shell command in the clone, its output in run.log; the management port is a free one. */
    Process start(String command) throws IOException {
        return start(command, java.util.Map.of());
    }

    /** The same, with variables added to the environment. */
    Process start(String command, java.util.Map<String, String> environment) throws IOException {
        layOutClone();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(clone.toFile())
                .redirectErrorStream(true).redirectOutput(clone.resolve("run.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEADS_"));
        // another build on this machine may hold the default port 9876: the only setting added to the doc's command
        managementPort = freePort();
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dcamel.management.port=" + managementPort);
        builder.environment().putAll(environment);
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    /** The folder a fresh clone and the README's build leave: target/crm-lead-routes.jar, samples/, routes/, bin/. */
    private void layOutClone() throws IOException {
        if (Files.exists(clone.resolve("target"))) {
            return;
        }
        Path jar = Path.of(System.getProperty("leads.jar.runnable", "target/crm-lead-routes.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the runnable jar is built: " + jar);
        Files.createDirectories(clone.resolve("target"));
        Files.createSymbolicLink(clone.resolve("target/crm-lead-routes.jar"), jar);
        for (String folder : List.of("samples", "routes", "bin")) {
            Files.createDirectories(clone.resolve(folder));
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                for (Path f : files.toList()) { // bin/crm-lead-routes stays executable
                    Files.copy(f, clone.resolve(folder).resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String printed(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    static String lineOf(String block, String start) {
        return block.lines().map(String::strip).filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + start + " in\n" + block));
    }

    static List<Path> list(Path dir, String regex) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(regex)).toList();
        }
    }

    /**
     * Whether a line the output holds has the shape of the line a document shows: the same words and counts, with
     * what differs from run to run (durations, sizes, rates, dates, ports and folders) free.
     */
    static boolean matchesShape(String shown, String output) {
        return shapeOf(shown).matcher(output).find();
    }

    static Pattern shapeOf(String shown) {
        String[] free = {
            "in \\d+ ms", "\\d+ bytes", "\\(\\d+ leads/s\\)", "\\d{4}-\\d{2}-\\d{2}", "…",
        };
        StringBuilder regex = new StringBuilder();
        Pattern token = Pattern.compile(String.join("|", free));
        var m = token.matcher(shown);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(shown.substring(at, m.start())));
            String t = m.group();
            regex.append(t.equals("…") ? ".*?" : t.startsWith("in ") ? "in \\d+ ms" : t.endsWith("bytes") ? "\\d+ bytes"
                    : t.startsWith("(") ? "\\(\\d+ leads/s\\)" : "\\d{4}-\\d{2}-\\d{2}");
            at = m.end();
        }
        regex.append(Pattern.quote(shown.substring(at)));
        return Pattern.compile(regex.toString());
    }
}
