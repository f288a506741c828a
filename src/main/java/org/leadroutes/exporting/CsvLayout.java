package org.leadroutes.exporting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.leadroutes.mapping.ColumnMapping;
import org.leadroutes.mapping.KnownHeaders;
import org.leadroutes.mapping.LeadField;
import org.leadroutes.mapping.SpreadsheetCells;

/**
 * The CSV's columns. Every header is one the import recognises (Close's importer columns), so the
 * file dropped in an inbox recreates the leads. A contact's second email or phone goes to a column
 * under another spelling the import knows for the same field ("email address", "phone number" ...):
 * each row stays one contact, and the layout only grows when some contact needs it.
 */
final class CsvLayout {

    static final List<String> EMAIL = List.of("email", "email address", "work email", "business email",
            "contact email", "mail");
    static final List<String> PHONE = List.of("phone", "phone number", "work phone", "office phone",
            "business phone", "direct phone", "telephone", "tel", "contact phone");
    static final List<String> MOBILE = List.of("mobile_phone", "mobile", "mobile phone", "cell", "cell phone",
            "mobile number", "cellphone");
    static final List<String> FAX = List.of("fax", "fax number");

    /** How many emails, phones, mobiles and faxes the widest contact has; counted while spooling. */
    static final class Widths {
        int emails = 1;
        int phones = 1;
        int mobiles = 1;
        int faxes = 1;

        void include(ContactRow row) {
            emails = Math.max(emails, Math.min(row.emails().size(), EMAIL.size()));
            phones = Math.max(phones, Math.min(row.phones().size(), PHONE.size()));
            mobiles = Math.max(mobiles, Math.min(row.mobiles().size(), MOBILE.size()));
            faxes = Math.max(faxes, Math.min(row.faxes().size(), FAX.size()));
        }
    }

    private final Widths widths;
    private final List<String> customColumns;
    private final boolean escapeFormulas;
    private final boolean operations;
    private final List<String> header;
    private long valuesLeftOut;

    CsvLayout(Widths widths, List<String> customColumns, boolean escapeFormulas) {
        this(widths, customColumns, escapeFormulas, false);
    }

    /**
     * @param operations an incremental run's file: each row ends with {@value Operation#COLUMN} ({@code upsert} or
     *                   {@code delete}) and {@value Operation#MERGED_INTO} (the lead a deleted lead was merged into)
     */
    CsvLayout(Widths widths, List<String> customColumns, boolean escapeFormulas, boolean operations) {
        this.widths = widths;
        this.customColumns = customColumns;
        this.escapeFormulas = escapeFormulas;
        this.operations = operations;
        this.header = buildHeader();
    }

    List<String> header() {
        return header;
    }

    private List<String> buildHeader() {
        List<String> header = new ArrayList<>(List.of("lead_id", "company", "url", "status", "description",
                "contact", "title"));
        header.addAll(EMAIL.subList(0, widths.emails));
        header.addAll(PHONE.subList(0, widths.phones));
        header.addAll(MOBILE.subList(0, widths.mobiles));
        header.addAll(FAX.subList(0, widths.faxes));
        header.addAll(List.of("address_1", "address_2", "city", "state", "zip", "country"));
        header.addAll(customColumns);
        if (operations) {
            header.addAll(List.of(Operation.COLUMN, Operation.MERGED_INTO));
        }
        return List.copyOf(header);
    }

    List<String> cells(ContactRow row) {
        List<String> cells = new ArrayList<>(header.size());
        cells.add(row.leadId());
        cells.add(row.company());
        cells.add(row.url());
        cells.add(row.status());
        cells.add(row.description());
        cells.add(row.contact());
        cells.add(row.title());
        spread(row.emails(), widths.emails, cells);
        spread(row.phones(), widths.phones, cells);
        spread(row.mobiles(), widths.mobiles, cells);
        spread(row.faxes(), widths.faxes, cells);
        ContactRow.Address a = row.address();
        cells.addAll(java.util.Arrays.asList(a.address1(), a.address2(), a.city(), a.state(), a.zip(), a.country()));
        customColumns.forEach(name -> cells.add(row.custom().get(name)));
        if (operations) {
            cells.add(Operation.UPSERT);
            cells.add(null);
        }
        cells.replaceAll(cell -> cell == null ? "" : escapeFormulas ? SpreadsheetCells.escape(cell) : cell);
        return cells;
    }

    /** The row of a lead that is gone: its id, {@code delete}, and the lead it was merged into (or nothing). */
    List<String> deletion(String leadId, String mergedInto) {
        List<String> cells = new ArrayList<>(java.util.Collections.nCopies(header.size(), ""));
        cells.set(0, leadId);
        cells.set(header.size() - 2, Operation.DELETE);
        cells.set(header.size() - 1, mergedInto == null ? "" : mergedInto);
        return cells;
    }

    /** Emails and phones beyond the spellings the import knows for their field (6 emails, 9 phones ...). */
    long valuesLeftOut() {
        return valuesLeftOut;
    }

    private void spread(List<String> values, int width, List<String> cells) {
        for (int i = 0; i < width; i++) {
            cells.add(i < values.size() ? values.get(i) : null);
        }
        valuesLeftOut += Math.max(0, values.size() - width);
    }

    /**
     * The custom fields that can have a column of their own name: a field named like a lead field
     * ("Status", "Website") or like an earlier field would be read back as that one by the import.
     */
    static Map<String, String> usableCustomFields(Map<String, String> namesById, List<String> warnings) {
        Set<String> taken = new HashSet<>(KnownHeaders.builtIn().fieldSpellings());
        Map<String, String> usable = new LinkedHashMap<>();
        namesById.forEach((id, name) -> {
            String key = ColumnMapping.normalise(name);
            if (key.isEmpty() || !taken.add(key)) {
                warnings.add("custom field '" + name + "' (" + id + ") is not exported: its name reads as another"
                        + " column to the import");
            } else {
                usable.put(id, name);
            }
        });
        return usable;
    }
}
