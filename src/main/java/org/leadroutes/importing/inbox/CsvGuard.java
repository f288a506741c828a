package org.leadroutes.importing.inbox;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

import org.leadroutes.importing.inbox.BrokenFileException.Problem;

/**
 * The text of a drop on its way to the CSV reader, checked character by character before the reader gets it,
 * so a hostile or broken file costs bounded memory and fails with a reason that names its line and column.
 * Commons CSV keeps a whole cell in memory while it reads it, so a quote that is never closed in a 400 MB
 * export makes one 400 MB cell: here the cell is refused once it passes {@code leads.import.max-cell-bytes}
 * (its row past {@code leads.import.max-row-bytes}, or far more cells than the header has), before the reader
 * holds more than that. It follows the CSV rules the import reads by (RFC 4180, as {@link DropFile#csvFormat()}:
 * a cell is quoted when it starts with {@code "}, a quote inside is doubled), so it knows where each quote
 * opens; a quote never closed, a closing quote followed by text and a NUL character are refused here too.
 * Lines are counted as the import counts them: records, so a quoted cell over several lines is one line.
 */
public final class CsvGuard extends Reader {

    /** Said after every refusal: the file is refused whole (no row is sent before all rows are read). */
    public static final String REFUSED_WHOLE = "the file was refused whole, no row was imported: fix that line and drop the file again";

    private enum State { CELL_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_QUOTE }

    private final Reader in;
    private final char delimiter;
    private final List<String> headers;
    private final long maxCellBytes;
    private final long maxRowBytes;
    private final int maxCells;

    private State state = State.CELL_START;
    private long line = 1;
    private int column; // 0-based index of the cell being read
    private long cellBytes;
    private long rowBytes;
    private boolean afterCr;
    private long quoteLine;
    private int quoteColumn;
    private long breaksInQuote;
    private boolean ended;

    /**
     * @param headers the file's header row: its columns name the place of a problem, and a row may have at most
     *                as many cells again (and at least 100 more) before it is refused
     */
    public CsvGuard(Reader in, char delimiter, List<String> headers, long maxCellBytes, long maxRowBytes) {
        this.in = in;
        this.delimiter = delimiter;
        this.headers = headers;
        this.maxCellBytes = maxCellBytes;
        this.maxRowBytes = maxRowBytes;
        this.maxCells = headers.size() + Math.max(headers.size(), 100);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        int n = in.read(buf, off, len);
        if (n < 0) {
            ended = true;
            endOfFile();
            return -1;
        }
        for (int i = off; i < off + n; i++) {
            take(buf[i]);
        }
        return n;
    }

    private void take(char c) {
        if (c == '\n' && afterCr) { // CR LF is one line break
            afterCr = false;
            if (state == State.QUOTED) {
                count(c);
            }
            return;
        }
        afterCr = c == '\r';
        if (c == 0) {
            throw broken(Problem.NUL_BYTE, line, column, "a NUL character: the file is binary or damaged from here"
                    + " (save it again as 'CSV UTF-8 (Comma delimited)')");
        }
        boolean lineBreak = c == '\n' || c == '\r';
        switch (state) {
            case CELL_START -> {
                if (c == '"') {
                    state = State.QUOTED;
                    quoteLine = line;
                    quoteColumn = column;
                    breaksInQuote = 0;
                } else if (c == delimiter) {
                    nextCell();
                } else if (lineBreak) {
                    nextRow();
                } else {
                    state = State.UNQUOTED;
                    count(c);
                }
            }
            case UNQUOTED -> {
                if (c == delimiter) {
                    nextCell();
                } else if (lineBreak) {
                    nextRow();
                } else {
                    count(c);
                }
            }
            case QUOTED -> {
                if (c == '"') {
                    state = State.QUOTE_IN_QUOTED;
                } else {
                    if (lineBreak) {
                        breaksInQuote++;
                    }
                    count(c);
                }
            }
            case QUOTE_IN_QUOTED, AFTER_QUOTE -> {
                if (c == '"' && state == State.QUOTE_IN_QUOTED) { // a doubled quote: one quote in the cell
                    state = State.QUOTED;
                    count(c);
                } else if (c == delimiter) {
                    nextCell();
                } else if (lineBreak) {
                    nextRow();
                } else if (Character.isWhitespace(c)) {
                    state = State.AFTER_QUOTE;
                } else {
                    throw broken(Problem.TEXT_AFTER_QUOTE, quoteLine, quoteColumn, "a quote opens this cell and closes "
                            + (breaksInQuote == 0 ? "on the same line" : breaks() + " further down")
                            + ", followed by " + shown(c) + " instead of a delimiter or the end of the line; usually a quote"
                            + " that is never closed, or a quote inside a quoted cell that is not doubled (\"\"):"
                            + " check the quotes on that line");
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void count(char c) {
        int bytes = c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        cellBytes += bytes;
        rowBytes += bytes;
        if (cellBytes > maxCellBytes) {
            if (state == State.QUOTED) {
                throw broken(Problem.CELL_TOO_LONG, quoteLine, quoteColumn, "a cell longer than " + size(maxCellBytes)
                        + "; usually a quote that is never closed: check the quotes on that line");
            }
            throw broken(Problem.CELL_TOO_LONG, line, column, "a cell longer than " + size(maxCellBytes)
                    + " (leads.import.max-cell-bytes): no lead holds that much; is this file a table of leads?");
        }
        if (rowBytes > maxRowBytes) {
            if (state == State.QUOTED) {
                throw broken(Problem.ROW_TOO_LONG, quoteLine, quoteColumn, "a row longer than " + size(maxRowBytes)
                        + " once a quote opens here; usually a quote that is never closed: check the quotes on that line");
            }
            throw broken(Problem.ROW_TOO_LONG, line, -1, "a row longer than " + size(maxRowBytes)
                    + " (leads.import.max-row-bytes): no lead holds that much; is this file a table of leads?");
        }
    }

    private void nextCell() {
        column++;
        cellBytes = 0;
        state = State.CELL_START;
        if (column >= maxCells) {
            throw broken(Problem.TOO_MANY_CELLS, line, -1, "a row of more than " + maxCells + " cells where the header"
                    + " has " + headers.size() + "; usually the wrong delimiter or a quote problem on that line: check it");
        }
    }

    private void nextRow() {
        line++;
        column = 0;
        cellBytes = 0;
        rowBytes = 0;
        state = State.CELL_START;
    }

    private void endOfFile() {
        if (state == State.QUOTED) {
            throw broken(Problem.UNCLOSED_QUOTE, quoteLine, quoteColumn, "a quote opens this cell and is never closed"
                    + (breaksInQuote == 0 ? "" : " (the rest of the file, " + breaks() + ", was read as that cell)")
                    + ": check the quotes on that line; a quote inside a quoted cell is written twice (\"\")");
        }
    }

    private String breaks() {
        return breaksInQuote + (breaksInQuote == 1 ? " line break" : " line breaks");
    }

    private BrokenFileException broken(Problem problem, long at, int col, String what) {
        String name = col >= 0 && col < headers.size() && !headers.get(col).isBlank() ? headers.get(col).strip() : null;
        String place = "line " + at + (col < 0 ? "" : ", column " + (name != null ? name : Integer.toString(col + 1)));
        return new BrokenFileException(problem, at, col + 1, name, place + ": " + what + (what.endsWith("?") ? " " : ". ")
                + REFUSED_WHOLE);
    }

    private static String shown(char c) {
        return Character.isISOControl(c) ? String.format("the control character U+%04X", (int) c) : "'" + c + "'";
    }

    /** A size as a person reads it: {@code 1 MB}, {@code 64 KB}, {@code 1500 bytes}. */
    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
