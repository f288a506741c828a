package org.leadroutes.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks POST /lead/ and POST /contact/ payloads the way Close does and turns them into the stored form:
 * only the fields given (no nulls, no empty lists), fresh ids and timestamps, {@code custom.cf_*} kept flat.
 * Stricter than Close in one respect: the deprecated {@code custom} dict and {@code custom.<Field Name>} keys
 * are rejected, so code that relies on them fails here rather than after Close removes them.
 */
final class LeadValidator {
    static final String CUSTOM_PREFIX = "custom.";

    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]");
    private static final Pattern E164ISH = Pattern.compile("\\+[0-9]+");
    private static final List<String> ADDRESS_KEYS =
            List.of("label", "address_1", "address_2", "city", "state", "zipcode", "country");

    private final Catalog catalog;

    private final java.util.function.Supplier<String> now;

    LeadValidator(Catalog catalog) {
        this(catalog, Timestamps::now);
    }

    /** @param now the time a lead or contact is created or changed at, as Close writes it */
    /** The time a change made now is stamped with, as Close writes it. */
    String now() {
        return now.get();
    }

    LeadValidator(Catalog catalog, java.util.function.Supplier<String> now) {
        this.now = now;
        this.catalog = catalog;
    }

    /** A lead ready to store; throws {@link ValidationException} listing every problem found. */
    Map<String, Object> lead(Object payload) {
        Map<String, Object> body = requireObject(payload);
        Errors errors = new Errors();
        String now = this.now.get();
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("id", Ids.next("lead_"));
        copyString(body, "name", lead, "name", errors);
        copyString(body, "url", lead, "url", errors);
        copyString(body, "description", lead, "description", errors);
        lead.put("status_id", statusId(body, errors));
        lead.put("date_created", now);
        lead.put("date_updated", now);
        putIfNotEmpty(lead, "addresses", addresses(body.get("addresses"), errors));
        List<Map<String, Object>> contacts = new ArrayList<>();
        forEachObject(body.get("contacts"), "contacts", errors, (item, path) -> contacts.add(contact(item, path, now, errors)));
        putIfNotEmpty(lead, "contacts", contacts);
        customFields(body, lead, errors);
        errors.throwIfAny();
        return lead;
    }

    /**
     * PUT /lead/{id}/: the stored lead with the patch applied. Only the keys the patch names change; a
     * {@code custom.cf_*} key set to null is unset; contacts are not changed here (that is /contact/).
     */
    Map<String, Object> patch(Map<String, Object> stored, Object payload) {
        Map<String, Object> body = requireObject(payload);
        if (body.containsKey("contacts")) {
            throw new ValidationException(List.of(), Map.of("contacts", "Contacts cannot be changed with PUT /lead/; use /contact/."));
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        for (String key : List.of("name", "url", "description", "status_id", "addresses")) {
            if (stored.get(key) != null) {
                merged.put(key, stored.get(key));
            }
        }
        stored.forEach((key, value) -> {
            if (key.startsWith(CUSTOM_PREFIX)) {
                merged.put(key, value);
            }
        });
        if (body.containsKey("status")) {
            merged.remove("status_id");
        }
        body.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        Map<String, Object> patched = lead(merged);
        patched.put("id", stored.get("id"));
        patched.put("date_created", stored.get("date_created"));
        if (stored.get("contacts") != null) {
            patched.put("contacts", stored.get("contacts"));
        }
        return patched;
    }

    /** POST /contact/: the lead id the contact belongs to and the contact ready to store. */
    NewContact contact(Object payload) {
        Map<String, Object> body = requireObject(payload);
        Errors errors = new Errors();
        Object leadId = body.get("lead_id");
        if (!(leadId instanceof String) || ((String) leadId).isBlank()) {
            errors.add("lead_id", "This field is required.");
        }
        Map<String, Object> contact = contact(body, "", now.get(), errors);
        errors.throwIfAny();
        return new NewContact((String) leadId, contact);
    }

    record NewContact(String leadId, Map<String, Object> contact) {
    }

    private Map<String, Object> contact(Map<String, Object> body, String path, String now, Errors errors) {
        String prefix = path.isEmpty() ? "" : path + ".";
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("id", Ids.next("cont_"));
        copyString(body, "name", contact, prefix + "name", errors);
        copyString(body, "title", contact, prefix + "title", errors);
        List<Map<String, Object>> emails = new ArrayList<>();
        forEachObject(body.get("emails"), prefix + "emails", errors, (item, itemPath) -> {
            Object email = item.get("email");
            if (!(email instanceof String) || !looksLikeEmail(((String) email).trim())) {
                errors.add(itemPath + ".email", "Invalid email address.");
                return;
            }
            emails.add(typed("email", ((String) email).trim(), item, "office", itemPath, errors));
        });
        List<Map<String, Object>> phones = new ArrayList<>();
        forEachObject(body.get("phones"), prefix + "phones", errors, (item, itemPath) -> {
            Object phone = item.get("phone");
            String normalized = phone instanceof String ? PHONE_SEPARATORS.matcher((String) phone).replaceAll("") : "";
            if (!E164ISH.matcher(normalized).matches()) {
                errors.add(itemPath + ".phone", "Invalid phone number: expected + followed by digits (E.164).");
                return;
            }
            phones.add(typed("phone", normalized, item, "office", itemPath, errors));
        });
        List<Map<String, Object>> urls = new ArrayList<>();
        forEachObject(body.get("urls"), prefix + "urls", errors, (item, itemPath) -> {
            Object url = item.get("url");
            if (!(url instanceof String) || ((String) url).isBlank()) {
                errors.add(itemPath + ".url", "This field is required.");
                return;
            }
            urls.add(typed("url", ((String) url).trim(), item, "url", itemPath, errors));
        });
        putIfNotEmpty(contact, "emails", emails);
        putIfNotEmpty(contact, "phones", phones);
        putIfNotEmpty(contact, "urls", urls);
        contact.put("date_created", now);
        contact.put("date_updated", now);
        return contact;
    }

    private String statusId(Map<String, Object> body, Errors errors) {
        Object id = body.get("status_id");
        Object label = body.get("status");
        if (id != null && label != null) {
            errors.add("status_id", "Specify either status or status_id, not both.");
            return null;
        }
        if (id != null) {
            Optional<Catalog.Status> status = id instanceof String ? catalog.statusById((String) id) : Optional.empty();
            if (status.isEmpty()) {
                errors.add("status_id", "Invalid lead status id: " + id);
            }
            return status.map(Catalog.Status::id).orElse(null);
        }
        if (label != null) {
            Optional<Catalog.Status> status =
                    label instanceof String ? catalog.statusByLabel((String) label) : Optional.empty();
            if (status.isEmpty()) {
                errors.add("status", "No lead status with label \"" + label + "\".");
            }
            return status.map(Catalog.Status::id).orElse(null);
        }
        return catalog.defaultStatus().id();
    }

    private List<Map<String, Object>> addresses(Object value, Errors errors) {
        List<Map<String, Object>> addresses = new ArrayList<>();
        forEachObject(value, "addresses", errors, (item, path) -> {
            Map<String, Object> address = new LinkedHashMap<>();
            for (String key : ADDRESS_KEYS) {
                copyString(item, key, address, path + "." + key, errors);
            }
            addresses.add(address);
        });
        return addresses;
    }

    private void customFields(Map<String, Object> body, Map<String, Object> lead, Errors errors) {
        if (body.containsKey("custom")) {
            errors.add("custom", "The custom dict is deprecated and not supported here; use custom.cf_<id> keys.");
        }
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(CUSTOM_PREFIX) || entry.getValue() == null) {
                continue;
            }
            Optional<Catalog.CustomField> field = catalog.customFieldById(key.substring(CUSTOM_PREFIX.length()));
            if (field.isEmpty()) {
                errors.add(key, "Unknown custom field id; use custom.cf_<id> from GET /custom_field/lead/.");
                continue;
            }
            Object value = coerce(field.get(), entry.getValue());
            if (value == null) {
                errors.add(key, "Not a valid " + field.get().type() + " value.");
            } else {
                lead.put(key, value);
            }
        }
    }

    /** The value as the field type stores it, or null when it cannot be one. */
    private static Object coerce(Catalog.CustomField field, Object value) {
        return switch (field.type()) {
            case "number" -> value instanceof String ? parseNumber((String) value) : value instanceof Number ? value : null;
            case "text" -> value instanceof String || value instanceof Number || value instanceof Boolean
                    ? value.toString() : null;
            case "choices" -> field.choices().contains(value) ? value : null; // Close refuses a value not among them
            case "date" -> value instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}") ? value : null;
            default -> value;
        };
    }

    /** Close accepts numbers sent as strings; integral ones come back as integers. */
    private static Number parseNumber(String text) {
        try {
            BigDecimal number = new BigDecimal(text.trim());
            return number.stripTrailingZeros().scale() <= 0 ? (Number) number.longValueExact() : (Number) number.doubleValue();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> typed(String key, String value, Map<String, Object> item, String defaultType,
                                             String path, Errors errors) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(key, value);
        Object type = item.getOrDefault("type", defaultType);
        if (type != null && !(type instanceof String)) {
            errors.add(path + ".type", "Not a valid string.");
        }
        entry.put("type", type instanceof String ? type : defaultType);
        return entry;
    }

    private static boolean looksLikeEmail(String email) {
        int at = email.indexOf('@');
        return at > 0 && at < email.length() - 1 && email.indexOf(' ') < 0;
    }

    @FunctionalInterface
    private interface ItemVisitor {
        void visit(Map<String, Object> item, String path);
    }

    @SuppressWarnings("unchecked")
    private static void forEachObject(Object value, String path, Errors errors, ItemVisitor visitor) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List)) {
            errors.add(path, "Not a valid list.");
            return;
        }
        List<Object> items = (List<Object>) value;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Map) {
                visitor.visit((Map<String, Object>) items.get(i), path + "." + i);
            } else {
                errors.add(path + "." + i, "Not a valid object.");
            }
        }
    }

    private static void copyString(Map<String, Object> from, String key, Map<String, Object> to, String path,
                                   Errors errors) {
        Object value = from.get(key);
        if (value == null) {
            return;
        }
        if (value instanceof String) {
            to.put(key, value);
        } else {
            errors.add(path, "Not a valid string.");
        }
    }

    private static void putIfNotEmpty(Map<String, Object> target, String key, List<?> values) {
        if (!values.isEmpty()) {
            target.put(key, values);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> requireObject(Object payload) {
        if (payload instanceof Map) {
            return (Map<String, Object>) payload;
        }
        throw new ValidationException(List.of("Expected a JSON object."), Map.of());
    }

    private static final class Errors {
        private final Map<String, String> fieldErrors = new LinkedHashMap<>();

        void add(String path, String message) {
            fieldErrors.putIfAbsent(path, message);
        }

        void throwIfAny() {
            if (!fieldErrors.isEmpty()) {
                throw new ValidationException(List.of(), fieldErrors);
            }
        }
    }
}
