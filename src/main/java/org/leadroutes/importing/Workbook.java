package org.leadroutes.importing;

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
final class Workbook {

    private Workbook() {
    }

    /** Whether the file is an Office Open XML workbook, by its name and first bytes. */
    static boolean isXlsx(String name, byte[] head) {
        String lower = name.toLowerCase(Locale.ROOT);
        return (lower.endsWith(".xlsx") || lower.endsWith(".xlsm")) && FileKind.starts(head, 0x50, 0x4B, 0x03, 0x04);
    }

    /**
     * Writes the workbook's first sheet to {@code csv} (UTF-8) and returns what the user should know about the
     * other sheets.
     */
    static List<String> firstSheetAsCsv(Path xlsx, Path csv) throws IOException {
        List<String> warnings = new ArrayList<>();
        try (OPCPackage pkg = OPCPackage.open(xlsx.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
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
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows, formatter(), false));
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
        } catch (OpenXML4JException | SAXException | org.apache.poi.ooxml.POIXMLException e) {
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
