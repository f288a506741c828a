package org.leadroutes.importing.inbox;

/**
 * The file cannot be read as CSV from a certain place on: what is wrong ({@link Problem}), the line (as a
 * spreadsheet counts it: the file's first line is line 1, a quoted cell over several lines is one line) and
 * the column where it starts. Raised while the records are read ({@link CsvGuard}) or the file inspected; the
 * drop then fails whole and the file goes to {@code .failed/} with the message, which says what to do.
 */
public class BrokenFileException extends BadDropException {

    /** What is wrong at that place. */
    public enum Problem {
        /** A cell longer than {@code leads.import.max-cell-bytes}. */
        CELL_TOO_LONG,
        /** A row longer than {@code leads.import.max-row-bytes}. */
        ROW_TOO_LONG,
        /** A row of far more cells than the header has. */
        TOO_MANY_CELLS,
        /** A quote that opens a cell and is never closed: the file ends inside it. */
        UNCLOSED_QUOTE,
        /** A quoted cell's closing quote followed by something other than a delimiter or a line break. */
        TEXT_AFTER_QUOTE,
        /** A NUL byte (a binary or damaged file). */
        NUL_BYTE,
        /** The file is UTF-8 up to a line and something else from there. */
        ENCODING_CHANGE,
        /** Any other error of the CSV reader. */
        UNREADABLE
    }

    private final Problem problem;
    private final long line;
    private final int column;
    private final String columnName;

    /**
     * @param column the column's number (1 for the first), or 0 when the problem is the row's
     * @param columnName the column's header, or null when the header has none there
     */
    public BrokenFileException(Problem problem, long line, int column, String columnName, String message) {
        super(message);
        this.problem = problem;
        this.line = line;
        this.column = column;
        this.columnName = columnName;
    }

    public Problem problem() {
        return problem;
    }

    /** The line the problem starts on (where the quote opens, for a quote). */
    public long line() {
        return line;
    }

    /** The column's number, 1 for the first; 0 when the problem is the row's as a whole. */
    public int column() {
        return column;
    }

    /** The column's header, or null. */
    public String columnName() {
        return columnName;
    }
}
