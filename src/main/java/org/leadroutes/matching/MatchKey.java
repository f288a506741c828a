package org.leadroutes.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a group of rows is recognised as a lead the CRM already holds; tried in the order configured. */
public enum MatchKey {
    /** The file's {@code lead_id} column (our export writes it) names the lead. */
    LEAD_ID,
    /** The lead holds a contact with one of the group's email addresses. */
    EMAIL,
    /** The lead's name equals the group's company, trimmed, spaces collapsed, case ignored. */
    COMPANY;

    /** {@code leads.import.match}: e.g. {@code lead_id,email,company}; {@code none} matches nothing. */
    public static List<MatchKey> parse(String setting) {
        List<MatchKey> keys = new ArrayList<>();
        for (String part : setting.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("none")) {
                continue;
            }
            MatchKey key = switch (name) {
                case "lead_id" -> LEAD_ID;
                case "email" -> EMAIL;
                case "company" -> COMPANY;
                default -> throw new IllegalArgumentException("leads.import.match: unknown key '" + part.trim()
                        + "'; use lead_id, email, company (in the order to try them), or none");
            };
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }
}
