package org.leadroutes.importing.inbox;

import java.util.Locale;

/**
 * What a file in the inbox is when it is not CSV text, told by its name and first bytes, and what to do
 * instead: such a file is refused with that sentence (it goes to {@code .failed/} with a report) rather
 * than lying in the inbox unnoticed. {@code .csv} and {@code .tsv} files of text are taken.
 */
enum FileKind {
    // a ZIP container (.xlsx and .xlsm are read as workbooks: Workbook)
    EXCEL_TEMPLATE("an Excel template (.xltx)", Advice.EXPORT_AS_CSV), // as before; SAVE_AS_CSV may fit better
    OPENDOCUMENT("an OpenDocument spreadsheet (.ods)", Advice.SAVE_AS_CSV),
    NUMBERS("an Apple Numbers spreadsheet", Advice.SAVE_AS_CSV),
    WORD("a Word document", Advice.EXPORT_AS_CSV),
    WORKBOOK_NAMED_CSV("an Excel workbook or other ZIP archive", Advice.SAVE_AS_CSV),
    ZIP("a ZIP archive", Advice.UNPACK),
    // OLE2: Office 97-2003, and encrypted OOXML
    PROTECTED_WORKBOOK("a password-protected Excel workbook", Advice.REMOVE_PASSWORD),
    XLS("an Excel 97-2003 workbook (.xls)", Advice.SAVE_AS_CSV),
    PDF("a PDF document", Advice.EXPORT_AS_CSV),
    GZIP("a gzip archive", Advice.UNPACK);

    /** What to do instead, one sentence per kind of file. */
    private enum Advice {
        SAVE_AS_CSV("open it and save it as 'CSV UTF-8 (Comma delimited) (*.csv)'"
                + " (in Excel: File > Save As), then drop the .csv file"),
        REMOVE_PASSWORD("remove its password (File > Info > Protect Workbook), or " + SAVE_AS_CSV.text),
        UNPACK("unpack it and drop the .csv files it holds"),
        EXPORT_AS_CSV("the inbox imports CSV files; export the data as CSV (UTF-8) and drop that");

        private final String text;

        Advice(String text) {
            this.text = text;
        }
    }

    private final String description;
    private final Advice advice;

    FileKind(String description, Advice advice) {
        this.description = description;
        this.advice = advice;
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
        FileKind kind = of(head, ext);
        if (kind != null) {
            return kind.description + (ext.equals("csv") ? " named .csv" : "") + ": " + kind.advice.text;
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

    /** What the first bytes say the file is, whatever its name (the extension tells containers apart); null for what may be text. */
    static FileKind of(byte[] head, String ext) {
        if (starts(head, 0x50, 0x4B, 0x03, 0x04)) { // a ZIP container
            return switch (ext) {
                case "xltx" -> EXCEL_TEMPLATE;
                case "ods" -> OPENDOCUMENT;
                case "numbers" -> NUMBERS;
                case "docx" -> WORD;
                case "csv" -> WORKBOOK_NAMED_CSV;
                default -> ZIP;
            };
        }
        if (starts(head, 0xD0, 0xCF, 0x11, 0xE0)) { // OLE2: Office 97-2003
            return switch (ext) {
                case "doc" -> WORD;
                case "xlsx", "xlsm" -> PROTECTED_WORKBOOK; // encrypted OOXML is an OLE2 container
                default -> XLS;
            };
        }
        if (starts(head, 0x25, 0x50, 0x44, 0x46)) {
            return PDF;
        }
        if (starts(head, 0x1F, 0x8B)) {
            return GZIP;
        }
        return null;
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

    /** Whether the bytes begin with {@code prefix} (magic numbers). */
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
