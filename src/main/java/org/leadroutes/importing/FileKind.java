package org.leadroutes.importing;

import java.util.Locale;

/**
 * What a file in the inbox is when it is not CSV text, told by its name and first bytes, and what to do
 * instead: such a file is refused with that sentence (it goes to {@code .failed/} with a report) rather
 * than lying in the inbox unnoticed. {@code .csv} and {@code .tsv} files of text are taken.
 */
final class FileKind {

    private static final String SAVE_AS_CSV = "open it and save it as 'CSV UTF-8 (Comma delimited) (*.csv)'"
            + " (in Excel: File > Save As), then drop the .csv file";

    private FileKind() {
    }

    /**
     * Why the file cannot be imported as it is, or null when it may be CSV.
     *
     * @param name the file's name
     * @param head its first bytes
     * @param firstLine its first line as text, for a text file that is not named .csv (may be null)
     */
    static String refusal(String name, byte[] head, String firstLine) {
        String ext = extension(name);
        String what = magic(head, ext);
        if (what != null) {
            return what + (ext.equals("csv") ? " named .csv" : "") + ": " + advice(what);
        }
        if (ext.equals("csv") || ext.equals("tsv")) {
            return null;
        }
        if (ext.equals("txt") || ext.equals("tab") || ext.equals("dat")) {
            return "a text file (." + ext + "), not a .csv file: if it is a table with its column names on the first line"
                    + columns(firstLine) + ", rename it to .csv (the delimiter, comma, semicolon or tab, is detected)";
        }
        return (ext.isEmpty() ? "a file without an extension" : "a ." + ext + " file")
                + ", not a .csv file: the inbox imports CSV files (a header row naming the columns, then one row per contact)";
    }

    /** What the first bytes say the file is, whatever its name; null for what may be text. */
    private static String magic(byte[] head, String ext) {
        if (starts(head, 0x50, 0x4B, 0x03, 0x04)) { // a ZIP container
            return switch (ext) {
                case "xltx" -> "an Excel template (.xltx)"; // .xlsx and .xlsm are read as workbooks (Workbook)
                case "ods" -> "an OpenDocument spreadsheet (.ods)";
                case "numbers" -> "an Apple Numbers spreadsheet";
                case "docx" -> "a Word document";
                case "csv" -> "an Excel workbook or other ZIP archive";
                default -> "a ZIP archive";
            };
        }
        if (starts(head, 0xD0, 0xCF, 0x11, 0xE0)) { // OLE2: Office 97-2003
            return switch (ext) {
                case "doc" -> "a Word document";
                case "xlsx", "xlsm" -> "a password-protected Excel workbook"; // encrypted OOXML is an OLE2 container
                default -> "an Excel 97-2003 workbook (.xls)";
            };
        }
        if (starts(head, 0x25, 0x50, 0x44, 0x46)) {
            return "a PDF document";
        }
        if (starts(head, 0x1F, 0x8B)) {
            return "a gzip archive";
        }
        return null;
    }

    private static String advice(String what) {
        if (what.contains("password-protected")) {
            return "remove its password (File > Info > Protect Workbook), or " + SAVE_AS_CSV;
        }
        if (what.contains("spreadsheet") || what.contains("workbook")) {
            return SAVE_AS_CSV;
        }
        if (what.contains("archive")) {
            return "unpack it and drop the .csv files it holds";
        }
        return "the inbox imports CSV files; export the data as CSV (UTF-8) and drop that";
    }

    private static String columns(String firstLine) {
        if (firstLine == null) {
            return "";
        }
        int best = 0;
        String by = null;
        for (String[] d : new String[][] {{",", "comma"}, {";", "semicolon"}, {"\t", "tab"}}) {
            int n = firstLine.split(java.util.regex.Pattern.quote(d[0]), -1).length;
            if (n > best) {
                best = n;
                by = d[1];
            }
        }
        return best > 1 ? " (its first line has " + best + " " + by + "-separated columns)" : "";
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** Whether the bytes begin with {@code prefix} (magic numbers, byte-order marks). */
    static boolean starts(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
