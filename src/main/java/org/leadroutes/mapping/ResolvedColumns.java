package org.leadroutes.mapping;

import java.util.List;

/**
 * What each column of one file feeds, in file order, and the warnings resolving them raised.
 *
 * @param exporter the exporter the headers were recognised as (e.g. "HubSpot contacts export"), or null
 * @param ignored  the headers of the columns that are not imported, known or not
 * @param unknown  those of them that matched nothing
 */
public record ResolvedColumns(List<String> headers, List<Target> targets, List<String> warnings, String exporter,
                              List<String> ignored, List<String> unknown) {

    /** Whether some column names the lead's company, or its contact (a name, or first or last name). */
    public boolean namesCompanyOrContact() {
        return targets.stream().anyMatch(t -> t.field() == LeadField.COMPANY || t.field() == LeadField.CONTACT
                || t.field() == LeadField.FIRST_NAME || t.field() == LeadField.LAST_NAME);
    }

    /** A column's destination: a field, a custom field id, or nothing. */
    public record Target(LeadField field, String customFieldId) {
        static Target field(LeadField field) {
            return new Target(field, null);
        }

        static Target custom(String id) {
            return new Target(null, id);
        }

        static Target ignored() {
            return new Target(LeadField.IGNORE, null);
        }
    }
}
