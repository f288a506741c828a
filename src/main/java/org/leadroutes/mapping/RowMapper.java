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

    public RowMapper(ResolvedColumns columns, CrmVocabulary vocabulary, String defaultRegion, boolean groupByCompany) {
        this.columns = columns;
        this.vocabulary = vocabulary;
        this.defaultRegion = defaultRegion == null ? "US" : defaultRegion.trim().toUpperCase(Locale.ROOT);
        this.groupByCompany = groupByCompany;
    }

    /** A row that cannot be imported, with the reason. */
    public static final class RejectedRowException extends RuntimeException {
        public RejectedRowException(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param row the row's line in a spreadsheet (the header is line 1)
     * @param cells the row's cells in header order
     * @throws RejectedRowException when the row cannot be imported
     */
    public MappedRow map(long row, List<String> cells) {
        Map<LeadField, List<String>> values = new EnumMap<>(LeadField.class);
        Map<String, String> custom = new LinkedHashMap<>();
        List<ResolvedColumns.Target> targets = columns.targets();
        for (int i = 0; i < targets.size() && i < cells.size(); i++) {
            String cell = clean(cells.get(i));
            if (cell.isEmpty()) {
                continue;
            }
            ResolvedColumns.Target t = targets.get(i);
            if (t.customFieldId() != null) {
                custom.putIfAbsent("custom." + t.customFieldId(), cell);
            } else if (t.field() != LeadField.IGNORE) {
                values.computeIfAbsent(t.field(), f -> new ArrayList<>()).add(cell);
            }
        }

        String company = first(values, LeadField.COMPANY);
        String contactName = first(values, LeadField.CONTACT);
        if (contactName == null) {
            contactName = joined(first(values, LeadField.FIRST_NAME), first(values, LeadField.LAST_NAME));
        }
        List<String> emails = new ArrayList<>();
        for (String email : values.getOrDefault(LeadField.EMAIL, List.of())) {
            String e = email.trim().toLowerCase(Locale.ROOT);
            if (!EMAILS.isValid(e)) {
                throw new RejectedRowException("invalid email '" + email + "'");
            }
            if (!emails.contains(e)) {
                emails.add(e);
            }
        }
        String countryCell = first(values, LeadField.COUNTRY);
        if (Countries.placeholder(countryCell)) {
            countryCell = null; // "-", "n/a", "unknown": the row names no country
        }
        String country = null;
        if (countryCell != null) {
            country = Countries.code(countryCell);
            if (country == null) {
                throw new RejectedRowException("unknown country '" + countryCell + "': write a country name (e.g. Germany,"
                        + " Deutschland, United States) or its ISO 3166-1 code (DE, US)");
            }
        }
        Region region = country != null ? new Region(country, "the row's country '" + countryCell + "'")
                : new Region(defaultRegion, "leads.import.default-region; the row names no country");
        List<MappedRow.Phone> phones = new ArrayList<>();
        phones(values, LeadField.PHONE, "office", region, phones);
        phones(values, LeadField.MOBILE_PHONE, "mobile", region, phones);
        phones(values, LeadField.FAX, "fax", region, phones);

        String statusId = null;
        String status = first(values, LeadField.STATUS);
        if (status != null) {
            statusId = vocabulary.statusId(status);
            if (statusId == null) {
                throw new RejectedRowException("unknown lead status '" + status + "' (the CRM has "
                        + String.join(", ", vocabulary.statusLabels()) + ")");
            }
        }

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
            throw new RejectedRowException("nothing to import: no company, contact name, email or phone");
        }
        String groupKey = groupByCompany && company != null ? "company:" + companyKey(company) : "row:" + row;
        return new MappedRow(row, groupKey, leadName, company, url(first(values, LeadField.URL)), statusId,
                first(values, LeadField.DESCRIPTION), address(values, country), custom, contact, first(values, LeadField.LEAD_ID), cells);
    }

    /** Trimmed, spaces collapsed, case ignored: "ACME  Corp " and "Acme Corp" are one company. */
    public static String companyKey(String company) {
        return company.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The region a row's phones are read in, and why it is that one (for the reason of a rejected number). */
    private record Region(String code, String because) {
    }

    /**
     * Each phone as E.164, read in the row's region: a number written without its country code belongs to
     * the row's country (or the default region); one written with it (+44 ...) may be of any country.
     */
    private static void phones(Map<LeadField, List<String>> values, LeadField field, String type, Region region,
                               List<MappedRow.Phone> into) {
        for (String raw : values.getOrDefault(field, List.of())) {
            String e164;
            try {
                PhoneNumber number = PHONES.parse(raw, region.code());
                if (!PHONES.isValidNumber(number)) {
                    throw new RejectedRowException("phone '" + raw + "' is not a valid number for " + region.code() + " ("
                            + region.because() + ")");
                }
                e164 = PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            } catch (NumberParseException e) {
                throw new RejectedRowException("unparseable phone '" + raw + "' (read for " + region.code() + ", "
                        + region.because() + "): " + e.getMessage());
            }
            if (into.stream().noneMatch(p -> p.phone().equals(e164))) {
                into.add(new MappedRow.Phone(e164, type));
            }
        }
    }

    /** @param country the row's country as its ISO 3166-1 alpha-2 code, as Close keeps it */
    private static MappedRow.Address address(Map<LeadField, List<String>> v, String country) {
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

    private static String first(Map<LeadField, List<String>> values, LeadField field) {
        List<String> list = values.get(field);
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
     * ones, and undoes formula escaping: a {@code '} before {@code = + - @} is what an export (ours
     * among them) puts there so spreadsheets do not run the cell.
     */
    static String clean(String cell) {
        if (cell == null) {
            return "";
        }
        String c = SPACES.matcher(cell.replace("\u200B", "").replace("\uFEFF", "")).replaceAll(" ").strip();
        return c.length() > 1 && c.charAt(0) == '\'' && "=+-@".indexOf(c.charAt(1)) >= 0 ? c.substring(1) : c;
    }
}
