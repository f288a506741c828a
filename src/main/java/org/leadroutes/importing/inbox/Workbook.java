package org.leadroutes.importing.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * An Excel workbook ({@code .xlsx}, {@code .xlsm}) dropped in the inbox, read as Apache POI's streaming
 * reader reads it (row by row, so memory does not grow with the sheet): its first sheet is written out as
 * CSV for the import to read like any other drop. Cells are taken as Excel shows them (a date as formatted,
 * a phone stored as a number without an exponent), and empty rows are kept, so line numbers stay the
 * sheet's.
 */
public final class Workbook {

    /**
     * POI's zip-bomb limits, set on purpose rather than left at their defaults: an entry that inflates more than
     * 100 times its compressed size is refused (POI's default ratio), and no entry may inflate past 1 GB (POI's
     * default is 4 GB; the sheet is streamed, so this bounds time, not memory).
     */
    static final double MIN_INFLATE_RATIO = 0.01;
    static final long MAX_ENTRY_BYTES = 1L << 30;
    /**
     * The shared-strings table is held in memory (POI has no streaming reader for it): its XML may be at most
     * this many times {@code leads.import.max-cell-bytes} long (32 MB by default), so a workbook's strings cost at
     * most a few times that much memory.
     */
    static final int SHARED_STRINGS_CELLS = 32;

    static {
        org.apache.poi.openxml4j.util.ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        org.apache.poi.openxml4j.util.ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
    }

    private Workbook() {
    }

    /** Whether the file is an Office Open XML workbook, by its name and first bytes. */
    public static boolean isXlsx(String name, byte[] head) {
        String lower = name.toLowerCase(Locale.ROOT);
        return (lower.endsWith(".xlsx") || lower.endsWith(".xlsm")) && FileKind.starts(head, 0x50, 0x4B, 0x03, 0x04);
    }

    /**
     * Writes the workbook's first sheet to {@code csv} (UTF-8) and returns what the user should know about the
     * other sheets.
     *
     * @param maxCellBytes a cell longer than this fails the drop, naming the cell ({@code leads.import.max-cell-bytes})
     */
    public static List<String> firstSheetAsCsv(Path xlsx, Path csv, long maxCellBytes) throws IOException {
        List<String> warnings = new ArrayList<>();
        try (OPCPackage pkg = OPCPackage.open(xlsx.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = sharedStrings(pkg, SHARED_STRINGS_CELLS * maxCellBytes);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new BadDropException("an Excel workbook without sheets");
            }
            Files.createDirectories(csv.getParent());
            String sheetName;
            try (InputStream sheet = sheets.next();
                 Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                 CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
                sheetName = sheets.getSheetName();
                Rows rows = new Rows(printer);
                XMLReader parser = org.apache.poi.util.XMLHelper.newXMLReader();
                parser.setContentHandler(new CellBound(new XSSFSheetXMLHandler(styles, null, strings, rows, formatter(), false),
                        sheetName, maxCellBytes));
                parser.parse(new InputSource(sheet));
                rows.finish();
            }
            List<String> others = new ArrayList<>();
            while (sheets.hasNext()) {
                try (InputStream ignored = sheets.next()) {
                    others.add(sheets.getSheetName());
                }
            }
            warnings.add("an Excel workbook: its first sheet, '" + sheetName + "', was read"
                    + (others.isEmpty() ? "" : "; " + others.size() + " more not imported ("
                    + String.join(", ", others) + "): save each as a workbook of its own, or as CSV, to import it"));
        } catch (BadDropException e) {
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof BadDropException bad) { // raised inside POI's reads
                throw bad;
            }
            // POI's zip-bomb and entry-size limits, and a damaged archive, are IOExceptions of POI's reads
            String what = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("").strip();
            throw new BadDropException("an Excel workbook that cannot be read safely (" + what + "): open it"
                    + " and save it as 'CSV UTF-8 (Comma delimited) (*.csv)', then drop the .csv file");
        } catch (OpenXML4JException | SAXException | org.apache.poi.ooxml.POIXMLException e) {
            if (e.getCause() instanceof BadDropException bad) {
                throw bad;
            }
            throw new BadDropException("an Excel workbook that cannot be read (" + e.getMessage() + "): open it and"
                    + " save it as 'CSV UTF-8 (Comma delimited) (*.csv)', then drop the .csv file");
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (org.apache.poi.UnsupportedFileFormatException | org.apache.poi.EncryptedDocumentException e) {
            throw new BadDropException("an Excel workbook that cannot be read (" + e.getMessage() + "): save it"
                    + " unprotected as 'CSV UTF-8 (Comma delimited) (*.csv)', then drop the .csv file");
        }
        return warnings;
    }

    /**
     * The workbook's shared-strings table, refused before it is read when its XML is longer than
     * {@code max} bytes (the read itself stops there too, whatever the archive's directory says).
     */
    private static ReadOnlySharedStringsTable sharedStrings(OPCPackage pkg, long max) throws IOException, SAXException {
        List<org.apache.poi.openxml4j.opc.PackagePart> parts = pkg.getPartsByContentType(
                org.apache.poi.xssf.usermodel.XSSFRelation.SHARED_STRINGS.getContentType());
        if (parts.isEmpty()) {
            return new ReadOnlySharedStringsTable(pkg);
        }
        org.apache.poi.openxml4j.opc.PackagePart part = parts.get(0);
        if (part.getSize() > max) {
            throw stringsTooLong(max);
        }
        try (InputStream in = part.getInputStream()) {
            InputStream counted = new java.io.FilterInputStream(in) {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) {
                    read += n;
                    if (read > max) {
                        throw stringsTooLong(max);
                    }
                }
            };
            return new ReadOnlySharedStringsTable(counted, false);
        }
    }

    private static BadDropException stringsTooLong(long max) {
        return new BadDropException("an Excel workbook whose table of texts (shared strings) is longer than "
                + CsvGuard.size(max) + " (" + SHARED_STRINGS_CELLS + " times leads.import.max-cell-bytes): too big to read safely; open it and save it as"
                + " 'CSV UTF-8 (Comma delimited) (*.csv)', then drop the .csv file (CSV files of any size are read"
                + " a row at a time)");
    }

    /**
     * Passes the sheet's XML on to POI's handler, counting the text of each cell as it comes: a cell longer than
     * the bound fails the drop naming it, before POI's handler holds more of it.
     */
    private static final class CellBound implements org.xml.sax.ContentHandler {
        private final org.xml.sax.ContentHandler next;
        private final String sheet;
        private final long maxCellBytes;
        private String cell;
        private boolean inCell;
        private long chars;

        CellBound(org.xml.sax.ContentHandler next, String sheet, long maxCellBytes) {
            this.next = next;
            this.sheet = sheet;
            this.maxCellBytes = maxCellBytes;
        }

        @Override
        public void startElement(String uri, String localName, String qName, org.xml.sax.Attributes atts)
                throws SAXException {
            if ("c".equals(localName)) {
                cell = atts.getValue("r");
                inCell = true;
                chars = 0;
            }
            next.startElement(uri, localName, qName, atts);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            chars += inCell ? length : 0;
            if (chars > maxCellBytes) {
                long row = cell == null ? 0 : new CellReference(cell).getRow() + 1;
                throw new BrokenFileException(BrokenFileException.Problem.CELL_TOO_LONG, row,
                        cell == null ? 0 : new CellReference(cell).getCol() + 1, null, "sheet '" + sheet + "', cell "
                        + cell + " (line " + row + "): a cell longer than " + CsvGuard.size(maxCellBytes)
                        + " (leads.import.max-cell-bytes): no lead holds that much; is this sheet a table of leads? "
                        + CsvGuard.REFUSED_WHOLE);
            }
            next.characters(ch, start, length);
        }

        @Override
        public void setDocumentLocator(org.xml.sax.Locator locator) {
            next.setDocumentLocator(locator);
        }

        @Override
        public void startDocument() throws SAXException {
            next.startDocument();
        }

        @Override
        public void endDocument() throws SAXException {
            next.endDocument();
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            next.startPrefixMapping(prefix, uri);
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            next.endPrefixMapping(prefix);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if ("c".equals(localName)) {
                inCell = false;
            }
            next.endElement(uri, localName, qName);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            next.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            next.processingInstruction(target, data);
        }

        @Override
        public void skippedEntity(String name) throws SAXException {
            next.skippedEntity(name);
        }
    }

    /**
     * Cells as Excel shows them, but a number in the General format in full: POI writes 12 digits and more
     * with an exponent, and a phone typed into Excel ({@code +44 7911 123456}) is the number 447911123456.
     */
    static DataFormatter formatter() {
        DataFormatter formatter = new DataFormatter(Locale.US);
        formatter.addFormat("General", new java.text.DecimalFormat("0.##########",
                java.text.DecimalFormatSymbols.getInstance(Locale.US)));
        return formatter;
    }

    /** The sheet's rows as CSV records: missing cells and rows (Excel stores only filled ones) written empty. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final CSVPrinter printer;
        private final List<String> cells = new ArrayList<>();
        private int nextRow;
        private int width; // the header's: each row is written this wide, or wider

        Rows(CSVPrinter printer) {
            this.printer = printer;
        }

        @Override
        public void startRow(int rowNum) {
            try {
                while (nextRow < rowNum) { // rows Excel left out are empty rows of the sheet
                    printer.println();
                    nextRow++;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            if (nextRow == 0 || width == 0) {
                width = cells.size();
            }
            while (cells.size() < width) {
                cells.add("");
            }
            try {
                printer.printRecord(cells);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            nextRow = rowNum + 1;
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(formattedValue == null ? "" : formattedValue);
        }

        void finish() throws IOException {
            printer.flush();
        }
    }
}
