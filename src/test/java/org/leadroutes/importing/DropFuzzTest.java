package org.leadroutes.importing;

import org.leadroutes.TestKinds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.leadroutes.app.AppTestSupport;
import org.leadroutes.crm.Json;
import org.leadroutes.embedding.LeadRoutes;
import org.leadroutes.sandbox.SandboxCrm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Realistic drops, broken at random the ways files break (a quote opened or doubled, a delimiter swapped, NUL and
 * control bytes, a byte-order mark in the middle, a last line cut short, a very long cell, a line in another
 * encoding), go through the real flow against the sandbox CRM, and for every one: the drop ends within a bound;
 * it is done with each row imported, rejected (a reason naming its line) or skipped, or it failed with a reason
 * naming a line, nothing of it imported; no lead is created twice; and the next drop imports. jqwik prints the
 * seed of a failing case (rerun it with {@code @Property(seed = "...")}).
 */
@TestKinds.BootsFlow
class DropFuzzTest {

    private static SandboxCrm crm;
    private static CamelContext context;
    private static Path data;
    private static final AtomicInteger TRY = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        data = Files.createTempDirectory("leads-fuzz");
        crm = new SandboxCrm().start();
        context = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("leads.crm.url", crm.closeBaseUrl());
        p.setProperty("leads.data-dir", data.toString());
        p.setProperty("leads.import.read-lock-min-age-ms", "0");
        p.setProperty("leads.import.poll-delay-ms", "50");
        p.setProperty("leads.import.max-cell-bytes", "2048");
        p.setProperty("leads.import.max-row-bytes", "8192");
        p.setProperty("leads.health.crm-check-ms", "0");
        p.setProperty("leads.crm.retry.initial-delay-ms", "20");
        context.getPropertiesComponent().setInitialProperties(p);
        context.addRoutes(new LeadRoutes());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/import.yaml"));
        context.start();
    }

    @AfterContainer
    static void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        if (crm != null) {
            crm.close();
        }
        AppTestSupport.deleteTree(data);
    }

    /** One way a file breaks, at a place chosen by {@code where} and {@code what}. */
    enum Breakage { OPEN_QUOTE, DOUBLE_QUOTE, SWAP_DELIMITER, NUL, CONTROL, BOM_IN_MIDDLE, TRUNCATE_LAST, LONG_CELL,
        WINDOWS_1252_LINE, CRLF }

    record Break(Breakage kind, int where, int what) {
    }

    @Provide
    Arbitrary<List<Break>> breaks() {
        Arbitrary<Break> one = Combinators.combine(Arbitraries.of(Breakage.class), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 10_000)).as(Break::new);
        return one.list().ofMinSize(0).ofMaxSize(3);
    }

    @Property(tries = 50) // each try is two drops through the real flow: about 1.5 s
    void aBrokenDropCostsNothingButItself(@ForAll("breaks") List<Break> breaks,
                                          @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 12) int rows) throws Exception {
        int n = TRY.incrementAndGet();
        String prefix = "T" + n + " ";
        List<String> lines = new ArrayList<>();
        lines.add("Company,Contact,Email,Phone,Notes");
        for (int i = 0; i < rows; i++) {
            lines.add(prefix + "Company " + i + ",Person " + i + ",p" + i + "@t" + n + "c" + i + ".example.com,"
                    + "+1 617 555 01" + String.format("%02d", i % 100) + ",\"notes, with a comma " + i + "\"");
        }
        byte[] content = broken(lines, breaks);
        String name = "fuzz-" + n + ".csv";
        Map<String, Object> report = drop(name, content);

        Set<String> names = new HashSet<>();
        for (Map<String, Object> lead : crm.leads()) {
            assertTrue(names.add((String) lead.get("name")), "a lead created twice: " + lead.get("name") + " " + breaks);
        }
        long created = names.stream().filter(l -> l.startsWith(prefix)).count();
        String status = (String) report.get("status");
        if ("failed".equals(status)) {
            String error = (String) report.get("error");
            assertTrue(error.matches("(?s).*\\bline \\d+.*"), "a failed drop's reason names a line: " + error + " " + breaks);
            assertEquals(0, created, "nothing of a refused file is imported: " + error + " " + breaks);
        } else {
            assertEquals("done", status, String.valueOf(report));
            Path reports = data.resolve("reports");
            String archived = report.get("archivedAs").toString().replace(".done/", "");
            List<CSVRecord> results = csv(reports.resolve(archived + ".results.csv"));
            long dataRows = ((Number) report.get("rows")).longValue();
            long skippedLines = ((Number) report.get("linesSkipped")).longValue();
            assertEquals(dataRows + skippedLines, results.size(), "every row in the results: " + breaks);
            for (CSVRecord r : results) {
                String action = r.get("action");
                assertTrue(Set.of("created", "rejected", "skipped-line").contains(action), action + " " + breaks);
                assertTrue(r.get("line").matches("\\d+"), r.get("line"));
                assertEquals(action.equals("created"), r.get("error").isEmpty(), "a reason for each row not created: "
                        + r.get("error") + " " + breaks);
            }
            for (CSVRecord r : csv(reports.resolve(archived + ".rejects.csv"))) {
                assertTrue(r.get("error").matches("line \\d+: .*"), "a rejected row's reason names its line: " + r.get("error"));
            }
            assertTrue(created <= dataRows, created + " leads from " + dataRows + " rows " + breaks);
        }

        String next = prefix + "Next Inc";
        Map<String, Object> good = drop("good-" + n + ".csv", ("Company,Email\n" + next + ",n@next" + n + ".example.com\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("done", good.get("status"), "the next drop imports after " + breaks);
        assertTrue(crm.leads().stream().anyMatch(l -> next.equals(l.get("name"))), next);
    }

    /** The drop's lines, broken as {@code breaks} say, as bytes. */
    static byte[] broken(List<String> lines, List<Break> breaks) {
        List<String> text = new ArrayList<>(lines);
        boolean crlf = false;
        int cp1252Line = -1;
        List<Break> byteBreaks = new ArrayList<>();
        for (Break b : breaks) {
            int line = text.size() > 1 ? 1 + b.where() % (text.size() - 1) : 0; // data lines: the header stays whole
            String s = text.get(line);
            int at = s.isEmpty() ? 0 : b.what() % s.length();
            switch (b.kind()) {
                case OPEN_QUOTE -> {
                    int comma = s.indexOf(',', at);
                    text.set(line, comma < 0 ? s + ",\"open" : s.substring(0, comma + 1) + "\"" + s.substring(comma + 1));
                }
                case DOUBLE_QUOTE -> text.set(line, s.substring(0, at) + "\"\"" + s.substring(at));
                case SWAP_DELIMITER -> text.set(line, s.replace(',', b.what() % 2 == 0 ? ';' : '\t'));
                case CONTROL -> text.set(line, s.substring(0, at) + (char) (1 + b.what() % 31) + s.substring(at));
                case BOM_IN_MIDDLE -> text.set(line, s.substring(0, at) + '\uFEFF' + s.substring(at));
                case TRUNCATE_LAST -> {
                    String last = text.get(text.size() - 1);
                    text.set(text.size() - 1, last.substring(0, last.isEmpty() ? 0 : b.what() % last.length()));
                }
                case LONG_CELL -> text.set(line, s.substring(0, at) + "L".repeat(1000 + b.what() * 2) + s.substring(at));
                case WINDOWS_1252_LINE -> {
                    text.set(line, s.substring(0, at) + "Caf\u00e9 Cr\u00e8me" + s.substring(at));
                    cp1252Line = line;
                }
                case CRLF -> crlf = true;
                case NUL -> byteBreaks.add(b);
                default -> throw new IllegalStateException(b.kind().name());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.size(); i++) {
            Charset charset = i == cp1252Line ? Charset.forName("windows-1252") : StandardCharsets.UTF_8;
            boolean last = i == text.size() - 1;
            out.writeBytes((text.get(i) + (last && breaks.stream().anyMatch(b -> b.kind() == Breakage.TRUNCATE_LAST) ? ""
                    : crlf ? "\r\n" : "\n")).getBytes(charset));
        }
        byte[] bytes = out.toByteArray();
        for (Break b : byteBreaks) { // a NUL byte anywhere below the header
            int header = lines.get(0).length() + 1;
            if (bytes.length > header) {
                int at = header + b.what() % (bytes.length - header);
                byte[] with = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, with, 0, at);
                System.arraycopy(bytes, at, with, at + 1, bytes.length - at);
                bytes = with;
            }
        }
        return bytes;
    }

    /** Drops a file and waits, within the bound, for its report. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> drop(String name, byte[] content) throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Path part = data.resolve(name + ".part");
        Files.write(part, content);
        Files.move(part, inbox.resolve(name));
        String stem = name.substring(0, name.length() - ".csv".length());
        Path report = await(name + " ended within the bound").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> reportOf(stem), java.util.Objects::nonNull);
        await(name + " archived").atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(inbox.resolve(name)));
        return Json.MAPPER.readValue(report.toFile(), Map.class);
    }

    private static Path reportOf(String stem) throws IOException {
        Path reports = data.resolve("reports");
        if (!Files.isDirectory(reports)) {
            return null;
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(stem)
                    + "\\.\\d{8}-\\d{6}\\.\\d{3}\\.csv\\.report\\.json")).findFirst().orElse(null);
        }
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
