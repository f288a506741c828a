package org.leadroutes.importing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.leadroutes.importing.inbox.DropFile;
import org.leadroutes.mapping.MappedRow;
import org.leadroutes.mapping.RowMapper;

/**
 * A drop's records on their way in, one at a time and in order (the flow's split streams on one thread): the
 * header and the lines above it passed over, each data row mapped and staged for its lead's group on disk
 * ({@link GroupSpill}), or rejected with its reason. A line of one cell that reads as a report's footer
 * ("Grand Totals (5 records)"), or follows a blank line, is held until the file shows whether a data row
 * follows it (then it was data) or not ({@link #endOfRows()}).
 */
final class RowStaging {

    private static final int MAX_HELD = 100;
    /** Held lines are in memory: at most this many characters of them (a hostile file's long cells are rows). */
    private static final int MAX_HELD_CHARS = 64 * 1024;
    /** How much of a skipped line its reason quotes. */
    private static final int QUOTED_CHARS = 200;
    private static final int SKIPPED_LINES_LISTED = 100;

    private final DropFile file;
    private final RowMapper mapper;
    private final GroupSpill spill;
    private final DropOutcomes outcomes;
    private final DropTally tally;
    private final List<String> skippedLines = new ArrayList<>();
    private final List<Map.Entry<Long, List<String>>> heldLines = new ArrayList<>();
    private long linesSkipped;
    private long heldChars;
    private boolean blankAfterData;

    RowStaging(DropFile file, RowMapper mapper, GroupSpill spill, DropOutcomes outcomes, DropTally tally) {
        this.file = file;
        this.mapper = mapper;
        this.spill = spill;
        this.outcomes = outcomes;
        this.tally = tally;
    }

    /**
     * Takes one record of the file.
     *
     * @param line the record's line in a spreadsheet: the first is line 1, blank lines count, as a
     *             spreadsheet shows them
     */
    void stage(long line, List<String> cells) throws IOException {
        long filled = cells.stream().filter(c -> c != null && !c.isBlank()).count();
        if (line - 1 <= file.headerIndex()) {
            if (line - 1 < file.headerIndex() && filled > 0) {
                skipLine(line, cells, "above the header row");
            }
            return;
        }
        if (filled == 0) { // a blank line, or one of only delimiters, as spreadsheets write them
            blankAfterData = true;
            return;
        }
        long chars = cells.stream().mapToLong(c -> c == null ? 0 : c.length()).sum();
        if (filled == 1 && heldLines.size() < MAX_HELD && heldChars + chars <= MAX_HELD_CHARS) {
            boolean footerWords = ReportFooters.reason(text(cells)) != null;
            boolean belowBlank = (blankAfterData || !heldLines.isEmpty()) && file.headers().size() > 1;
            if (footerWords || belowBlank) {
                heldLines.add(Map.entry(line, cells));
                heldChars += chars;
                return;
            }
        }
        for (Map.Entry<Long, List<String>> held : heldLines) { // a data row follows them: they were data too
            mapRow(held.getKey(), held.getValue());
        }
        heldLines.clear();
        heldChars = 0;
        blankAfterData = false;
        mapRow(line, cells);
    }

    /**
     * The end of the rows: the lines still held are the file's footer, and skipped with the reason, unless
     * one holds what only a row holds (an email, a phone, a person): that one is a row.
     */
    void endOfRows() throws IOException {
        for (Map.Entry<Long, List<String>> held : heldLines) {
            String footer = ReportFooters.reason(text(held.getValue()));
            if (footer == null && looksLikeARow(held.getKey(), held.getValue())) {
                mapRow(held.getKey(), held.getValue());
            } else {
                skipLine(held.getKey(), held.getValue(), footer != null ? footer
                        : "a line of one cell below the data, after a blank line (a report's footer)");
            }
        }
        heldLines.clear();
        heldChars = 0;
    }

    /** Lines that were not rows. */
    long linesSkipped() {
        return linesSkipped;
    }

    /** The first hundred of them, each with its line and reason. */
    List<String> skippedLines() {
        return List.copyOf(skippedLines);
    }

    private boolean looksLikeARow(long line, List<String> cells) {
        try {
            MappedRow row = mapper.map(line, cells);
            return row.contact() != null;
        } catch (RowMapper.RejectedRowException e) {
            return true; // it holds a value a row would (a bad email, say): rejected as a row, with the reason
        }
    }

    /** A line that is not a row: counted and listed in the report, and kept in the results file with the reason. */
    private void skipLine(long line, List<String> cells, String reason) {
        linesSkipped++;
        String text = text(cells);
        String why = reason + ": '" + (text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "…" : text) + "'";
        if (skippedLines.size() < SKIPPED_LINES_LISTED) {
            skippedLines.add("line " + line + ": " + why);
        }
        outcomes.lineSkipped(line, cells, why);
    }

    private static String text(List<String> cells) {
        return cells.stream().filter(c -> c != null && !c.isBlank()).map(String::strip)
                .collect(Collectors.joining(" | "));
    }

    private void mapRow(long line, List<String> cells) throws IOException {
        String skip = mapper.skipReason(cells);
        if (skip != null) { // a row the source marks deleted: not data
            skipLine(line, cells, skip);
            return;
        }
        tally.rows.incrementAndGet();
        try {
            MappedRow row = mapper.map(line, cells);
            tally.dropped(row.dropped());
            spill.add(row);
        } catch (RowMapper.RejectedRowException e) {
            outcomes.rowRejected(line, cells, e.getMessage());
        }
        tally.progress(false, outcomes.rejected());
    }
}
