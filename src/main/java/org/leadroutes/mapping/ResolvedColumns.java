package org.leadroutes.mapping;

import java.util.List;

/** What each column of one file feeds, in file order, and the warnings resolving them raised. */
public record ResolvedColumns(List<String> headers, List<Target> targets, List<String> warnings) {

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
