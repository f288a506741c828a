package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox CRM on its own, e.g. for benchmarks in a separate JVM. Options as {@code --name=value}
 * arguments or {@code -Dsandbox.name=value} system properties (arguments win):
 * {@code port} (0 = ephemeral), {@code seed} (leads with one contact each to create up front), and
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
        seed(sandbox, intOption(options, "seed", 0));
        System.out.println("sandbox CRM listening on " + sandbox.closeBaseUrl());
        System.out.flush();
        new CountDownLatch(1).await(); // the server threads are daemons; keep the JVM up until killed
    }

    /** Deterministic leads with one contact each, spread over all statuses, so paging and filters have data. */
    static void seed(SandboxCrm sandbox, int count) {
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
            sandbox.createLead(lead);
        }
    }

    private static List<String> options() {
        List<String> names = new ArrayList<>(List.of("port", "seed"));
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
