package org.leadroutes.exporting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The {@code leads.export.*} settings (and {@code leads.crm.api}) an export runs with. */
public record ExportSettings(
        Path dataDir,
        String api,
        Format format,
        boolean gzip,
        boolean escapeFormulas,
        boolean csvExcel,
        char csvDelimiter,
        int pageSize,
        String fields,
        String status,
        String target,
        String fileName,
        String knownHosts,
        String closeRead,
        boolean incremental,
        long bulkPollMillis,
        int concurrency,
        java.time.Duration eventOverlap) {

    public enum Format { CSV, JSONL }

    /** What CSV rows are built from, so a user's {@code _fields} list cannot drop them by accident. */
    private static final List<String> REQUIRED_FIELDS = List.of("id", "custom");

    public ExportSettings {
        api = api.trim().toLowerCase(Locale.ROOT);
        if (!api.equals("close") && !api.equals("paged")) {
            throw new IllegalArgumentException("leads.crm.api must be close or paged, not '" + api + "'");
        }
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("leads.export.page-size must be between 1 and 100 (the APIs' maximum),"
                    + " not " + pageSize);
        }
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("leads.export.target must be a Camel endpoint URI, e.g. file:data/outbox");
        }
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("leads.export.file-name must not be empty");
        }
        fields = withRequiredFields(fields);
        closeRead = ExportStyle.normalised(closeRead);
        status = status == null ? "" : status.trim();
        target = target.trim();
        if (eventOverlap == null || eventOverlap.isNegative()) {
            throw new IllegalArgumentException("leads.export.event-overlap-seconds must be 0 or more");
        }
    }

    /** Reads the settings through a key lookup such as {@code LeadSettings::get}. */
    public static ExportSettings read(Function<String, String> get) {
        return new ExportSettings(
                Path.of(get.apply("leads.data-dir")),
                get.apply("leads.crm.api").strip().toLowerCase(Locale.ROOT),
                format(get.apply("leads.export.format")),
                Boolean.parseBoolean(get.apply("leads.export.gzip")),
                Boolean.parseBoolean(get.apply("leads.export.escape-formulas")),
                Boolean.parseBoolean(get.apply("leads.export.csv-excel")),
                delimiter(get.apply("leads.export.csv-delimiter")),
                Integer.parseInt(get.apply("leads.export.page-size")),
                get.apply("leads.export.fields"),
                get.apply("leads.export.status"),
                get.apply("leads.export.target"),
                get.apply("leads.export.file-name"),
                get.apply("leads.export.sftp.known-hosts"),
                get.apply("leads.export.close-read"),
                Boolean.parseBoolean(get.apply("leads.export.incremental")),
                Long.parseLong(get.apply("leads.export.bulk.poll-ms").strip()),
                Integer.parseInt(get.apply("leads.export.concurrency").strip()),
                java.time.Duration.ofSeconds(Long.parseLong(get.apply("leads.export.event-overlap-seconds").strip())));
    }

    /** {@code leads.export.csv-delimiter}: one character, or its name (comma, semicolon, tab). */
    static char delimiter(String value) {
        if ("\t".equals(value)) { // a properties file's \t
            return '\t';
        }
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", ",", "comma" -> ',';
            case ";", "semicolon" -> ';';
            case "\\t", "tab" -> '\t';
            case "|", "pipe" -> '|';
            default -> throw new IllegalArgumentException("leads.export.csv-delimiter must be comma, semicolon, tab or pipe"
                    + " (or , ; |), not '" + value + "'");
        };
    }

    static Format format(String value) {
        try {
            return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("leads.export.format must be csv or jsonl, not '" + value + "'");
        }
    }

    /** The fields to read as a list; every field a CSV is made from when none are configured. */
    public List<String> fieldList() {
        List<String> list = new ArrayList<>();
        String configured = fields.isEmpty() ? DEFAULT_SEARCH_FIELDS : fields;
        Arrays.stream(configured.split(",")).map(String::trim).filter(f -> !f.isEmpty()).forEach(list::add);
        return list;
    }

    /** A search must name the fields it wants (without {@code _fields}, bare ids come back). */
    private static final String DEFAULT_SEARCH_FIELDS = "id,name,display_name,status_id,status_label,url,description,"
            + "addresses,contacts,custom,date_created,date_updated";

    /** Leads per search page: as many as per GET page, Close's search allows up to 200. */
    public int searchLimit() {
        return pageSize;
    }

    public boolean closeStyle() {
        return api.equals("close");
    }

    public Path reportsDir() {
        return dataDir.resolve("reports");
    }

    public Path stateDir() {
        return dataDir.resolve("state");
    }

    private static String withRequiredFields(String fields) {
        if (fields == null || fields.isBlank()) {
            return ""; // every field
        }
        List<String> list = new ArrayList<>();
        Arrays.stream(fields.split(",")).map(String::trim).filter(f -> !f.isEmpty()).forEach(list::add);
        REQUIRED_FIELDS.stream().filter(f -> !list.contains(f)).forEach(list::add);
        return String.join(",", list);
    }
}
