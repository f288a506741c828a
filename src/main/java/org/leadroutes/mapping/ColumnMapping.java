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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Decides what each CSV column feeds: a {@link LeadField}, a lead custom field of the CRM, or
 * nothing. Headers are compared case- and punctuation-insensitively. A YAML mapping file adds or
 * overrides spellings:
 *
 * <pre>
 * columns:
 *   Firma: company
 *   Branche: custom:Industry
 *   Internal ID: ignore
 * </pre>
 */
public class ColumnMapping {

    private static final String CUSTOM_PREFIX = "custom:";

    private final Map<String, String> targets; // normalised header -> field key or custom:<name>

    private ColumnMapping(Map<String, String> targets) {
        this.targets = targets;
    }

    /** The built-in spellings only. */
    public static ColumnMapping defaults() {
        return new ColumnMapping(defaultTargets());
    }

    /** The built-in spellings, overridden by the mapping file when one is named. */
    public static ColumnMapping load(String mappingFile) {
        Map<String, String> targets = defaultTargets();
        if (mappingFile == null || mappingFile.isBlank()) {
            return new ColumnMapping(targets);
        }
        Path file = Path.of(mappingFile.trim());
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            JsonNode columns = root == null ? null : root.get("columns");
            if (columns == null || !columns.isObject()) {
                throw new IllegalArgumentException("mapping file " + file + " has no 'columns:' map");
            }
            columns.fields().forEachRemaining(e -> targets.put(normalise(e.getKey()), target(file, e.getValue().asText())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping file " + file, e);
        }
        return new ColumnMapping(targets);
    }

    /** Lower case, letters and digits only: "E-Mail Address " and "email_address" are one header. */
    public static String normalise(String header) {
        StringBuilder b = new StringBuilder(header.length());
        header.toLowerCase(Locale.ROOT).codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(b::appendCodePoint);
        return b.toString();
    }

    /** Resolves a file's headers against this mapping and the CRM's custom fields. */
    public ResolvedColumns resolve(List<String> headers, CrmVocabulary vocabulary) {
        List<ResolvedColumns.Target> resolved = new ArrayList<>(headers.size());
        List<String> warnings = new ArrayList<>();
        for (String header : headers) {
            String key = normalise(header);
            String target = targets.get(key);
            if (target != null && target.startsWith(CUSTOM_PREFIX)) {
                String fieldName = target.substring(CUSTOM_PREFIX.length());
                String id = vocabulary.customFieldId(fieldName);
                if (id == null) {
                    warnings.add("column '" + header + "' is mapped to custom field '" + fieldName
                            + "', which the CRM does not have: ignored");
                    resolved.add(ResolvedColumns.Target.ignored());
                } else {
                    resolved.add(ResolvedColumns.Target.custom(id));
                }
            } else if (target != null) {
                resolved.add(ResolvedColumns.Target.field(LeadField.valueOf(target.toUpperCase(Locale.ROOT))));
            } else if (vocabulary.customFieldId(header) != null) {
                resolved.add(ResolvedColumns.Target.custom(vocabulary.customFieldId(header)));
            } else {
                if (!key.isEmpty() && !"error".equals(key)) { // "error" is our rejects file's own column
                    warnings.add("column '" + header + "' matches no lead field or custom field: ignored");
                }
                resolved.add(ResolvedColumns.Target.ignored());
            }
        }
        return new ResolvedColumns(headers, resolved, warnings);
    }

    private static Map<String, String> defaultTargets() {
        Map<String, String> targets = new HashMap<>();
        for (LeadField field : LeadField.values()) {
            for (String spelling : field.spellings()) {
                targets.put(normalise(spelling), field.key());
            }
        }
        return targets;
    }

    private static String target(Path file, String value) {
        String v = value.trim();
        if (v.regionMatches(true, 0, CUSTOM_PREFIX, 0, CUSTOM_PREFIX.length())) {
            return CUSTOM_PREFIX + v.substring(CUSTOM_PREFIX.length()).trim();
        }
        try {
            return LeadField.valueOf(v.toUpperCase(Locale.ROOT)).key();
        } catch (IllegalArgumentException e) {
            Map<String, String> known = new LinkedHashMap<>();
            for (LeadField f : LeadField.values()) {
                known.put(f.key(), f.key());
            }
            throw new IllegalArgumentException("mapping file " + file + ": '" + value + "' is not a field; use one of "
                    + known.keySet() + " or custom:<field name>");
        }
    }
}
