package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox CRM on its own, e.g. for benchmarks in a separate JVM. Options as {@code --name=value}
 * arguments or {@code -Dsandbox.name=value} system properties (arguments win):
 * {@code port} (0 = ephemeral), {@code seed} (leads with one contact each to create up front), {@code history}
 * ({@code DAYS:PER_DAY}: an event log of the last DAYS days, PER_DAY changes a day to the seeded leads, see
 * {@link #history}), and
 * the switches of {@link SandboxSettings} ({@code rate-limit}, {@code limiter}, {@code faults} …).
 * Prints {@code sandbox CRM listening on http://127.0.0.1:PORT/api/v1} once seeded, then runs until killed.
 */
public final class SandboxMain {
    private static final List<String> OPTIONS = options();
    private static final String[] INDUSTRIES = {"Software", "Retail", "Manufacturing", "Finance", "Healthcare"};
    private static final String[] SOURCES = {"website", "referral", "trade show", "cold call"};

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = options(args);
        SandboxCrm sandbox = SandboxSettings.apply(new SandboxCrm(intOption(options, "port", 0)), options::get);
        sandbox.start(); // bind before seeding so a busy port fails fast
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-crm-shutdown"));
        String history = options.get("history");
        if (history != null && !history.isBlank()) {
            String[] parts = history.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("history must be DAYS:PER_DAY, e.g. 30:5000, not " + history);
            }
            int days = Integer.parseInt(parts[0].trim());
            // the leads were made before the history: only what changed in it is newer than its start
            sandbox.clock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofDays(days + 1).negated()));
            List<String> seeded = seed(sandbox, intOption(options, "seed", 0));
            history(sandbox, seeded, days, Integer.parseInt(parts[1].trim()));
        } else {
            seed(sandbox, intOption(options, "seed", 0));
        }
        System.out.println("sandbox CRM listening on " + sandbox.closeBaseUrl());
        System.out.flush();
        new CountDownLatch(1).await(); // the server threads are daemons; keep the JVM up until killed
    }

    /** Deterministic leads with one contact each, spread over all statuses, so paging and filters have data. */
    static List<String> seed(SandboxCrm sandbox, int count) {
        List<String> ids = new ArrayList<>(count);
        List<String> statusIds = new ArrayList<>(sandbox.statusIds().values());
        Map<String, String> fields = sandbox.customFieldIds();
        for (int i = 1; i <= count; i++) {
            Map<String, Object> email = Map.of("email", "contact" + i + "@seed" + i + ".example.com", "type", "office");
            Map<String, Object> phone = Map.of("phone", String.format("+1555%07d", i % 10_000_000), "type", "office");
            Map<String, Object> lead = new LinkedHashMap<>();
            lead.put("name", String.format("Seed Company %07d", i));
            lead.put("status_id", statusIds.get(i % statusIds.size()));
            lead.put("contacts", List.of(Map.of("name", "Seed Contact " + i, "title", "Buyer",
                    "emails", List.of(email), "phones", List.of(phone))));
            lead.put("custom." + fields.get("Industry"), INDUSTRIES[i % INDUSTRIES.length]);
            lead.put("custom." + fields.get("Lead Source"), SOURCES[i % SOURCES.length]);
            lead.put("custom." + fields.get("Employees"), 10 + i % 990);
            ids.add((String) sandbox.createLead(lead).get("id"));
        }
        return ids;
    }

    /**
     * The last {@code days} days of changes to the seeded leads, {@code perDay} a day at evenly spread instants on
     * the sandbox's clock (then set back to the system's): of every ten, one lead deleted, one merged into another,
     * eight updated (while enough leads are left to delete and merge). For the export's event-read benchmark.
     */
    static void history(SandboxCrm sandbox, List<String> seeded, int days, int perDay) {
        List<String> alive = new ArrayList<>(seeded);
        java.util.Random random = new java.util.Random(29);
        java.time.Instant start = java.time.Instant.now().minus(java.time.Duration.ofDays(days));
        long total = (long) days * perDay;
        long stepNanos = java.time.Duration.ofDays(days).toNanos() / Math.max(1, total);
        for (long i = 0; i < total; i++) {
            sandbox.clock(java.time.Clock.fixed(start.plusNanos(i * stepNanos), java.time.ZoneOffset.UTC));
            if (alive.size() < 2) {
                break;
            }
            String lead = alive.get(random.nextInt(alive.size()));
            if (i % 10 == 0 || i % 10 == 1) {
                String gone = alive.remove(alive.size() - 1);
                if (i % 10 == 0) {
                    sandbox.deleteLead(gone);
                } else {
                    sandbox.mergeLeads(gone, alive.get(random.nextInt(alive.size())));
                }
            } else {
                sandbox.updateLead(lead, Map.of("description", "changed " + i));
            }
        }
        sandbox.clock(java.time.Clock.systemUTC());
    }

    private static List<String> options() {
        List<String> names = new ArrayList<>(List.of("port", "seed", "history"));
        names.addAll(SandboxSettings.NAMES);
        return List.copyOf(names);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String name : OPTIONS) {
            String value = System.getProperty("sandbox." + name);
            if (value != null) {
                options.put(name, value);
            }
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
            if (name == null || !OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown argument " + arg + "; expected --name=value with name one of "
                        + OPTIONS);
            }
            options.put(name, arg.substring(eq + 1));
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String name, int defaultValue) {
        String value = options.get(name);
        try {
            return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + value, e);
        }
    }
}
