package org.leadroutes.matching;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a lead as the CRM returns it (a JSON map) for matching and merging. */
final class LeadFacts {

    private LeadFacts() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        List<Map<String, Object>> list = new ArrayList<>();
        if (value instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> m) {
                    list.add((Map<String, Object>) m);
                }
            }
        }
        return list;
    }

    /** Every email of every contact of the lead, lower-cased. */
    static Set<String> emails(Map<String, Object> lead) {
        Set<String> emails = new LinkedHashSet<>();
        for (Map<String, Object> contact : list(lead.get("contacts"))) {
            emails.addAll(contactEmails(contact));
        }
        return emails;
    }

    static Set<String> contactEmails(Map<String, Object> contact) {
        Set<String> emails = new LinkedHashSet<>();
        for (Map<String, Object> email : list(contact.get("emails"))) {
            if (email.get("email") != null) {
                emails.add(email.get("email").toString().trim().toLowerCase(Locale.ROOT));
            }
        }
        return emails;
    }

    static Set<String> contactPhones(Map<String, Object> contact) {
        Set<String> phones = new LinkedHashSet<>();
        for (Map<String, Object> phone : list(contact.get("phones"))) {
            if (phone.get("phone") != null) {
                phones.add(phone.get("phone").toString().replaceAll("[^+0-9]", ""));
            }
        }
        return phones;
    }

    static String name(Map<String, Object> contact) {
        Object name = contact.get("name");
        return name == null ? "" : name.toString().trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static boolean empty(Object value) {
        return value == null || value instanceof String s && s.isBlank() || value instanceof List<?> l && l.isEmpty();
    }
}
