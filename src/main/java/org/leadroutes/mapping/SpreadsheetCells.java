package org.leadroutes.mapping;

import java.util.regex.Pattern;

/**
 * The one rule that keeps spreadsheets from running cells as formulas (CSV injection), for every file a person
 * may open: the export, and the import's rejects and results files ({@code leads.export.escape-formulas}). A
 * cell starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading
 * {@code '} (and a cell that reads as one so escaped, {@code '=1}, one more). Plain numbers, E.164 phone numbers ({@code +14155550101}) and negative amounts included, are left
 * alone: they cannot call anything. The import reads the escape back ({@link #unescape}), so an export or a
 * rejects file dropped into the inbox imports what the cells held before they were escaped.
 */
public final class SpreadsheetCells {

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private SpreadsheetCells() {
    }

    /** The cell as a spreadsheet must not run it. */
    public static String escape(String cell) {
        return risky(cell) ? "'" + cell : cell;
    }

    /**
     * The cell as it was before {@link #escape}: a {@code '} taken off only where {@code escape} put one, so
     * {@code unescape(escape(x))} is {@code x} for every {@code x}, and a {@code '} a person typed before
     * anything else ({@code 'tis}, {@code '-12}) stays.
     */
    public static String unescape(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && risky(cell.substring(1)) ? cell.substring(1) : cell;
    }

    /**
     * Whether a spreadsheet would run the cell, or the cell reads as one escaped ({@code '=1+2} held as such is
     * written {@code ''=1+2}, so the import reads back {@code '=1+2}).
     */
    private static boolean risky(String cell) {
        int quotes = 0;
        while (quotes < cell.length() && cell.charAt(quotes) == '\'') {
            quotes++;
        }
        if (quotes > 0) {
            return quotes < cell.length() && formula(cell.substring(quotes));
        }
        return formula(cell);
    }

    private static boolean formula(String cell) {
        if (cell.isEmpty()) {
            return false;
        }
        char first = cell.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula && !NUMBER.matcher(cell).matches();
    }
}
