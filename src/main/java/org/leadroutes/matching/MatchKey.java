package org.leadroutes.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a group of rows is recognised as a lead the CRM already holds; tried in the order configured.
 *
 * @param kind        what is compared
 * @param customField for {@link Kind#CUSTOM}: the lead custom field's name (its id is resolved per drop)
 */
public record MatchKey(Kind kind, String customField) {

    public enum Kind {
        /** The file's {@code lead_id} column (our export writes it) names the lead. */
        LEAD_ID,
        /** The lead holds a contact with one of the group's email addresses. */
        EMAIL,
        /**
         * The lead's name equals the group's company, trimmed, spaces collapsed, case ignored. For a group without a
         * company whose rows hold only a person's name, the {@code company} key matches by {@link #PERSON} instead.
         */
        COMPANY,
        /**
         * A group of name-only rows (a person's name, no company, email or phone), its lead named after the person:
         * the lead's name equals the person's name (normalised as a company's) and the lead holds that person with
         * no email or phone either, as such a row makes it. Not a key of its own in {@code leads.import.match}: where
         * {@code company} is a key, it tries this for such a group.
         */
        PERSON,
        /**
         * The registrable domain of the group's website equals that of the lead's {@code url}; never a free-mail
         * domain or a shared host ({@link WebDomain}).
         */
        DOMAIN,
        /** An external id held in a lead custom field equals the group's value for that field. */
        CUSTOM
    }

    public static final MatchKey LEAD_ID = new MatchKey(Kind.LEAD_ID, null);
    public static final MatchKey EMAIL = new MatchKey(Kind.EMAIL, null);
    public static final MatchKey COMPANY = new MatchKey(Kind.COMPANY, null);
    public static final MatchKey DOMAIN = new MatchKey(Kind.DOMAIN, null);
    /** What the {@code company} key decides by for a group named after its person (as the reasons name it: "name"). */
    public static final MatchKey PERSON = new MatchKey(Kind.PERSON, null);

    public static MatchKey custom(String fieldName) {
        return new MatchKey(Kind.CUSTOM, fieldName);
    }

    /** {@code leads.import.match}: e.g. {@code custom:Salesforce Id,lead_id,email,company}; {@code none} matches nothing. */
    public static List<MatchKey> parse(String setting) {
        List<MatchKey> keys = new ArrayList<>();
        for (String part : setting.split(",")) {
            String trimmed = part.trim();
            String name = trimmed.toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("none")) {
                continue;
            }
            MatchKey key;
            if (name.startsWith("custom:") && trimmed.length() > "custom:".length()) {
                key = custom(trimmed.substring("custom:".length()).trim());
            } else {
                key = switch (name) {
                    case "lead_id" -> LEAD_ID;
                    case "email" -> EMAIL;
                    case "company" -> COMPANY;
                    case "domain" -> {
                        if (!WebDomain.available()) { // refused at start, not at the first website matched
                            throw new IllegalArgumentException("leads.import.match: " + WebDomain.NEEDS);
                        }
                        yield DOMAIN;
                    }
                    default -> throw new IllegalArgumentException("leads.import.match: unknown key '" + trimmed
                            + "'; use lead_id, email, company, domain, custom:<Field Name> (in the order to try them), or none");
                };
            }
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CUSTOM -> "custom:" + customField;
            case PERSON -> "name";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
