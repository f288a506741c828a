package org.leadroutes.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.leadroutes.crm.CrmVocabulary;
import org.leadroutes.crm.Json;

/**
 * Decides what each CSV column feeds: a {@link LeadField}, a lead custom field of the CRM, or nothing.
 * Headers are compared case- and punctuation-insensitively, in this order: a YAML mapping file, the
 * header set of the exporter the file is recognised as, the generic spellings (both from
 * {@link KnownHeaders}), then the CRM's custom fields by name. A mapping file adds or overrides spellings:
 *
 * <pre>
 * columns:
 *   Firma: company
 *   Branche: custom:Industry
 *   Internal ID: ignore
 * </pre>
 */
public class ColumnMapping {

    static final String CUSTOM_PREFIX = "custom:";
    /** The columns our results file adds after the file's own (lead_id is a field: it names the lead). */
    private static final java.util.Set<String> RESULTS_COLUMNS = java.util.Set.of("line", "leadid", "contactid", "action", "error");

    private final Map<String, String> targets; // the mapping file's: normalised header -> target
    private final KnownHeaders known;

    private ColumnMapping(Map<String, String> targets, KnownHeaders known) {
        this.targets = targets;
        this.known = known;
    }

    /** The built-in spellings only. */
    public static ColumnMapping defaults() {
        return new ColumnMapping(Map.of(), KnownHeaders.builtIn());
    }

    /** The built-in spellings, overridden by the mapping file when one is named. */
    public static ColumnMapping load(String mappingFile) {
        if (mappingFile == null || mappingFile.isBlank()) {
            return defaults();
        }
        Map<String, String> targets = new HashMap<>();
        Path file = Path.of(mappingFile.trim());
        try {
            JsonNode root = Json.YAML.readTree(Files.readString(file));
            JsonNode columns = root == null ? null : root.get("columns");
            if (columns == null || !columns.isObject()) {
                throw new IllegalArgumentException("mapping file " + file + " has no 'columns:' map");
            }
            columns.fields().forEachRemaining(e -> targets.put(normalise(e.getKey()),
                    KnownHeaders.target(e.getValue().asText(), "mapping file " + file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping file " + file, e);
        }
        return new ColumnMapping(targets, KnownHeaders.builtIn());
    }

    /**
     * Lower case, letters and digits only: "E-Mail Address " and "email_address" are one header. The CRM's names
     * are keyed the same way ({@link CrmVocabulary#normalise}), so a column named after a custom field finds it.
     */
    public static String normalise(String header) {
        return CrmVocabulary.normalise(header);
    }

    /** Whether the header names a column this mapping or the known header sets know (the header row is found by them). */
    public boolean knows(String header) {
        String key = normalise(header);
        return targets.containsKey(key) || known.knows(key);
    }

    /** Resolves a file's headers against this mapping, the known header sets and the CRM's custom fields. */
    public ResolvedColumns resolve(List<String> headers, CrmVocabulary vocabulary) {
        KnownHeaders.Exporter exporter = known.recognise(headers);
        java.util.Set<String> present = new java.util.HashSet<>();
        headers.forEach(h -> present.add(normalise(h)));
        boolean ourResults = present.containsAll(RESULTS_COLUMNS); // our results file, fixed and dropped back
        List<ResolvedColumns.Target> resolved = new ArrayList<>(headers.size());
        List<String> warnings = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String header : headers) {
            String key = normalise(header);
            String target = targets.get(key);
            if (target == null && exporter != null) {
                target = exporter.columns().get(key);
            }
            if (target == null) {
                target = known.generic(key);
            }
            if (target == null && ourResults && (RESULTS_COLUMNS.contains(key) || "warnings".equals(key))) {
                target = KnownHeaders.IGNORE;
            }
            if (target == null && header.strip().startsWith("custom.")) { // Close's export: custom.<Field Name>
                target = CUSTOM_PREFIX + header.strip().substring("custom.".length());
            }
            boolean userIgnored = KnownHeaders.IGNORE.equals(targets.get(key));
            if (KnownHeaders.IGNORE.equals(target) && !userIgnored && vocabulary.customFieldId(header) != null) {
                target = null; // a known column the CRM has a custom field for: it feeds that field
            }
            if (target != null && target.startsWith(CUSTOM_PREFIX)) {
                String fieldName = target.substring(CUSTOM_PREFIX.length());
                String id = vocabulary.customFieldId(fieldName);
                if (id == null) {
                    warnings.add("column '" + header + "' is mapped to custom field '" + fieldName
                            + "', which the CRM does not have: ignored");
                    resolved.add(ResolvedColumns.Target.ignored());
                    ignored.add(header);
                } else {
                    resolved.add(ResolvedColumns.Target.custom(id));
                }
            } else if (KnownHeaders.IGNORE.equals(target)) {
                resolved.add(ResolvedColumns.Target.ignored());
                if (!key.isEmpty()) {
                    ignored.add(header);
                }
            } else if (target != null) {
                resolved.add(ResolvedColumns.Target.field(LeadField.valueOf(target.toUpperCase(Locale.ROOT))));
            } else if (vocabulary.customFieldId(header) != null) {
                resolved.add(ResolvedColumns.Target.custom(vocabulary.customFieldId(header)));
            } else {
                if (!key.isEmpty()) {
                    warnings.add("column '" + header + "' matches no lead field or custom field: ignored");
                    ignored.add(header);
                    unknown.add(header);
                }
                resolved.add(ResolvedColumns.Target.ignored());
            }
        }
        return new ResolvedColumns(headers, resolved, warnings, exporter == null ? null : exporter.name(), ignored, unknown);
    }
}
