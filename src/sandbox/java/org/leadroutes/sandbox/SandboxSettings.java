package org.leadroutes.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The sandbox's switches by name, the same for the embedded sandbox ({@code leads.sandbox.<name>}) and
 * {@link SandboxMain} ({@code --<name>=}), so a user can try the app against each limiter shape and fault:
 * <ul>
 *   <li>{@code rate-limit}: requests per second per endpoint group (0: none);</li>
 *   <li>{@code limiter}: {@code window} (a one-second window announced on every answer) or
 *       {@code bucket} (a token bucket that says nothing until it refuses);</li>
 *   <li>{@code organization-rate-limit}: a second, hidden token bucket per group (0: none);</li>
 *   <li>{@code rate-limit-form}: how a 429 says when to come back ({@link RateLimitForm});</li>
 *   <li>{@code latency-ms}, {@code max-skip}, {@code api-key}, {@code token};</li>
 *   <li>{@code faults}: a seeded random mix for {@code fault-requests} (a "METHOD path" prefix, default
 *       {@code POST /lead/}; {@code *}: every request),
 *       e.g. {@code 429:0.05,503:0.05,created-then-502:0.02,created-then-close:0.01}, drawn from
 *       {@code fault-seed} for each attempt of each request.</li>
 * </ul>
 */
public final class SandboxSettings {

    public static final List<String> NAMES = List.of("rate-limit", "limiter", "organization-rate-limit",
            "rate-limit-form", "latency-ms", "max-skip", "api-key", "token", "faults", "fault-seed", "fault-requests");

    private SandboxSettings() {
    }

    /** Applies every switch {@code option} has a non-blank value for; the others keep the sandbox's defaults. */
    public static SandboxCrm apply(SandboxCrm sandbox, Function<String, String> option) {
        Function<String, String> set = name -> {
            String value = option.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        };
        ifSet(set, "rate-limit", v -> sandbox.rateLimit(integer("rate-limit", v)));
        ifSet(set, "limiter", v -> sandbox.limiter(Limiter.parse(v)));
        ifSet(set, "organization-rate-limit", v -> sandbox.organizationRateLimit(integer("organization-rate-limit", v)));
        ifSet(set, "rate-limit-form", v -> sandbox.rateLimitForm(RateLimitForm.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'))));
        ifSet(set, "latency-ms", v -> sandbox.latencyMillis(integer("latency-ms", v)));
        ifSet(set, "max-skip", v -> sandbox.maxSkip(integer("max-skip", v)));
        ifSet(set, "api-key", sandbox::requireApiKey);
        ifSet(set, "token", sandbox::requireToken);
        ifSet(set, "faults", v -> {
            String requests = set.apply("fault-requests");
            String seed = set.apply("fault-seed");
            sandbox.faults().random(requests == null ? "POST /lead/" : requests.equals("*") ? "" : requests,
                    seed == null ? 1L : Long.parseLong(seed), faultMix(v));
        });
        return sandbox;
    }

    /** {@code 429:0.05, created-then-502:0.01} as fault chances. */
    public static Map<Fault, Double> faultMix(String text) {
        Map<Fault, Double> mix = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2) {
                throw new IllegalArgumentException("faults: expected fault:chance pairs such as 429:0.05, got '" + part.trim() + "'");
            }
            mix.put(Fault.parse(kv[0]), Double.parseDouble(kv[1].trim()));
        }
        return mix;
    }

    private static void ifSet(Function<String, String> set, String name, java.util.function.Consumer<String> apply) {
        String value = set.apply(name);
        if (value != null) {
            try {
                apply.accept(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sandbox setting " + name + "=" + value + ": " + e.getMessage(), e);
            }
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number", e);
        }
    }
}
