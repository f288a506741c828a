package org.leadroutes.exporting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Flattens one lead, as an API style returns it, into CSV rows: one per contact, at least one. */
interface LeadRows {

    List<ContactRow> rows(Map<String, Object> lead);

    /** The custom field columns this style writes, by field name, in order. */
    List<String> customColumns();

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof List<?> list) { // a multiple-choice custom field
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(text(v)));
            return String.join(", ", parts);
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }

    static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> {
                String s = text(v);
                if (s != null) {
                    strings.add(s);
                }
            });
        }
        return strings;
    }
}
