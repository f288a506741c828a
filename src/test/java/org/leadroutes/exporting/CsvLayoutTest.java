package org.leadroutes.exporting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.leadroutes.crm.CrmVocabulary;
import org.leadroutes.mapping.ColumnMapping;
import org.leadroutes.mapping.LeadField;
import org.leadroutes.mapping.ResolvedColumns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvLayoutTest {

    @Test
    void everyColumnTheExportCanWriteIsReadBackByTheImportAsTheSameField() {
        CsvLayout.Widths widest = new CsvLayout.Widths();
        widest.emails = CsvLayout.EMAIL.size();
        widest.phones = CsvLayout.PHONE.size();
        widest.mobiles = CsvLayout.MOBILE.size();
        widest.faxes = CsvLayout.FAX.size();
        List<String> header = new CsvLayout(widest, List.of(), true).header();

        ResolvedColumns resolved = ColumnMapping.defaults().resolve(header, CrmVocabulary.empty());

        assertEquals(List.of(), resolved.warnings());
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            LeadField expected = CsvLayout.EMAIL.contains(column) ? LeadField.EMAIL
                    : CsvLayout.PHONE.contains(column) ? LeadField.PHONE
                    : CsvLayout.MOBILE.contains(column) ? LeadField.MOBILE_PHONE
                    : CsvLayout.FAX.contains(column) ? LeadField.FAX
                    : column.equals("contact") ? LeadField.CONTACT
                    : LeadField.valueOf(column.toUpperCase());
            assertEquals(expected, resolved.targets().get(i).field(), column);
        }
    }

    @Test
    void aContactsExtraEmailsAndPhonesGoToFurtherColumnsOnItsOneRow() {
        ContactRow row = new ContactRow("lead_1", "Acme", null, "Potential", null, "Jane", null,
                List.of("a@x.com", "b@x.com"), List.of("+1", "+2", "+3"), List.of(), List.of(),
                ContactRow.Address.NONE, Map.of("Industry", "=cmd"));
        CsvLayout.Widths widths = new CsvLayout.Widths();
        widths.include(row);
        CsvLayout layout = new CsvLayout(widths, List.of("Industry"), true);
        Map<String, String> cells = new LinkedHashMap<>();
        List<String> values = layout.cells(row);
        for (int i = 0; i < values.size(); i++) {
            cells.put(layout.header().get(i), values.get(i));
        }
        assertEquals("a@x.com", cells.get("email"));
        assertEquals("b@x.com", cells.get("email address"));
        assertEquals("+3", cells.get("work phone"));
        assertEquals("'=cmd", cells.get("Industry"));
        assertEquals("", cells.get("mobile_phone"));
    }

    @Test
    void customFieldsNamedLikeALeadFieldOrLikeEachOtherGetNoColumn() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("cf_1", "Industry");
        fields.put("cf_2", "Website");      // the import reads it as url
        fields.put("cf_3", "industry ");    // the import reads it as the first one
        fields.put("cf_4", "Lead Source");
        List<String> warnings = new ArrayList<>();

        Map<String, String> usable = CsvLayout.usableCustomFields(fields, warnings);

        assertEquals(List.of("Industry", "Lead Source"), List.copyOf(usable.values()));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(0).contains("Website"));
    }
}
