package org.leadroutes.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.leadroutes.crm.Json;

/**
 * A lead's payload without the fields the CRM refused by name (Close's {@code field-errors} paths, e.g.
 * {@code custom.cf_x}, {@code addresses.0.country}, {@code contacts.1.emails.0.email}): the payload to send again,
 * and each value taken out. An email, phone or url entry goes as a whole (an entry without its value means
 * nothing); any other refused key is removed from its object. The lead's name, a whole contact or the lists
 * themselves are never taken out: a refusal of those is not a value to leave out, and the lead is rejected.
 */
public final class RefusedFields {

    private static final Pattern INDEX = Pattern.compile("\\d+");
    private static final List<String> ENTRY_LISTS = List.of("emails", "phones", "urls");

    /**
     * @param payload the payload to send again
     * @param removed each refused path with the value taken out of it, in the CRM's order
     */
    public record Stripped(Map<String, Object> payload, Map<String, Object> removed) {
    }

    private RefusedFields() {
    }

    /** The payload without the refused paths, or null when one of them cannot be left out. */
    public static Stripped strip(Map<String, Object> payload, java.util.Collection<String> paths) {
        if (paths.isEmpty()) {
            return null;
        }
        Map<String, Object> copy = deepCopy(payload);
        Map<String, Object> removed = new LinkedHashMap<>();
        List<Runnable> removals = new ArrayList<>();
        for (String path : paths) {
            if (!locate(copy, path, removed, removals)) {
                return null;
            }
        }
        removals.forEach(Runnable::run); // entries are marked first, then swept: no removal shifts another's index
        if (copy.get("contacts") instanceof List<?> contacts) {
            for (Object contact : contacts) {
                if (contact instanceof Map<?, ?> c) {
                    for (String list : ENTRY_LISTS) {
                        if (c.get(list) instanceof List<?> entries) {
                            entries.removeIf(e -> e == REMOVED);
                        }
                    }
                }
            }
        }
        return new Stripped(copy, removed);
    }

    @SuppressWarnings("unchecked")
    private static boolean locate(Map<String, Object> lead, String path, Map<String, Object> removed, List<Runnable> removals) {
        if (path.startsWith("custom.")) { // custom.cf_<id>: a key of the lead, dots and all
            if (!lead.containsKey(path)) {
                return false;
            }
            removed.put(path, lead.get(path));
            removals.add(() -> lead.remove(path));
            return true;
        }
        String[] parts = path.split("\\.");
        if (parts.length < 2 && List.of("name", "contacts", "addresses").contains(path)) {
            return false;
        }
        Object node = lead;
        for (int i = 0; i < parts.length - 1; i++) {
            node = child(node, parts[i]);
            if (node == null) {
                return false;
            }
            // contacts.N.emails.M.<key>: the whole entry M goes
            if (node instanceof List<?> list && ENTRY_LISTS.contains(parts[i]) && i + 1 < parts.length
                    && INDEX.matcher(parts[i + 1]).matches()) {
                int index = Integer.parseInt(parts[i + 1]);
                if (index >= list.size()) {
                    return false;
                }
                Object entry = list.get(index);
                removed.put(path, entry instanceof Map<?, ?> m && m.size() > 0 ? firstValue(m, parts) : entry);
                List<Object> from = (List<Object>) list;
                removals.add(() -> from.set(index, REMOVED));
                return true;
            }
        }
        String last = parts[parts.length - 1];
        if (!(node instanceof Map<?, ?> map) || !map.containsKey(last) || INDEX.matcher(last).matches()
                || node == lead && "name".equals(last) || "contacts".equals(last) || "addresses".equals(last)) {
            return false; // not there, or a lead's name, a whole contact or address: not a value to leave out
        }
        Map<String, Object> owner = (Map<String, Object>) map;
        removed.put(path, owner.get(last));
        removals.add(() -> owner.remove(last));
        return true;
    }

    private static final Object REMOVED = new Object();

    private static Object firstValue(Map<?, ?> entry, String[] parts) {
        Object value = entry.get(parts[parts.length - 1]);
        return value != null ? value : entry.values().iterator().next();
    }

    private static Object child(Object node, String part) {
        if (node instanceof Map<?, ?> map) {
            return map.get(part);
        }
        if (node instanceof List<?> list && INDEX.matcher(part).matches()) {
            int index = Integer.parseInt(part);
            return index < list.size() ? list.get(index) : null;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> payload) {
        return Json.MAPPER.convertValue(payload, LinkedHashMap.class);
    }
}
