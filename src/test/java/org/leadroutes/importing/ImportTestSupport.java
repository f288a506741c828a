package org.leadroutes.importing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.leadroutes.app.AppTestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.leadroutes.crm.CrmFolder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots the real application (application.properties, the YAML flows in routes/, the Java routes)
 * against a sandbox CRM over real HTTP on loopback, with a fresh data folder per test.
 */
abstract class ImportTestSupport extends AppTestSupport {

    @Override
    protected Properties flowSettings() {
        Properties p = new Properties();
        p.setProperty("leads.import.poll-delay-ms", "100");
        p.setProperty("leads.import.read-lock-min-age-ms", "0");
        p.setProperty("leads.export.enabled", "false"); // no Quartz scheduler in import tests
        return p;
    }

    /**
     * The tests' own eleven-row drop (a copy of what samples/leads.csv held when the tests were written, so the
     * user-facing sample can change without them): six companies, one bad email, one unknown status, one row
     * that makes no lead.
     */
    static String elevenRows() throws IOException {
        try (var in = ImportTestSupport.class.getResourceAsStream("eleven-rows.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Drops a file the way a user's tool should: written elsewhere, then moved in. */
    Path drop(String name, byte[] content) throws IOException {
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        Path tmp = Files.createTempFile(dataDir, "upload", ".part");
        Files.write(tmp, content);
        return Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    Path drop(String name, String content) throws IOException {
        return drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Drops a file and waits until the import flow has finished with it. */
    Map<String, Object> importFile(String name, String content) throws Exception {
        return importFile(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Drops a file and waits until the consumer has archived it to {@code .done/} or {@code .failed/}: the drop
     * is over then, its report written. (A NotifyBuilder on the inbox route would also count the split's
     * and the enricher's copies of the exchange, each "done" long before the drop.)
     */
    Map<String, Object> importFile(String name, byte[] content) throws Exception {
        java.util.Set<Path> before = archivedFiles(name);
        drop(name, content);
        Path archived = await("the drop of " + name + " archived").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> archivedFiles(name).stream().filter(p -> !before.contains(p)).findFirst().orElse(null),
                        java.util.Objects::nonNull);
        this.archived.put(name, archived.getFileName().toString());
        return report(name);
    }

    private final Map<String, String> archived = new java.util.concurrent.ConcurrentHashMap<>();

    /** The files in .done/ and .failed/ that are drops of {@code name}: {@code leads.csv} as {@code leads.<stamp>.csv}. */
    java.util.Set<Path> archivedFiles(String name) throws IOException {
        int dot = name.lastIndexOf('.');
        java.util.regex.Pattern archivedName = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(
                dot > 0 ? name.substring(0, dot) : name) + "\\.\\d{8}-\\d{6}\\.\\d{3}" + java.util.regex.Pattern.quote(dot > 0 ? name.substring(dot) : ""));
        java.util.Set<Path> found = new java.util.HashSet<>();
        for (String folder : List.of("inbox/.done", "inbox/.failed")) {
            Path dir = dataDir.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    files.filter(f -> archivedName.matcher(f.getFileName().toString()).matches()).forEach(found::add);
                }
            }
        }
        return found;
    }

    /** The archived name of the last drop of {@code name}: its reports are named after it. */
    String archivedName(String name) {
        String archivedName = archived.get(name);
        assertTrue(archivedName != null, name + " was not imported by importFile");
        return archivedName;
    }

    /** One of the last drop of {@code name}'s report files: {@code report.json}, {@code rejects.csv}, ... */
    Path reportFile(String name, String kind) {
        return dataDir.resolve("reports").resolve(archivedName(name) + "." + kind);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> report(String name) throws IOException {
        Path report = reportFile(name, "report.json");
        await(report + " written").atMost(Duration.ofSeconds(5)).until(() -> Files.exists(report));
        return JSON.readValue(report.toFile(), Map.class);
    }

    /**
     * The report of the last drop of {@code file} once it says {@code status}: a drop waiting for the CRM has one
     * report, updated at each try ({@code waiting}, then {@code done}).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> awaitReport(String file, String status) {
        return await("a report of " + file + " saying " + status).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    Path report = AppTestSupport.droppedReport(dataDir, file, "report.json");
                    if (report == null) {
                        return null;
                    }
                    try {
                        Map<String, Object> read = JSON.readValue(report.toFile(), Map.class);
                        return status.equals(read.get("status")) ? read : null;
                    } catch (IOException torn) { // being written
                        return null;
                    }
                }, java.util.Objects::nonNull);
    }

    /** The one lead of that name in the CRM: a second one fails the test (a company created twice). */
    Map<String, Object> lead(String name) {
        List<Map<String, Object>> found = crm.leads().stream().filter(l -> name.equals(l.get("name"))).toList();
        org.junit.jupiter.api.Assertions.assertEquals(1, found.size(), name + " in the CRM " + found.size() + " times");
        return found.get(0);
    }

    List<CSVRecord> results(String name) throws IOException {
        try (Reader r = Files.newBufferedReader(reportFile(name, "results.csv"))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    List<CSVRecord> rejects(String name) throws IOException {
        try (Reader r = Files.newBufferedReader(reportFile(name, "rejects.csv"))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    static long count(Map<String, Object> report, String key) {
        return ((Number) report.get(key)).longValue();
    }

    /** Writes a drop's ledger as an earlier run would have left it. */
    void writeLedger(String content, String... lines) throws Exception {
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        java.nio.file.Path state = java.nio.file.Files.createDirectories(ledgerDir());
        java.nio.file.Files.writeString(state.resolve(sha + ".ledger"), String.join("\n", lines) + "\n");
    }

    java.nio.file.Path ledgerDir() {
        return dataDir.resolve("state").resolve(CrmFolder.name(crm.closeBaseUrl()))
                .resolve(CrmFolder.name(crm.organizationId()));
    }
}
