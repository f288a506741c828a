package org.leadroutes.mapping;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One value of a row that was left out while the row went on: which column, which value, why. The row's
 * results line names it in its {@code warnings} column, and the drop's report counts it by {@link Reason}.
 *
 * @param column the file's header of the value's column (or the CRM field, for a value the CRM refused)
 * @param value  the value as the file had it
 * @param detail the sentence that says why, for the results file
 */
public record DroppedValue(String column, String value, Reason reason, String detail) {

    /** Why a value is left out: the report's {@code valuesDropped} counts by {@link #key()}. */
    public enum Reason {
        /** Not a valid number in the row's country, nor in {@code leads.import.default-region}. */
        INVALID_PHONE,
        /** A phone's extension ({@code x72946}): the CRM keeps numbers in E.164, which has none. */
        PHONE_EXTENSION,
        /** Not an email address. */
        INVALID_EMAIL,
        /** A country the importer does not know: the address is kept without it. */
        UNKNOWN_COUNTRY,
        /** A lead status the CRM does not have: the lead gets the CRM's default status. */
        UNKNOWN_STATUS,
        /** Not one of a choices custom field's options. */
        NOT_A_CHOICE,
        /** A number custom field's value that is not a number. */
        NOT_A_NUMBER,
        /** A date custom field's value that is not a date. */
        NOT_A_DATE,
        /** The CRM refused the lead naming this field (400 {@code field-errors}); the lead was sent again without it. */
        REFUSED_BY_CRM;

        /** The report's key: {@code invalid-phone}, {@code unknown-country}, … */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** For sentences: {@code invalid phone}. */
        public String words() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** As the results file's {@code warnings} column writes it: {@code Phone 'abc': not a valid phone number …}. */
    public String warning() {
        return column + " '" + value + "': " + detail;
    }

    /** Several warnings as one cell, joined with {@code "; "}. */
    public static String joined(List<DroppedValue> dropped) {
        return dropped.stream().map(DroppedValue::warning).collect(Collectors.joining("; "));
    }
}
