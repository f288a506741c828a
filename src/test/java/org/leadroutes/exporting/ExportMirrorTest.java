package org.leadroutes.exporting;

import org.leadroutes.TestKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.commons.csv.CSVRecord;
import org.leadroutes.app.AppTestSupport;
import org.leadroutes.crm.Json;
import org.leadroutes.embedding.LeadRoutes;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mirror: random creates, updates, deletes and merges in the sandbox CRM between incremental runs; a table kept
 * by applying the first (full) file and then each incremental one (upserts replace, deletes remove) equals the CRM's
 * leads after every run. Two exports at once over the same CRM: Close (its search and event log, JSON lines) and the
 * paged CRM (every page, ids compared, CSV). jqwik prints the seed of a failing case.
 */
@TestKinds.BootsFlow
class ExportMirrorTest {

    static final int TRIES = 12;
    private static SandboxCrm crm;
    private static final List<Exporter> EXPORTERS = new ArrayList<>();
    private static final AtomicInteger TRY = new AtomicInteger();
    static final AtomicInteger RUNS = new AtomicInteger();

    /** One application exporting from the sandbox into its own data folder, and the table kept from its files. */
    record Exporter(String api, Path data, CamelContext context, ProducerTemplate template, Map<String, String> table) {

        static Exporter start(String api, String format) throws Exception {
            Path data = Files.createTempDirectory("leads-mirror-" + api);
            CamelContext context = new DefaultCamelContext();
            Properties p = new Properties();
            p.setProperty("leads.crm.url", crm.closeBaseUrl());
            p.setProperty("leads.crm.api", api);
            p.setProperty("leads.data-dir", data.toString());
            p.setProperty("leads.import.enabled", "false");
            p.setProperty("leads.export.enabled", "false"); // no schedule: each run is sent by the test
            p.setProperty("leads.export.incremental", "true");
            p.setProperty("leads.export.format", format);
            p.setProperty("leads.export.page-size", "4");
            p.setProperty("leads.export.concurrency", "2");
            p.setProperty("leads.export.target", "file:" + data.resolve("outbox"));
            p.setProperty("leads.export.file-name", "mirror-${exchangeId}.csv"); // .jsonl for JSON lines
            p.setProperty("leads.health.crm-check-ms", "0");
            p.setProperty("leads.crm.retry.initial-delay-ms", "20");
            context.getPropertiesComponent().setInitialProperties(p);
            context.addRoutes(new LeadRoutes());
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/export.yaml"));
            context.start();
            return new Exporter(api, data, context, context.createProducerTemplate(), new TreeMap<>());
        }

        /** A new table and no incremental state: the next run is a full export again. */
        void forget() throws IOException {
            table.clear();
            try (Stream<Path> files = Files.list(data.resolve("state"))) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // no run yet
            }
        }

        /** One run, its file applied to the table. */
        ExportReport runAndApply() throws IOException {
            ExportReport report = template.requestBody(ExportFlow.ENDPOINT, null, ExportReport.class);
            assertEquals("published", report.status(), String.valueOf(report));
            RUNS.incrementAndGet();
            Path file = data.resolve("outbox").resolve(report.file());
            if (report.file().endsWith(".jsonl")) {
                for (String line : ExportTestSupport.lines(file)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> lead = Json.MAPPER.readValue(line, Map.class);
                    apply((String) lead.get("id"), (String) lead.get("operation"), closeRow(lead));
                }
            } else {
                for (CSVRecord row : ExportTestSupport.csv(file)) {
                    apply(row.get("lead_id"), row.get("operation"), row.get("company") + " | " + row.get("description"));
                }
            }
            Files.delete(file);
            return report;
        }

        private void apply(String id, String operation, String row) {
            switch (operation) {
                case "upsert" -> table.put(id, row);
                case "delete" -> table.remove(id);
                default -> throw new AssertionError("operation " + operation + " of " + id);
            }
        }

        /** The CRM's leads as this exporter's table should hold them. */
        Map<String, String> crmTable() {
            Map<String, String> expected = new TreeMap<>();
            for (Map<String, Object> lead : crm.leads()) {
                expected.put((String) lead.get("id"), api.equals("close") ? closeRow(lead)
                        : lead.get("name") + " | " + (lead.get("description") == null ? "" : lead.get("description")));
            }
            return expected;
        }
    }

    /** What the Close table keeps of a lead: name, description, contacts' names (merges move contacts). */
    static String closeRow(Map<String, Object> lead) {
        List<String> contacts = new ArrayList<>();
        if (lead.get("contacts") instanceof List<?> list) {
            list.forEach(c -> contacts.add(String.valueOf(((Map<?, ?>) c).get("name"))));
        }
        contacts.sort(null);
        return lead.get("name") + " | " + lead.get("description") + " | " + contacts;
    }

    @BeforeContainer
    static void start() throws Exception {
        crm = new SandboxCrm().start();
        EXPORTERS.add(Exporter.start("close", "jsonl"));
        EXPORTERS.add(Exporter.start("paged", "csv"));
    }

    @AfterContainer
    static void stop() throws Exception {
        for (Exporter exporter : EXPORTERS) {
            exporter.context().close();
            AppTestSupport.deleteTree(exporter.data());
        }
        EXPORTERS.clear();
        if (crm != null) {
            crm.close();
        }
        System.out.println("ExportMirrorTest: " + RUNS.get() + " export runs applied over " + TRY.get() + " tries");
    }

    enum Kind { CREATE, UPDATE, DELETE, MERGE }

    record Change(Kind kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<List<Change>>> rounds() {
        Arbitrary<Change> change = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, 999)).as(Change::new);
        return change.list().ofMaxSize(6).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = TRIES) // each try: a full run and up to 4 incremental ones for each CRM, about 1 s
    void aTableBuiltFromTheFilesEqualsTheCrmAfterEveryRun(
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 8) int seeded,
            @ForAll("rounds") List<List<Change>> rounds) throws Exception {
        int n = TRY.incrementAndGet();
        crm.reset();
        for (Exporter exporter : EXPORTERS) {
            exporter.forget();
        }
        int[] created = {0};
        for (int i = 0; i < seeded; i++) {
            create(n, created);
        }
        checkAll("the full export", n);
        for (int r = 0; r < rounds.size(); r++) {
            for (Change change : rounds.get(r)) {
                apply(change, n, created);
            }
            checkAll("after round " + (r + 1) + " of " + rounds, n);
        }
    }

    private static void checkAll(String when, int n) throws IOException {
        for (Exporter exporter : EXPORTERS) {
            ExportReport report = exporter.runAndApply();
            assertEquals(exporter.crmTable(), exporter.table(), exporter.api() + ", try " + n + ", " + when + ": " + report);
        }
    }

    private static void create(int n, int[] created) {
        int i = created[0]++;
        Map<String, Object> lead = new HashMap<>();
        lead.put("name", "T" + n + " Lead " + i);
        lead.put("contacts", List.of(Map.of("name", "Person " + n + "-" + i)));
        crm.createLead(lead);
    }

    private static void apply(Change change, int n, int[] created) {
        List<String> ids = crm.leads().stream().map(l -> (String) l.get("id")).toList();
        if (change.kind() == Kind.CREATE || ids.isEmpty() || change.kind() == Kind.MERGE && ids.size() < 2) {
            create(n, created);
            return;
        }
        String a = ids.get(change.a() % ids.size());
        switch (change.kind()) {
            case UPDATE -> crm.updateLead(a, Map.of("description", "changed " + change.b()));
            case DELETE -> crm.deleteLead(a);
            case MERGE -> {
                String b = ids.get((change.a() + 1 + change.b() % (ids.size() - 1)) % ids.size());
                crm.mergeLeads(a, b);
            }
            default -> throw new IllegalStateException(change.kind().name());
        }
    }
}
