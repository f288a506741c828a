package org.leadroutes.matching;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.MappedRow;
import org.leadroutes.mapping.RowMapper;

/**
 * Finds the leads a batch of groups may match with one Advanced Filtering search ({@code POST /data/search/}):
 * an {@code or} of a condition per key and group, loose as full-text search is (a phrase within a name,
 * an email among a contact's words). Each candidate is then checked exactly, key by key in the configured
 * order: the first key that finds one lead decides; a key that finds several is ambiguous, and the group
 * is never given to an arbitrary one.
 */
public final class LeadMatcher {

    /** The lead fields a match needs: to check it, and to merge into it. */
    static final List<String> FIELDS = List.of("id", "name", "url", "description", "status_id", "addresses", "contacts",
            "custom", "date_created");
    public static final int SEARCH_LIMIT = 200;
    /**
     * A group's search names at most this many of its emails (its first ones): a company of 50,000 people would
     * otherwise be one search of 50,000 conditions. A CRM lead holding only later ones is still matched when the
     * search finds it by another key (its company, say), as every email of the group is compared then.
     */
    static final int SEARCHED_EMAILS = 100;

    private final List<MatchKey> keys;
    private final Map<String, String> customFieldIds; // by field name, for custom: keys

    public LeadMatcher(List<MatchKey> keys) {
        this(keys, Map.of());
    }

    private LeadMatcher(List<MatchKey> keys, Map<String, String> customFieldIds) {
        this.keys = List.copyOf(keys);
        this.customFieldIds = Map.copyOf(customFieldIds);
    }

    /**
     * This matcher with its {@code custom:} keys resolved to the CRM's field ids.
     *
     * @param customFieldId a field's id by its name, null for a field the CRM does not have
     * @throws IllegalArgumentException naming a field the CRM does not have
     */
    public LeadMatcher resolved(java.util.function.Function<String, String> customFieldId) {
        Map<String, String> ids = new java.util.HashMap<>();
        for (MatchKey key : keys) {
            if (key.kind() == MatchKey.Kind.CUSTOM) {
                String id = customFieldId.apply(key.customField());
                if (id == null) {
                    throw new IllegalArgumentException("leads.import.match names the lead custom field '" + key.customField()
                            + "', which the CRM does not have");
                }
                ids.put(key.customField(), id);
            }
        }
        return new LeadMatcher(keys, ids);
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** The search for a batch of groups, or null when no group has anything to search by. */
    public Map<String, Object> search(List<PendingLead> batch) {
        List<Object> conditions = new ArrayList<>();
        for (PendingLead lead : batch) {
            for (MatchKey key : keys) {
                switch (key.kind()) {
                    case LEAD_ID -> {
                        String id = leadId(lead);
                        if (id != null) {
                            conditions.add(leadField("id", Map.of("type", "term", "values", List.of(id))));
                        }
                    }
                    case EMAIL -> emails(lead).stream().limit(SEARCHED_EMAILS).forEach(email -> conditions.add(Map.of("type", "has_related",
                            "this_object_type", "lead", "related_object_type", "contact",
                            "related_query", Map.of("type", "has_related", "this_object_type", "contact",
                                    "related_object_type", "contact_email", "related_query", Map.of(
                                            "type", "field_condition",
                                            "field", Map.of("type", "regular_field", "object_type", "contact_email",
                                                    "field_name", "email"),
                                            "condition", phrase(email))))));
                    case COMPANY, PERSON -> {
                        String company = company(lead);
                        String name = company != null ? company : person(lead);
                        if (name != null) {
                            conditions.add(leadField("name", phrase(name)));
                        }
                    }
                    case DOMAIN -> {
                        String domain = domain(lead);
                        if (domain != null) {
                            conditions.add(leadField("url", phrase(domain)));
                        }
                    }
                    case CUSTOM -> {
                        String value = customValue(lead, customKey(key));
                        if (value != null) {
                            conditions.add(Map.of("type", "field_condition",
                                    "field", Map.of("type", "custom_field", "custom_field_id", customFieldIds.get(key.customField())),
                                    "condition", phrase(value)));
                        }
                    }
                }
            }
        }
        if (conditions.isEmpty()) {
            return null;
        }
        return leadSearch(Map.of("type", "or", "queries", conditions), FIELDS, SEARCH_LIMIT);
    }

    /** The search for leads whose name holds {@code name} as a phrase (loose: compare the names that come back). */
    public static Map<String, Object> byName(String name, List<String> fields, int limit) {
        return leadSearch(leadField("name", phrase(name)), fields, limit);
    }

    /** The search for leads whose name holds any of the names as a phrase: one search for a batch of names. */
    public static Map<String, Object> byNames(List<String> names, List<String> fields, int limit) {
        List<Object> conditions = new ArrayList<>();
        names.forEach(name -> conditions.add(leadField("name", phrase(name))));
        return leadSearch(conditions.size() == 1 ? leadField("name", phrase(names.get(0)))
                : Map.of("type", "or", "queries", conditions), fields, limit);
    }

    /** An Advanced Filtering search body: leads meeting {@code condition}, with {@code fields}. */
    private static Map<String, Object> leadSearch(Map<String, Object> condition, List<String> fields, int limit) {
        return Map.of(
                "query", Map.of("type", "and", "queries", List.of(
                        Map.of("type", "object_type", "object_type", "lead"), condition)),
                "_fields", Map.of("lead", fields),
                "_limit", limit);
    }

    /** The match of one group among the candidates its batch's search found. */
    public Match match(PendingLead lead, List<Map<String, Object>> candidates) {
        for (MatchKey configured : keys) {
            // a group named after its person has no company: the company key matches it by the person's name
            MatchKey key = configured.kind() == MatchKey.Kind.COMPANY && company(lead) == null && person(lead) != null
                    ? MatchKey.PERSON : configured;
            List<Map<String, Object>> hits = new ArrayList<>();
            // a big company's emails are gathered once, not per candidate (its rows may be read from the spill)
            Set<String> groupEmails = key.kind() == MatchKey.Kind.EMAIL && !candidates.isEmpty() ? emails(lead) : Set.of();
            for (Map<String, Object> candidate : candidates) {
                if (matches(key, lead, candidate, groupEmails)) {
                    hits.add(candidate);
                }
            }
            if (hits.size() == 1) {
                return new Match(key, hits.get(0), List.of(String.valueOf(hits.get(0).get("id"))));
            }
            if (hits.size() > 1) {
                return new Match(key, null, hits.stream().map(h -> String.valueOf(h.get("id"))).toList());
            }
        }
        return Match.NONE;
    }

    private boolean matches(MatchKey key, PendingLead lead, Map<String, Object> candidate, Set<String> groupEmails) {
        return switch (key.kind()) {
            case LEAD_ID -> {
                String id = leadId(lead);
                yield id != null && id.equals(candidate.get("id"));
            }
            case EMAIL -> !groupEmails.isEmpty() && LeadFacts.emails(candidate).stream().anyMatch(groupEmails::contains);
            case COMPANY -> {
                String company = company(lead);
                yield company != null && candidate.get("name") != null
                        && RowMapper.companyKey(company).equals(RowMapper.companyKey(candidate.get("name").toString()));
            }
            case PERSON -> {
                String person = person(lead);
                yield person != null && candidate.get("name") != null
                        && RowMapper.companyKey(person).equals(RowMapper.companyKey(candidate.get("name").toString()))
                        && holdsPerson(candidate, person);
            }
            case DOMAIN -> {
                String domain = domain(lead);
                yield domain != null && candidate.get("url") != null && domain.equals(WebDomain.of(candidate.get("url").toString()));
            }
            case CUSTOM -> { // an external id: the same characters, around spaces aside
                String value = customValue(lead, customKey(key));
                Object held = candidate.get(customKey(key));
                yield value != null && held != null && value.equals(held.toString().trim());
            }
        };
    }

    private String customKey(MatchKey key) {
        String id = customFieldIds.get(key.customField());
        if (id == null) {
            throw new IllegalStateException("custom key " + key + " used before resolved(...)");
        }
        return "custom." + id;
    }

    /** The first value the group's rows give the custom field ({@code custom.cf_…}). */
    static String customValue(PendingLead lead, String key) {
        return lead.rows().stream().map(r -> r.custom().get(key)).filter(v -> v instanceof String s && !s.isBlank())
                .map(v -> ((String) v).trim()).findFirst().orElse(null);
    }

    /** The first lead id the group's rows name. */
    static String leadId(PendingLead lead) {
        return lead.rows().stream().map(MappedRow::leadId).filter(id -> id != null && !id.isBlank())
                .map(String::trim).findFirst().orElse(null);
    }

    /** The group's email addresses (already lower-cased by the row mapper). */
    static Set<String> emails(PendingLead lead) {
        Set<String> emails = new LinkedHashSet<>();
        for (MappedRow row : lead.rows()) {
            if (row.contact() != null) {
                row.contact().emails().forEach(e -> emails.add(e.toLowerCase(Locale.ROOT)));
            }
        }
        return emails;
    }

    /** The group's company (its rows share it when grouped by company); null for a lead named after a person. */
    static String company(PendingLead lead) {
        return lead.rows().stream().map(MappedRow::company).filter(c -> c != null && !c.isBlank()).findFirst().orElse(null);
    }

    /**
     * The person a group of name-only rows is named after: no company, and its one person has no email or phone
     * (nothing but the name to tell them by); null for any other group. An email or a phone tells people of one name
     * apart, so a group that has one is never matched by the name alone.
     */
    static String person(PendingLead lead) {
        if (company(lead) != null || !(lead.payload().get("name") instanceof String name) || name.isBlank()) {
            return null;
        }
        List<Map<String, Object>> contacts = LeadFacts.list(lead.payload().get("contacts"));
        return contacts.size() == 1 && nameOnly(contacts.get(0), name) ? name : null;
    }

    /** Whether the CRM's lead holds the person with nothing but the name, as a name-only row makes it. */
    private static boolean holdsPerson(Map<String, Object> candidate, String person) {
        return LeadFacts.list(candidate.get("contacts")).stream().anyMatch(contact -> nameOnly(contact, person));
    }

    /** A contact named {@code name} (spaces collapsed, case ignored) with no email and no phone. */
    private static boolean nameOnly(Map<String, Object> contact, String name) {
        return contact.get("name") != null && RowMapper.companyKey(contact.get("name").toString()).equals(RowMapper.companyKey(name))
                && LeadFacts.contactEmails(contact).isEmpty() && LeadFacts.contactPhones(contact).isEmpty();
    }

    /** The registrable domain of the group's website, or null (none, or one that names no organisation). */
    static String domain(PendingLead lead) {
        Object url = lead.payload().get("url");
        return url == null ? null : WebDomain.of(url.toString());
    }

    private static Map<String, Object> leadField(String name, Map<String, Object> condition) {
        return Map.of("type", "field_condition",
                "field", Map.of("type", "regular_field", "object_type", "lead", "field_name", name),
                "condition", condition);
    }

    private static Map<String, Object> phrase(String value) {
        return Map.of("type", "text", "mode", "phrase", "value", value);
    }
}
