package org.leadroutes.mapping;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The names the CRM knows, fetched once per drop: lead status labels ({@code GET /status/lead/}) and
 * lead custom fields ({@code GET /custom_field/lead/}), both matched like headers are.
 */
public class CrmVocabulary {

    private final Map<String, String> statusIds = new HashMap<>();
    private final Map<String, String> statusLabels = new HashMap<>();
    private final Map<String, String> customFieldIds = new HashMap<>();
    private final List<String> warnings = new java.util.ArrayList<>();

    /** Builds the vocabulary from the {@code data} lists of the two CRM answers. */
    @SuppressWarnings("unchecked")
    public static CrmVocabulary of(Map<String, Object> statuses, Map<String, Object> customFields) {
        CrmVocabulary v = new CrmVocabulary();
        for (Map<String, Object> s : (List<Map<String, Object>>) statuses.getOrDefault("data", List.of())) {
            String label = String.valueOf(s.get("label"));
            v.statusIds.put(ColumnMapping.normalise(label), String.valueOf(s.get("id")));
            v.statusLabels.put(ColumnMapping.normalise(label), label);
        }
        for (Map<String, Object> f : (List<Map<String, Object>>) customFields.getOrDefault("data", List.of())) {
            v.customFieldIds.put(ColumnMapping.normalise(String.valueOf(f.get("name"))), String.valueOf(f.get("id")));
        }
        if (Boolean.TRUE.equals(customFields.get("has_more"))) {
            v.warnings.add("the CRM has more lead custom fields than its first page of " + v.customFieldIds.size()
                    + ": columns named after the others are ignored");
        }
        return v;
    }

    /** What the user should know about the vocabulary, e.g. that it is incomplete. */
    public List<String> warnings() {
        return warnings;
    }

    public static CrmVocabulary empty() {
        return new CrmVocabulary();
    }

    public String statusId(String label) {
        return statusIds.get(ColumnMapping.normalise(label));
    }

    public Collection<String> statusLabels() {
        return new TreeSet<>(statusLabels.values());
    }

    public String customFieldId(String name) {
        String key = ColumnMapping.normalise(name);
        return key.isEmpty() ? null : customFieldIds.get(key);
    }
}
