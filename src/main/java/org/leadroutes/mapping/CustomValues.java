package org.leadroutes.mapping;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.leadroutes.crm.CrmVocabulary;

/**
 * A cell as the value a lead custom field of the CRM takes, by the field's type: a choices field's option
 * (matched ignoring case, spacing, punctuation and accents; a list for a field of several values), a number, a
 * date ({@code yyyy-MM-dd}). A value the field cannot take is a {@link DroppedValue.Reason}, so the row goes on
 * without it; text and the types the importer does not check go as they are.
 */
final class CustomValues {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern THOUSANDS = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern CURRENCY = Pattern.compile("^[$€£¥]\\s*|\\s*[$€£¥]$");
    private static final Pattern SEVERAL = Pattern.compile("\\s*[;,]\\s*");
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("uuuu-M-d"), DateTimeFormatter.ofPattern("uuuu/M/d"),
            DateTimeFormatter.ofPattern("M/d/uuuu"), DateTimeFormatter.ofPattern("d/M/uuuu"),
            DateTimeFormatter.ofPattern("d.M.uuuu"), DateTimeFormatter.ofPattern("M/d/uu"),
            DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH), DateTimeFormatter.ofPattern("MMM d, uuuu", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH), DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH));

    private CustomValues() {
    }

    /** The value for the field, or the reason it cannot be one. */
    static Object value(CrmVocabulary.CustomField field, String cell) {
        if (field == null) {
            return cell;
        }
        return switch (field.type()) {
            case "choices" -> choice(field, cell);
            case "number" -> number(cell);
            case "date" -> date(cell);
            case "datetime" -> dateTime(cell);
            default -> cell;
        };
    }

    /** The warning's sentence for a value left out. */
    static String why(CrmVocabulary.CustomField field, DroppedValue.Reason reason) {
        return switch (reason) {
            case NOT_A_CHOICE -> "not one of the options of the CRM's field '" + field.name() + "' ("
                    + String.join(", ", field.choices()) + "): left out";
            case NOT_A_NUMBER -> "not a number, which the CRM's field '" + field.name() + "' takes: left out";
            default -> "not a date, which the CRM's field '" + field.name() + "' takes (e.g. 2026-03-31): left out";
        };
    }

    private static Object choice(CrmVocabulary.CustomField field, String cell) {
        if (!field.multiple()) {
            String option = option(field, cell);
            return option != null ? option : DroppedValue.Reason.NOT_A_CHOICE;
        }
        List<String> options = new ArrayList<>();
        for (String part : SEVERAL.split(cell.strip())) {
            String option = option(field, part);
            if (option == null) {
                return DroppedValue.Reason.NOT_A_CHOICE; // one unknown part: the cell says something the field cannot
            }
            if (!options.contains(option)) {
                options.add(option);
            }
        }
        return options.isEmpty() ? DroppedValue.Reason.NOT_A_CHOICE : options;
    }

    /** The field's option the text names, compared ignoring case, spacing, punctuation and accents; or null. */
    static String option(CrmVocabulary.CustomField field, String text) {
        String key = key(text);
        if (key.isEmpty()) {
            return null;
        }
        for (String choice : field.choices()) {
            if (key(choice).equals(key)) {
                return choice;
            }
        }
        return null;
    }

    static String key(String text) {
        return CrmVocabulary.normalise(MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll(""));
    }

    private static Object number(String cell) {
        String text = CURRENCY.matcher(cell.strip()).replaceAll("").replace(" ", "").replace("\u00A0", "");
        if (THOUSANDS.matcher(text).matches()) {
            text = text.replace(",", "");
        }
        try {
            return new BigDecimal(text).toPlainString();
        } catch (NumberFormatException e) {
            return DroppedValue.Reason.NOT_A_NUMBER;
        }
    }

    /** A date as {@code yyyy-MM-dd}: ISO, a time after it ignored (Excel's {@code 02/24/26 02:18 AM}), US order first. */
    private static Object date(String cell) {
        String text = cell.strip();
        try {
            return OffsetDateTime.parse(text).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            // not an ISO timestamp
        }
        try {
            return LocalDateTime.parse(text).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            // not an ISO local timestamp
        }
        String datePart = text.replaceFirst("[ T]\\d{1,2}:\\d{2}.*$", "");
        for (DateTimeFormatter format : DATES) {
            try {
                return LocalDate.parse(datePart, format.withResolverStyle(ResolverStyle.STRICT)).toString();
            } catch (DateTimeParseException e) {
                // the next format
            }
        }
        return DroppedValue.Reason.NOT_A_DATE;
    }

    /** A date-time as ISO 8601: one written so goes as it is; a date alone as that date. */
    private static Object dateTime(String cell) {
        String text = cell.strip();
        try {
            OffsetDateTime.parse(text);
            return text;
        } catch (DateTimeParseException e) {
            // not an ISO timestamp with an offset
        }
        try {
            LocalDateTime.parse(text);
            return text;
        } catch (DateTimeParseException e) {
            // nor without
        }
        return date(cell);
    }
}
