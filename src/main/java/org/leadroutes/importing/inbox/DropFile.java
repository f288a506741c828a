package org.leadroutes.importing.inbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

/**
 * What a dropped file is, found before any row is read: its content hash (the key of its record in
 * {@code state/}), charset and byte-order mark, delimiter and header row. A file that is empty,
 * not CSV ({@link FileKind}: a workbook, a PDF, a .txt), binary, headerless or has duplicate columns is
 * refused here with a reason a user can act on.
 *
 * @param sha256 hex digest of the whole content
 * @param charset the charset rows are read with
 * @param bomLength bytes of byte-order mark to skip
 * @param delimiter {@code ,}, {@code ;} or tab
 * @param headers the header row as written (byte-order mark removed)
 * @param headerIndex the header's record index, blank lines counted (0 unless a preamble, such as the notes
 *                    LinkedIn writes above its header, or blank lines come first)
 * @param warnings what the user should know, e.g. a charset fallback
 */
public record DropFile(Path path, String sha256, Charset charset, int bomLength, char delimiter,
                       List<String> headers, int headerIndex, List<String> warnings) {

    private static final int SNIFF_BYTES = 64 * 1024;
    /** How far down a header row is looked for below a preamble. */
    private static final int PREAMBLE_LINES = 20;

    /** Names of the delimiters, as the import route chooses its CSV format by them. */
    public String delimiterName() {
        return switch (delimiter) {
            case ';' -> "semicolon";
            case '\t' -> "tab";
            default -> "comma";
        };
    }

    public static DropFile inspect(Path path, Charset configured) throws IOException {
        return inspect(path, configured, org.leadroutes.mapping.ColumnMapping.defaults()::knows);
    }

    /**
     * @param knownHeader whether a header names a column the import knows: the row among the first lines
     *                    with the most of them is the header, read with the delimiter that finds them
     */
    public static DropFile inspect(Path path, Charset configured, java.util.function.Predicate<String> knownHeader)
            throws IOException {
        long size = Files.size(path);
        if (size == 0) {
            throw new BadDropException("empty file: there is no header row and no data");
        }
        byte[] head = new byte[(int) Math.min(size, SNIFF_BYTES)];
        try (InputStream in = Files.newInputStream(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            in.readNBytes(head, 0, head.length);
        }
        String text0 = new String(head, StandardCharsets.UTF_8);
        String refusal = FileKind.refusal(path.getFileName().toString(), head, text0.lines().findFirst().orElse(null));
        if (refusal != null) {
            throw new BadDropException(refusal);
        }
        List<String> warnings = new ArrayList<>();
        ByteOrderMark mark = byteOrderMark(head);
        int bom = mark == null ? 0 : mark.length();
        Charset charset = mark == null ? configured : Charset.forName(mark.getCharsetName());
        if (bom == 0 || charset.equals(StandardCharsets.UTF_8)) {
            long line = 1;
            for (byte b : head) {
                if (b == 0) {
                    throw new BrokenFileException(BrokenFileException.Problem.NUL_BYTE, line, 0, null, "line " + line
                            + ": binary file: it contains NUL bytes, so it is not CSV text (save it as CSV, UTF-8)");
                }
                line += b == '\n' ? 1 : 0;
            }
        }
        Scan scan = scan(path, bom);
        String sha = scan.sha256();
        if (charset.equals(StandardCharsets.UTF_8) && !scan.validUtf8()) {
            if (bom > 0 || scan.mixed()) {
                throw new BrokenFileException(BrokenFileException.Problem.ENCODING_CHANGE, scan.invalidLine(), 0, null,
                        "line " + scan.invalidLine() + ": a byte that is not valid UTF-8 (0x" + String.format("%02X", scan.invalidByte())
                        + "), " + (bom > 0 ? "in a file that starts with a UTF-8 byte-order mark" : "while line "
                        + scan.utf8Line() + " is UTF-8") + ": the encoding changes inside the file (two files joined?);"
                        + " open it and save it again as 'CSV UTF-8 (Comma delimited)'. " + CsvGuard.REFUSED_WHOLE);
            }
            charset = Charset.forName("windows-1252");
            warnings.add("the file is not valid UTF-8: read as windows-1252 (set leads.import.charset to choose)");
        }
        String text = new String(head, bom, head.length - bom, charset);
        KnownRow known = knownHeaderRow(text, knownHeader);
        char delimiter = known != null ? known.delimiter() : detectDelimiter(delimiterLine(text));
        int headerIndex = known != null ? known.index() : headerIndex(text, delimiter);
        List<String> headers = headerRow(text, delimiter, headerIndex);
        if (size <= SNIFF_BYTES && known == null) {
            refuseValuesAsHeader(text, delimiter, headerIndex, headers);
        }
        return new DropFile(path, sha, charset, bom, delimiter, headers, headerIndex, warnings);
    }

    /** The UTF-8 or UTF-16 byte-order mark the file starts with, or null. */
    private static ByteOrderMark byteOrderMark(byte[] head) throws IOException {
        try (BOMInputStream in = BOMInputStream.builder().setInputStream(new ByteArrayInputStream(head))
                .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE).get()) {
            return in.getBOM();
        }
    }

    /** This file, with what the user should know about where it came from first among its warnings. */
    public DropFile noting(List<String> notes) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(warnings);
        return new DropFile(path, sha256, charset, bomLength, delimiter, headers, headerIndex, List.copyOf(all));
    }

    /** The file's bytes after the byte-order mark, for the CSV reader. */
    public InputStream open() throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                64 * 1024);
        in.skipNBytes(bomLength);
        return in;
    }

    /** How the import reads the file's records: this file's delimiter, blank lines kept (they count as lines). */
    public CSVFormat csvFormat() {
        return format(delimiter);
    }

    /** Records are counted as the import reads them: blank lines too. */
    private static CSVFormat format(char delimiter) {
        return CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
    }

    /** The header row found by the headers it names: its record index and the delimiter that splits it. */
    private record KnownRow(int index, char delimiter) {
    }

    /**
     * The row among the first lines that names the most known columns (at least two), with the delimiter that
     * splits it so: a line of notes above the header ("Exported on Nov 23, 2026") holds none of them. Null
     * when no row names two: then the header is found by its shape ({@link #headerIndex}).
     */
    private static KnownRow knownHeaderRow(String text, java.util.function.Predicate<String> knownHeader) {
        KnownRow best = null;
        int bestHits = 1;
        for (char delimiter : DELIMITERS) {
            try (CSVParser parser = CSVParser.parse(new StringReader(text), format(delimiter))) {
                int index = 0;
                for (CSVRecord record : parser) {
                    int hits = (int) record.stream().filter(c -> !c.isBlank() && knownHeader.test(c)).count();
                    if (hits > bestHits) {
                        best = new KnownRow(index, delimiter);
                        bestHits = hits;
                    }
                    if (++index > PREAMBLE_LINES) {
                        break;
                    }
                }
            } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
                // not CSV with this delimiter: the next one, or the header's shape, decides
            }
        }
        return best;
    }

    /**
     * The header's record index: the first record that is not blank, unless it holds a single cell and a
     * record soon after holds several (a preamble, such as the notes LinkedIn writes above its header).
     */
    private static int headerIndex(String text, char delimiter) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format(delimiter))) {
            int index = 0;
            int first = -1;
            for (CSVRecord record : parser) {
                long cells = record.stream().filter(c -> !c.isBlank()).count();
                if (first < 0 && cells == 0 && record.size() > 1) {
                    return index; // a row of empty cells where the header should be: refused as no header row
                }
                if (first < 0 && cells > 0) {
                    if (cells > 1) {
                        return index;
                    }
                    first = index;
                } else if (first >= 0 && cells > 1) {
                    return index;
                }
                if (++index > PREAMBLE_LINES) {
                    break;
                }
            }
            return Math.max(first, 0);
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            return 0; // the header row's own check says what is wrong
        }
    }

    private static List<String> headerRow(String text, char delimiter, int headerIndex) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format(delimiter))) {
            CSVRecord first = null;
            java.util.Iterator<CSVRecord> records = parser.iterator();
            for (int i = 0; i <= headerIndex && records.hasNext(); i++) {
                first = records.next();
            }
            List<String> headers = first == null ? List.of()
                    : first.stream().map(org.leadroutes.mapping.SpreadsheetCells::unescape).toList(); // as the rows are read
            if (headers.stream().allMatch(h -> h.isBlank())) {
                throw new BadDropException("no header row: the first line must name the columns");
            }
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                String key = headers.get(i).strip().toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    continue;
                }
                Integer earlier = seen.putIfAbsent(key, i);
                if (earlier != null) {
                    throw new BadDropException("duplicate column '" + headers.get(earlier).strip() + "' (columns "
                            + (earlier + 1) + " and " + (i + 1) + "): rename one so each column says what it holds");
                }
            }
            return headers;
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new BadDropException("the header row is not valid CSV: " + e.getMessage());
        }
    }

    /** An email address, or a number (a phone number, an amount, an id) of at least 4 digits: a value, not a column name. */
    private static final java.util.regex.Pattern VALUE = java.util.regex.Pattern.compile(
            "[^@\\s]+@[^@\\s]+\\.[^@\\s]+|\\+?[\\d\\s().\\-/]*\\d{2}[\\d\\s().\\-/]*\\d{2}[\\d\\s().\\-/]*");

    /**
     * A file whose only row holds values (an email, a phone number) where the column names should be is refused:
     * it is one row of data without its header, or the first row of a file taken while it was still being written.
     * Imported, it would be done with nothing in it.
     */
    private static void refuseValuesAsHeader(String text, char delimiter, int headerIndex, List<String> headers)
            throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format(delimiter))) {
            int index = 0;
            for (CSVRecord record : parser) {
                if (index++ > headerIndex && record.stream().anyMatch(c -> !c.isBlank())) {
                    return; // a data row: the header is what it is
                }
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            return; // the rows' own checks say what is wrong
        }
        List<String> values = headers.stream().map(String::strip).filter(h -> VALUE.matcher(h).matches()).toList();
        if (!values.isEmpty()) {
            throw new BadDropException("no data rows, and the one row there looks like data, not column names ("
                    + values.stream().limit(3).map(v -> "'" + v + "'").collect(java.util.stream.Collectors.joining(", "))
                    + "): the header row is missing, or the file was taken while it was still being written; drop it"
                    + " again whole, with the column names on its first line");
        }
    }

    /** The delimiter that splits the header line into the most columns, outside quotes. */
    private static char detectDelimiter(String line) {
        char best = ',';
        int bestCount = 0;
        for (char c : DELIMITERS) {
            int count = unquoted(line, c);
            if (count > bestCount) {
                best = c;
                bestCount = count;
            }
        }
        return best;
    }

    private static final char[] DELIMITERS = {',', ';', '\t'};

    /** How often {@code c} stands in the line outside quotes. */
    private static int unquoted(String line, char c) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                count++;
            }
        }
        return count;
    }

    /**
     * The line the delimiter is told by: the first that is not blank, or, when that one has no delimiter
     * outside quotes (a preamble line), the first of the next few that has one.
     */
    private static String delimiterLine(String text) {
        boolean quoted = false;
        int start = 0;
        String first = null;
        int lines = 0;
        for (int i = 0; i <= text.length() && lines <= PREAMBLE_LINES; i++) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (c == '"') {
                quoted = !quoted;
            } else if ((c == '\n' || c == '\r') && !quoted) {
                String line = text.substring(start, i);
                start = i + 1;
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                if (first == null) {
                    first = line;
                }
                if (unquoted(line, ',') + unquoted(line, ';') + unquoted(line, '\t') > 0) {
                    return line;
                }
            }
        }
        return first == null ? "" : first;
    }


    /**
     * The content's digest and how it reads as UTF-8, in one read: the line of the first byte that is not UTF-8
     * (0: none) and that byte, and the line of the first character beyond ASCII that is UTF-8 (0: none). Lines
     * are counted by line breaks here.
     */
    private record Scan(String sha256, long invalidLine, int invalidByte, long utf8Line) {
        boolean validUtf8() {
            return invalidLine == 0;
        }

        /** UTF-8 in one place and not in another: two encodings in one file. */
        boolean mixed() {
            return invalidLine > 0 && utf8Line > 0;
        }
    }

    private static Scan scan(Path path, int bom) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        CharBuffer chars = CharBuffer.allocate(64 * 1024);
        long[] lines = {1, 0, 0}; // the line read, the first invalid byte's line, the first UTF-8 non-ASCII's line
        int invalidByte = 0;
        long offset = 0;
        try (InputStream in = Files.newInputStream(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[32 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
                int skip = (int) Math.max(0, Math.min(n, bom - offset));
                offset += n;
                if (n > skip && (lines[1] == 0 || lines[2] == 0)) { // decoded until both are known
                    bytes.put(buf, skip, n - skip);
                    bytes.flip();
                    invalidByte = decode(decoder, bytes, chars, false, lines, invalidByte);
                    bytes.compact();
                }
            }
        }
        if (lines[1] == 0 || lines[2] == 0) {
            bytes.flip();
            invalidByte = decode(decoder, bytes, chars, true, lines, invalidByte);
        }
        return new Scan(HexFormat.of().formatHex(digest.digest()), lines[1], invalidByte, lines[2]);
    }

    /** Decodes what {@code bytes} holds, noting lines; a byte that is not UTF-8 is noted and passed over. */
    private static int decode(CharsetDecoder decoder, ByteBuffer bytes, CharBuffer chars, boolean end, long[] lines,
                              int invalidByte) {
        while (true) {
            java.nio.charset.CoderResult result = decoder.decode(bytes, chars, end);
            chars.flip();
            while (chars.hasRemaining()) {
                char c = chars.get();
                if (c == '\n') {
                    lines[0]++;
                } else if (c >= 0x80 && c != '\uFEFF' && lines[2] == 0) {
                    lines[2] = lines[0];
                }
            }
            chars.clear();
            if (result.isError()) {
                if (lines[1] == 0) {
                    lines[1] = lines[0];
                    invalidByte = bytes.get(bytes.position()) & 0xFF;
                }
                bytes.position(bytes.position() + result.length());
            } else if (result.isUnderflow()) {
                if (end) {
                    chars.clear();
                    decoder.flush(chars);
                    chars.clear();
                }
                return invalidByte;
            }
        }
    }
}
