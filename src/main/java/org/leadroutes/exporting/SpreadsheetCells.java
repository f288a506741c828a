package org.leadroutes.exporting;

import java.util.regex.Pattern;

/**
 * Keeps spreadsheets from running cells as formulas (CSV injection): a cell starting with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading {@code '}. Plain numbers,
 * E.164 phone numbers ({@code +14155550101}) and negative amounts included, are left alone: they
 * cannot call anything, and the import reads them back as they were.
 */
final class SpreadsheetCells {

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private SpreadsheetCells() {
    }

    static String escape(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !NUMBER.matcher(cell).matches() ? "'" + cell : cell;
    }
}
