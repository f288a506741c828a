package org.leadroutes.crm;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The names the CRM knows, fetched once per drop or export run by {@code direct:crm-vocabulary}
 * ({@link VocabularyRoutes}): lead status labels ({@code GET /status/lead/}) and lead custom fields
 * ({@code GET /custom_field/lead/}). The import matches them like headers; the export names its custom
 * field columns after them.
 */
public class CrmVocabulary {

    private final Map<String, String> statusIds = new HashMap<>();
    private final Map<String, String> statusLabels = new HashMap<>();
    private final Map<String, String> customFieldIds = new HashMap<>();
    private final Map<String, String> customFieldNames = new java.util.LinkedHashMap<>();
    private final Map<String, CustomField> customFields = new HashMap<>();
    private final List<String> warnings = new java.util.ArrayList<>();

    /** Builds the vocabulary from the {@code data} lists of the two CRM answers. */
    @SuppressWarnings("unchecked")
    public static CrmVocabulary of(Map<String, Object> statuses, Map<String, Object> customFields) {
        CrmVocabulary v = new CrmVocabulary();
        for (Map<String, Object> s : (List<Map<String, Object>>) statuses.getOrDefault("data", List.of())) {
            String label = String.valueOf(s.get("label"));
            v.statusIds.put(normalise(label), String.valueOf(s.get("id")));
            v.statusLabels.put(normalise(label), label);
        }
        for (Map<String, Object> f : (List<Map<String, Object>>) customFields.getOrDefault("data", List.of())) {
            v.customFieldIds.put(normalise(String.valueOf(f.get("name"))), String.valueOf(f.get("id")));
            v.customFieldNames.put(String.valueOf(f.get("id")), String.valueOf(f.get("name")));
            List<String> choices = new java.util.ArrayList<>();
            if (f.get("choices") instanceof List<?> list) {
                list.forEach(c -> choices.add(String.valueOf(c)));
            }
            v.customFields.put(String.valueOf(f.get("id")), new CustomField(String.valueOf(f.get("id")),
                    String.valueOf(f.get("name")), f.get("type") == null ? "text" : String.valueOf(f.get("type")),
                    List.copyOf(choices), Boolean.TRUE.equals(f.get("accepts_multiple_values"))));
        }
        if (Boolean.TRUE.equals(customFields.get("has_more"))) {
            v.warnings.add("the CRM has more lead custom fields than its first page of " + v.customFieldIds.size()
                    + ": the others are left out (an import ignores columns named after them, an export has no column for them)");
        }
        return v;
    }

    /**
     * The key a name is known by: lower case, letters and digits only, so "Lead Source" and "lead_source" are one
     * name. The import's headers are keyed the same way ({@code ColumnMapping.normalise}).
     */
    public static String normalise(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.toLowerCase(Locale.ROOT).codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(b::appendCodePoint);
        return b.toString();
    }

    /** What the user should know about the vocabulary, e.g. that it is incomplete. */
    public List<String> warnings() {
        return warnings;
    }

    public static CrmVocabulary empty() {
        return new CrmVocabulary();
    }

    public String statusId(String label) {
        return statusIds.get(normalise(label));
    }

    public Collection<String> statusLabels() {
        return new TreeSet<>(statusLabels.values());
    }

    /** Custom field names by id, in the CRM's order. */
    public Map<String, String> customFieldNames() {
        return java.util.Collections.unmodifiableMap(customFieldNames);
    }

    /**
     * A lead custom field as the CRM describes it.
     *
     * @param type     Close's type: {@code text}, {@code number}, {@code date}, {@code datetime}, {@code choices}, …
     * @param choices  a choices field's options (empty for other types)
     * @param multiple whether the field takes a list of values
     */
    public record CustomField(String id, String name, String type, List<String> choices, boolean multiple) {
    }

    /** The custom field with this id, or null. */
    public CustomField customField(String id) {
        return customFields.get(id);
    }

    public String customFieldId(String name) {
        String key = normalise(name);
        return key.isEmpty() ? null : customFieldIds.get(key);
    }
}
