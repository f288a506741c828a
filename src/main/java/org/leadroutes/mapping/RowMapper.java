package org.leadroutes.mapping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.apache.commons.validator.routines.EmailValidator;
import org.leadroutes.crm.CrmVocabulary;

/**
 * Maps one row of a file to a {@link MappedRow}, or says in one sentence why it cannot be imported.
 * Stateless apart from the file's resolved columns, so one instance serves a whole drop.
 */
public class RowMapper {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final EmailValidator EMAILS = EmailValidator.getInstance();
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\p{Zs}");

    private final ResolvedColumns columns;
    private final CrmVocabulary vocabulary;
    private final String defaultRegion;
    private final boolean groupByCompany;
    private final boolean rejectUnknownStatus;

    public RowMapper(ResolvedColumns columns, CrmVocabulary vocabulary, String defaultRegion, boolean groupByCompany) {
        this(columns, vocabulary, defaultRegion, groupByCompany, false);
    }

    /**
     * @param rejectUnknownStatus {@code leads.import.unknown-status=reject}: a row naming a status the CRM does not
     *                            have is rejected, instead of getting the CRM's default status
     */
    public RowMapper(ResolvedColumns columns, CrmVocabulary vocabulary, String defaultRegion, boolean groupByCompany,
                     boolean rejectUnknownStatus) {
        this.columns = columns;
        this.vocabulary = vocabulary;
        this.defaultRegion = defaultRegion == null ? "US" : defaultRegion.trim().toUpperCase(Locale.ROOT);
        this.groupByCompany = groupByCompany;
        this.rejectUnknownStatus = rejectUnknownStatus;
    }

    /** A row that cannot be imported, with the reason. */
    public static final class RejectedRowException extends RuntimeException {
        public RejectedRowException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One non-empty cell: its column's header and its value. */
    private record Cell(String column, String value) {
    }

    /**
     * Maps a row. A value the CRM could not take (a phone valid nowhere, an email that is not an address, an
     * unknown country or status, a custom field value of the wrong kind) is left out and named in
     * {@link MappedRow#dropped()}; the row is rejected only when nothing is left to make a lead of.
     *
     * @param row the row's line in a spreadsheet (the header is line 1)
     * @param cells the row's cells in header order
     * @throws RejectedRowException when the row cannot be imported
     */
    public MappedRow map(long row, List<String> cells) {
        Map<LeadField, List<Cell>> values = new EnumMap<>(LeadField.class);
        Map<String, Cell> customCells = new LinkedHashMap<>();
        List<ResolvedColumns.Target> targets = columns.targets();
        for (int i = 0; i < targets.size() && i < cells.size(); i++) {
            String cell = clean(cells.get(i));
            if (cell.isEmpty()) {
                continue;
            }
            ResolvedColumns.Target t = targets.get(i);
            String column = i < columns.headers().size() ? columns.headers().get(i) : "column " + (i + 1);
            if (t.customFieldId() != null) {
                customCells.putIfAbsent(t.customFieldId(), new Cell(column, cell));
            } else if (t.field() != LeadField.IGNORE) {
                values.computeIfAbsent(t.field(), f -> new ArrayList<>()).add(new Cell(column, cell));
            }
        }
        List<DroppedValue> dropped = new ArrayList<>();

        String company = first(values, LeadField.COMPANY);
        String contactName = first(values, LeadField.CONTACT);
        if (contactName == null) {
            contactName = joined(first(values, LeadField.FIRST_NAME), first(values, LeadField.LAST_NAME));
        }
        List<String> emails = new ArrayList<>();
        for (Cell email : values.getOrDefault(LeadField.EMAIL, List.of())) {
            List<String> addresses = addresses(email.value());
            if (addresses == null) {
                dropped.add(new DroppedValue(email.column(), email.value(), DroppedValue.Reason.INVALID_EMAIL,
                        "not an email address: left out"));
                continue;
            }
            addresses.stream().filter(e -> !emails.contains(e)).forEach(emails::add);
        }
        Cell countryCell = firstCell(values, LeadField.COUNTRY);
        if (countryCell != null && Countries.placeholder(countryCell.value())) {
            countryCell = null; // "-", "n/a", "unknown": the row names no country
        }
        String country = null;
        if (countryCell != null) {
            country = Countries.code(countryCell.value());
            if (country == null) {
                dropped.add(new DroppedValue(countryCell.column(), countryCell.value(), DroppedValue.Reason.UNKNOWN_COUNTRY,
                        "not a country the importer knows (write a name such as Germany or an ISO code such as DE):"
                                + " the address is kept without it, phones are read in " + defaultRegion
                                + " (leads.import.default-region)"));
            }
        }
        List<Region> regions = new ArrayList<>(2);
        if (country != null) {
            regions.add(new Region(country, "the row's country '" + countryCell.value() + "'"));
        }
        if (country == null || !country.equals(defaultRegion)) {
            regions.add(new Region(defaultRegion, "leads.import.default-region"));
        }
        List<MappedRow.Phone> phones = new ArrayList<>();
        phones(values, LeadField.PHONE, "office", regions, phones, dropped);
        phones(values, LeadField.MOBILE_PHONE, "mobile", regions, phones, dropped);
        phones(values, LeadField.FAX, "fax", regions, phones, dropped);

        String statusId = null;
        Cell status = firstCell(values, LeadField.STATUS);
        if (status != null) {
            statusId = vocabulary.statusId(status.value());
            if (statusId == null) {
                String known = String.join(", ", vocabulary.statusLabels());
                if (rejectUnknownStatus) {
                    throw new RejectedRowException("unknown lead status '" + status.value() + "' (the CRM has " + known
                            + "; leads.import.unknown-status=reject)");
                }
                dropped.add(new DroppedValue(status.column(), status.value(), DroppedValue.Reason.UNKNOWN_STATUS,
                        "not a lead status of the CRM (it has " + known + "): the lead gets the CRM's default status"));
            }
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        customCells.forEach((id, cell) -> {
            Object value = CustomValues.value(vocabulary.customField(id), cell.value());
            if (value instanceof DroppedValue.Reason reason) {
                dropped.add(new DroppedValue(cell.column(), cell.value(), reason,
                        CustomValues.why(vocabulary.customField(id), reason)));
            } else {
                custom.put("custom." + id, value);
            }
        });

        String title = first(values, LeadField.TITLE);
        MappedRow.Contact contact = null;
        if (contactName != null || !emails.isEmpty() || !phones.isEmpty()) {
            contact = new MappedRow.Contact(contactName, title, emails, phones);
        }
        String leadName = company != null ? company
                : contactName != null ? contactName
                : !emails.isEmpty() ? emails.get(0)
                : !phones.isEmpty() ? phones.get(0).phone()
                : null;
        if (leadName == null) {
            throw new RejectedRowException(dropped.isEmpty()
                    ? "nothing to import: no company, contact name, email or phone"
                    : "nothing to import: no company or contact name, and no usable email or phone ("
                    + DroppedValue.joined(dropped) + ")");
        }
        String groupKey = !groupByCompany ? "row:" + row
                : company != null ? "company:" + companyKey(company)
                : contactName != null && emails.isEmpty() && phones.isEmpty() ? PERSON_GROUP + companyKey(contactName)
                : "row:" + row;
        String website = first(values, LeadField.URL);
        return new MappedRow(row, groupKey, leadName, company, url(website != null ? website : first(values, LeadField.DOMAIN)), statusId,
                first(values, LeadField.DESCRIPTION), address(values, country), custom, contact,
                first(values, LeadField.LEAD_ID), cells, dropped);
    }

    /**
     * Why a row is not data to import, or null: a row its source marks deleted (Salesforce's {@code IsDeleted}
     * is 1 or true). Such a row is skipped like a footer, with the reason.
     */
    public String skipReason(List<String> cells) {
        List<ResolvedColumns.Target> targets = columns.targets();
        for (int i = 0; i < targets.size() && i < cells.size(); i++) {
            if (targets.get(i).field() == LeadField.DELETED) {
                String cell = clean(cells.get(i));
                if (cell.equals("1") || cell.equalsIgnoreCase("true")) {
                    return "deleted in its source (" + columns.headers().get(i) + "=" + cell + ")";
                }
            }
        }
        return null;
    }

    /** The cell's email address, or the addresses of a cell that lists several ({@code a@x.com; b@y.com}); null for none. */
    private static List<String> addresses(String cell) {
        String e = cell.trim().toLowerCase(Locale.ROOT);
        if (EMAILS.isValid(e)) {
            return List.of(e);
        }
        List<String> parts = java.util.Arrays.stream(e.split("[;,\\s]+")).filter(p -> !p.isEmpty()).toList();
        return parts.size() > 1 && parts.stream().allMatch(EMAILS::isValid) ? parts : null;
    }

    /**
     * The group of a row with a person's name and no company, email or phone: nothing tells two such rows of one
     * name apart, so they are one lead (and one contact), and a later drop's such row matches it by its name.
     */
    private static final String PERSON_GROUP = "person:";

    /** Trimmed, spaces collapsed, case ignored: "ACME  Corp " and "Acme Corp" are one company. */
    public static String companyKey(String company) {
        return company.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** A region a row's phones are read in, and why it is that one (for the warning of a number left out). */
    private record Region(String code, String because) {
    }

    /**
     * Each phone as E.164: a number written with its country code (+44 ...) may be of any country; one written
     * without it is read in the row's country, then in the default region, then (written 00 1 ...) as an
     * international number. A number valid in none of them is left out; so is an extension ({@code x72946}),
     * which E.164 has no room for, while the number is kept.
     */
    private static void phones(Map<LeadField, List<Cell>> values, LeadField field, String type, List<Region> regions,
                               List<MappedRow.Phone> into, List<DroppedValue> dropped) {
        for (Cell cell : values.getOrDefault(field, List.of())) {
            PhoneNumber number = null;
            for (Region region : regions) {
                number = valid(cell.value(), region.code());
                if (number != null) {
                    break;
                }
            }
            String digits = cell.value().replaceAll("[^0-9+]", "");
            if (number == null && digits.startsWith("00")) {
                number = valid("+" + cell.value().replaceFirst("^\\D*00", ""), "ZZ");
            }
            if (number == null) {
                dropped.add(new DroppedValue(cell.column(), cell.value(), DroppedValue.Reason.INVALID_PHONE,
                        "not a valid phone number in " + regions.stream().map(r -> r.code() + " (" + r.because() + ")")
                                .collect(java.util.stream.Collectors.joining(" nor in ")) + ": left out"));
                continue;
            }
            if (number.hasExtension()) {
                dropped.add(new DroppedValue(cell.column(), "x" + number.getExtension(), DroppedValue.Reason.PHONE_EXTENSION,
                        "the extension is left out (the CRM keeps phone numbers in E.164, which has none), the number is kept"));
            }
            String e164 = PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            if (into.stream().noneMatch(p -> p.phone().equals(e164))) {
                into.add(new MappedRow.Phone(e164, type));
            }
        }
    }

    /** The number read in the region, when it is a valid one there; else null. */
    private static PhoneNumber valid(String raw, String region) {
        try {
            PhoneNumber number = PHONES.parse(raw, region);
            return PHONES.isValidNumber(number) ? number : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** @param country the row's country as its ISO 3166-1 alpha-2 code, as Close keeps it */
    private static MappedRow.Address address(Map<LeadField, List<Cell>> v, String country) {
        MappedRow.Address a = new MappedRow.Address(first(v, LeadField.ADDRESS_1), first(v, LeadField.ADDRESS_2),
                first(v, LeadField.CITY), first(v, LeadField.STATE), first(v, LeadField.ZIP), country);
        return a.address_1() == null && a.address_2() == null && a.city() == null && a.state() == null
                && a.zipcode() == null && a.country() == null ? null : a;
    }

    private static String url(String url) {
        if (url == null) {
            return null;
        }
        return url.matches("(?i)^[a-z][a-z0-9+.-]*://.*") ? url : "https://" + url;
    }

    private static String first(Map<LeadField, List<Cell>> values, LeadField field) {
        Cell cell = firstCell(values, field);
        return cell == null ? null : cell.value();
    }

    private static Cell firstCell(Map<LeadField, List<Cell>> values, LeadField field) {
        List<Cell> list = values.get(field);
        return list == null ? null : list.get(0);
    }

    private static String joined(String first, String last) {
        if (first == null) {
            return last;
        }
        return last == null ? first : first + " " + last;
    }

    /**
     * Trims, turning the non-breaking, narrow and figure spaces spreadsheets leave behind into plain
     * ones. Formula escaping ({@code '} before {@code = + - @}) is undone once, where the cells are read
     * ({@link SpreadsheetCells#unescape}): undone here again, {@code ''=1} would lose both quotes.
     */
    static String clean(String cell) {
        if (cell == null) {
            return "";
        }
        return SPACES.matcher(cell.replace("\u200B", "").replace("\uFEFF", "")).replaceAll(" ").strip();
    }
}
