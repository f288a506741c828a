package org.leadroutes.matching;

import java.util.List;
import java.util.Map;

/**
 * What a group of rows matched in the CRM.
 *
 * @param key        the key that decided, or null when none matched
 * @param lead       the one lead matched, as the search returned it; null unless exactly one
 * @param candidates the ids of the leads the deciding key found (two or more: ambiguous)
 * @param failure    why the look-up itself failed, or null
 */
public record Match(MatchKey key, Map<String, Object> lead, List<String> candidates, String failure) {

    static final Match NONE = new Match(null, null, List.of(), null);

    Match(MatchKey key, Map<String, Object> lead, List<String> candidates) {
        this(key, lead, candidates, null);
    }

    /** The look-up failed: whether the CRM has the lead cannot be told. */
    public static Match failed(String why) {
        return new Match(null, null, List.of(), why);
    }

    /** No lead matched (or matching is off). */
    public static Match none() {
        return NONE;
    }

    public boolean found() {
        return lead != null;
    }

    public boolean ambiguous() {
        return candidates.size() > 1;
    }

    public String leadId() {
        return lead == null ? null : String.valueOf(lead.get("id"));
    }
}
