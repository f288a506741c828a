package org.leadroutes.matching;

import java.util.Locale;

/** What the import does with a lead the CRM already holds ({@code leads.import.on-match}). */
public enum OnMatch {
    /** Add the contacts the lead lacks and fill its empty fields; nothing non-empty is overwritten. */
    MERGE,
    /** As merge, and the file's non-empty values overwrite the lead's. */
    UPDATE,
    /** Leave the lead alone; its rows are reported as matched. */
    SKIP;

    public static OnMatch parse(String setting) {
        try {
            return valueOf(setting.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("leads.import.on-match: '" + setting + "' is not merge, update or skip", e);
        }
    }
}
