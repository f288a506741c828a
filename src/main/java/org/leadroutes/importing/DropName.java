package org.leadroutes.importing;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The names one drop's files go by. A file is archived (to {@code .done/} or {@code .failed/}) as its name
 * with the drop's start in it, {@code leads.csv} as {@code leads.20261123-021500.123.csv}, and its report,
 * rejects, results and payloads are named after that: a later drop of a file with the same name sits beside
 * the earlier one and overwrites nothing.
 *
 * @param file     the name the file was dropped with
 * @param archived the name it is archived under, and its reports are named after
 */
public record DropName(String file, String archived) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS");

    /** The names of a drop of {@code file} that started at {@code started} (local time in the name). */
    public static DropName of(String file, Instant started) {
        String stamp = STAMP.format(started.atZone(ZoneId.systemDefault()));
        int dot = file.lastIndexOf('.');
        String archived = dot > 0 ? file.substring(0, dot) + "." + stamp + file.substring(dot) : file + "." + stamp;
        return new DropName(file, archived);
    }

    public String report() {
        return archived + ".report.json";
    }

    public String rejects() {
        return archived + ".rejects.csv";
    }

    public String results() {
        return archived + ".results.csv";
    }

    public String payloads() {
        return archived + ".payloads.jsonl";
    }
}
