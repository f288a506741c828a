package org.leadroutes.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The subset of Close's Advanced Filtering query tree ({@code POST /data/search/}) the sandbox evaluates
 * against rendered leads: {@code and}, {@code or}, {@code not}, {@code object_type} (lead),
 * {@code field_condition} on a lead's {@code regular_field} or {@code custom_field} with a {@code text}
 * ({@code full_words} or {@code phrase}, ignoring case), {@code term} (exact values) or {@code moment_range}
 * condition, and
 * {@code has_related} from a lead to its contacts and their {@code contact_email}. Anything else is
 * answered 400, so a client never mistakes an unsupported query for an empty result.
 */
final class SearchQuery {

    private SearchQuery() {
    }

    /** Compiles a query node into a test of a rendered lead. */
    static Predicate<Map<String, Object>> compile(Object node) {
        Map<String, Object> q = map(node, "query");
        String type = text(q, "type");
        return switch (type) {
            case "and" -> all(children(q), true);
            case "or" -> all(children(q), false);
            case "not" -> compile(q.get("query")).negate();
            case "object_type" -> {
                if (!"lead".equals(q.get("object_type"))) {
                    throw ApiException.badRequest("the sandbox searches leads only, not " + q.get("object_type"));
                }
                yield lead -> true;
            }
            case "field_condition" -> fieldCondition(q, "lead");
            case "has_related" -> hasRelated(q);
            default -> throw ApiException.badRequest("unsupported query type '" + type + "'");
        };
    }

    private static Predicate<Map<String, Object>> all(List<Predicate<Map<String, Object>>> parts, boolean and) {
        return lead -> and ? parts.stream().allMatch(p -> p.test(lead)) : parts.stream().anyMatch(p -> p.test(lead));
    }

    private static List<Predicate<Map<String, Object>>> children(Map<String, Object> q) {
        if (!(q.get("queries") instanceof List<?> list)) {
            throw ApiException.badRequest(q.get("type") + " needs a 'queries' list");
        }
        List<Predicate<Map<String, Object>>> parts = new ArrayList<>();
        list.forEach(child -> parts.add(compile(child)));
        return parts;
    }

    /** A condition on a field of the object at hand: a lead, a contact, or a contact's email. */
    private static Predicate<Map<String, Object>> fieldCondition(Map<String, Object> q, String objectType) {
        Map<String, Object> field = map(q.get("field"), "field");
        Predicate<Object> condition = condition(map(q.get("condition"), "condition"));
        String fieldType = text(field, "type");
        if ("custom_field".equals(fieldType)) {
            String key = LeadValidator.CUSTOM_PREFIX + text(field, "custom_field_id");
            return object -> condition.test(object.get(key));
        }
        if (!"regular_field".equals(fieldType)) {
            throw ApiException.badRequest("unsupported field type '" + fieldType + "'");
        }
        if (!objectType.equals(field.get("object_type"))) {
            throw ApiException.badRequest("a field of " + field.get("object_type") + " where " + objectType + " is searched");
        }
        String name = text(field, "field_name");
        return object -> condition.test(object.get(name));
    }

    private static Predicate<Object> condition(Map<String, Object> c) {
        String type = text(c, "type");
        return switch (type) {
            case "text" -> {
                List<String> words = words(text(c, "value"));
                boolean phrase = "phrase".equals(c.getOrDefault("mode", "full_words"));
                yield value -> value != null && contains(words(value.toString()), words, phrase);
            }
            case "term" -> {
                if (!(c.get("values") instanceof List<?> values)) {
                    throw ApiException.badRequest("a term condition needs a 'values' list");
                }
                List<String> exact = values.stream().map(String::valueOf).toList();
                yield value -> value != null && exact.contains(value.toString());
            }
            case "moment_range" -> {
                String from = moment(c.get("on_or_after"));
                String before = moment(c.get("before"));
                yield value -> value != null
                        && (from == null || Timestamps.compare(value.toString(), from) >= 0)
                        && (before == null || Timestamps.compare(value.toString(), before) < 0);
            }
            default -> throw ApiException.badRequest("unsupported condition type '" + type + "'");
        };
    }

    @SuppressWarnings("unchecked")
    private static Predicate<Map<String, Object>> hasRelated(Map<String, Object> q) {
        String from = text(q, "this_object_type");
        String related = text(q, "related_object_type");
        Map<String, Object> inner = map(q.get("related_query"), "related_query");
        if ("lead".equals(from) && "contact".equals(related)) {
            Predicate<Map<String, Object>> contactTest = related(inner, "contact");
            return lead -> LeadRenderer.listOfMaps(lead.get("contacts")).stream().anyMatch(contactTest);
        }
        if ("contact".equals(from) && "contact_email".equals(related)) {
            Predicate<Map<String, Object>> emailTest = related(inner, "contact_email");
            return contact -> LeadRenderer.listOfMaps(contact.get("emails")).stream().anyMatch(emailTest);
        }
        throw ApiException.badRequest("unsupported relation " + from + " -> " + related);
    }

    /** A query about a related object: conditions on its fields, further relations, and/or/not of those. */
    private static Predicate<Map<String, Object>> related(Map<String, Object> q, String objectType) {
        String type = text(q, "type");
        return switch (type) {
            case "and", "or" -> {
                List<Predicate<Map<String, Object>>> parts = new ArrayList<>();
                ((List<?>) q.getOrDefault("queries", List.of())).forEach(child -> parts.add(related(map(child, "query"), objectType)));
                yield all(parts, "and".equals(type));
            }
            case "not" -> related(map(q.get("query"), "query"), objectType).negate();
            case "field_condition" -> fieldCondition(q, objectType);
            case "has_related" -> hasRelated(q);
            default -> throw ApiException.badRequest("unsupported query type '" + type + "' under has_related");
        };
    }

    private static boolean contains(List<String> haystack, List<String> needle, boolean phrase) {
        if (needle.isEmpty()) {
            return false;
        }
        if (!phrase) {
            return haystack.containsAll(needle);
        }
        for (int i = 0; i + needle.size() <= haystack.size(); i++) {
            if (haystack.subList(i, i + needle.size()).equals(needle)) {
                return true;
            }
        }
        return false;
    }

    /** Lower-case words, split on anything but letters and digits, as a full-text index would. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /**
     * The {@code date_updated} range every match must lie in, {@code [onOrAfter, before)} (each null: unbounded),
     * when the query says so in top-level conditions (or those of a top-level {@code and}), in the sandbox's own
     * timestamp form. Lets a search sorted by {@code date_updated} read only its range of the index.
     */
    record UpdatedRange(String onOrAfter, String before) {
    }

    static UpdatedRange updatedRange(Object node) {
        if (!(node instanceof Map<?, ?> q)) {
            return new UpdatedRange(null, null);
        }
        List<?> parts = "and".equals(q.get("type")) && q.get("queries") instanceof List<?> list ? list : List.of(q);
        String from = null;
        String before = null;
        for (Object part : parts) {
            if (part instanceof Map<?, ?> c && "field_condition".equals(c.get("type"))
                    && c.get("field") instanceof Map<?, ?> f && "regular_field".equals(f.get("type"))
                    && "date_updated".equals(f.get("field_name"))
                    && c.get("condition") instanceof Map<?, ?> m && "moment_range".equals(m.get("type"))) {
                String after = sandboxForm(m.get("on_or_after"));
                String until = sandboxForm(m.get("before"));
                if (after != null && (from == null || after.compareTo(from) > 0)) {
                    from = after;
                }
                if (until != null && (before == null || until.compareTo(before) < 0)) {
                    before = until;
                }
            }
        }
        return new UpdatedRange(from, before);
    }

    private static String sandboxForm(Object moment) {
        return moment == null ? null : Timestamps.format(java.time.OffsetDateTime.parse(moment(moment)).toInstant());
    }

    private static String moment(Object node) {
        if (node == null) {
            return null;
        }
        Map<String, Object> m = map(node, "moment");
        if (!"fixed_utc".equals(m.get("type"))) {
            throw ApiException.badRequest("unsupported moment type '" + m.get("type") + "'");
        }
        return text(m, "value");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        if (!(node instanceof Map<?, ?> m)) {
            throw ApiException.badRequest("'" + what + "' must be an object");
        }
        return (Map<String, Object>) m;
    }

    private static String text(Map<String, Object> node, String key) {
        Object value = node.get(key);
        if (!(value instanceof String s)) {
            throw ApiException.badRequest("'" + key + "' is missing or not a string in " + node);
        }
        return s;
    }
}
