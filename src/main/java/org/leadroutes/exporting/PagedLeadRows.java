package org.leadroutes.exporting;

import java.util.List;
import java.util.Map;

/**
 * The page-numbered CRM's leads as rows: one lead is one company with one contact. {@code company},
 * {@code name} (the contact), {@code emails}, {@code phones}, {@code status} and {@code notes} fill
 * the same columns as Close's fields; its free-text {@code source} goes to a "Lead Source" column,
 * which the import sends to a custom field of that name when the target CRM has one.
 */
final class PagedLeadRows implements LeadRows {

    static final String SOURCE_COLUMN = "Lead Source";

    @Override
    public List<String> customColumns() {
        return List.of(SOURCE_COLUMN);
    }

    @Override
    public List<ContactRow> rows(Map<String, Object> lead) {
        String source = LeadRows.text(lead.get("source"));
        return List.of(new ContactRow(
                LeadRows.text(lead.get("id")),
                LeadRows.text(lead.get("company")),
                null,
                LeadRows.text(lead.get("status")),
                LeadRows.text(lead.get("notes")),
                LeadRows.text(lead.get("name")),
                null,
                LeadRows.strings(lead.get("emails")),
                LeadRows.strings(lead.get("phones")),
                List.of(),
                List.of(),
                ContactRow.Address.NONE,
                source == null ? Map.of() : Map.of(SOURCE_COLUMN, source)));
    }
}
