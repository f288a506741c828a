package org.leadroutes.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.leadroutes.crm.Json;

/**
 * The column headers the import knows, read from {@code headers.yaml}: the generic spellings of each lead
 * field, and the header sets of the exporters our users come from (HubSpot, Salesforce, Pipedrive, Zoho,
 * LinkedIn, Apollo, Close), each with the headers that recognise it. Headers are compared after
 * {@link ColumnMapping#normalise}. A target is a {@link LeadField} key, {@code custom:<Field Name>} or
 * {@value #IGNORE}.
 */
public final class KnownHeaders {

    public static final String IGNORE = "ignore";
    private static final KnownHeaders BUILT_IN = load("/org/leadroutes/mapping/headers.yaml");

    /** An exporter's header set: the lists of headers that recognise its files, and what its columns feed. */
    public record Exporter(String name, List<Set<String>> recognise, Map<String, String> columns) {

        /** How many headers of the file recognise this exporter, 0 when none of its lists is all there. */
        int score(Set<String> headers) {
            int best = 0;
            for (Set<String> signature : recognise) {
                if (headers.containsAll(signature)) {
                    best = Math.max(best, signature.size());
                }
            }
            return best;
        }
    }

    private final Map<String, String> generic; // normalised header -> target
    private final List<Exporter> exporters;

    private KnownHeaders(Map<String, String> generic, List<Exporter> exporters) {
        this.generic = Collections.unmodifiableMap(generic);
        this.exporters = List.copyOf(exporters);
    }

    public static KnownHeaders builtIn() {
        return BUILT_IN;
    }

    /** The target of a header in any file, or null. */
    public String generic(String normalisedHeader) {
        return generic.get(normalisedHeader);
    }

    /** Every generic spelling that feeds a lead field (not the ignored ones). */
    public Set<String> fieldSpellings() {
        Set<String> spellings = new java.util.HashSet<>();
        generic.forEach((header, target) -> {
            if (!IGNORE.equals(target)) {
                spellings.add(header);
            }
        });
        return spellings;
    }

    /** Whether a normalised header is a generic spelling or a column of some exporter. */
    public boolean knows(String normalisedHeader) {
        return !normalisedHeader.isEmpty() && (generic.containsKey(normalisedHeader)
                || exporters.stream().anyMatch(e -> e.columns().containsKey(normalisedHeader)));
    }

    public List<Exporter> exporters() {
        return exporters;
    }

    /**
     * The exporter that wrote a file with these headers: the one whose recognising list is longest among those
     * the file has all of, and of those the one that knows most of the file's columns; null for none.
     */
    public Exporter recognise(List<String> headers) {
        Set<String> normalised = new java.util.HashSet<>();
        headers.forEach(h -> normalised.add(ColumnMapping.normalise(h)));
        Exporter best = null;
        int bestScore = 0;
        int bestKnown = 0;
        for (Exporter exporter : exporters) {
            int score = exporter.score(normalised);
            if (score == 0) {
                continue;
            }
            // a tie (Zoho's and Salesforce's contact exports share three headers) goes to the one that knows more columns
            int known = (int) normalised.stream().filter(exporter.columns()::containsKey).count();
            if (score > bestScore || score == bestScore && known > bestKnown) {
                best = exporter;
                bestScore = score;
                bestKnown = known;
            }
        }
        return best;
    }

    static KnownHeaders load(String resource) {
        JsonNode root;
        try (InputStream in = KnownHeaders.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            root = Json.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        Map<String, String> generic = new HashMap<>();
        for (String section : List.of("generic", "generic-languages")) {
            root.get(section).fields().forEachRemaining(field -> {
                String target = target(field.getKey(), resource);
                field.getValue().forEach(spelling -> {
                    String previous = generic.put(ColumnMapping.normalise(spelling.asText()), target);
                    if (previous != null && !previous.equals(target)) {
                        throw new IllegalStateException(resource + ": '" + spelling.asText() + "' is a spelling of both "
                                + previous + " and " + target);
                    }
                });
            });
        }
        List<Exporter> exporters = new ArrayList<>();
        for (JsonNode node : root.get("exporters")) {
            List<Set<String>> recognise = new ArrayList<>();
            node.get("recognise").forEach(list -> {
                Set<String> signature = new java.util.LinkedHashSet<>();
                list.forEach(h -> signature.add(ColumnMapping.normalise(h.asText())));
                recognise.add(Set.copyOf(signature));
            });
            Map<String, String> columns = new LinkedHashMap<>();
            node.get("columns").fields().forEachRemaining(c -> columns.put(ColumnMapping.normalise(c.getKey()),
                    target(c.getValue().asText(), resource)));
            exporters.add(new Exporter(node.get("name").asText(), List.copyOf(recognise), Collections.unmodifiableMap(columns)));
        }
        return new KnownHeaders(generic, exporters);
    }

    /** A target as written in the file or a mapping file: a field key, custom:<Field Name> or ignore. */
    static String target(String value, String where) {
        String v = value.trim();
        if (v.regionMatches(true, 0, ColumnMapping.CUSTOM_PREFIX, 0, ColumnMapping.CUSTOM_PREFIX.length())) {
            return ColumnMapping.CUSTOM_PREFIX + v.substring(ColumnMapping.CUSTOM_PREFIX.length()).trim();
        }
        if (v.equalsIgnoreCase(IGNORE)) {
            return IGNORE;
        }
        try {
            return LeadField.valueOf(v.toUpperCase(Locale.ROOT)).key();
        } catch (IllegalArgumentException e) {
            List<String> known = new ArrayList<>();
            for (LeadField f : LeadField.values()) {
                known.add(f.key());
            }
            throw new IllegalArgumentException(where + ": '" + value + "' is not a field; use one of " + known
                    + " or custom:<field name>");
        }
    }
}
