package org.leadroutes.importing.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The names one drop's files go by. A file is archived (to {@code .done/} or {@code .failed/}) as its name
 * with the drop's start in it, {@code leads.csv} as {@code leads.20261123-021500.123.csv}, and its report,
 * rejects, results and payloads are named after that: a later drop of a file with the same name sits beside
 * the earlier one and overwrites nothing.
 * <p>
 * Every one of those names fits a file system's name component ({@value #MAX_NAME_BYTES} bytes in UTF-8): a
 * name too long for that is shortened, keeping its start and its extension, with a hash of the whole name in
 * place of the rest ({@code <start>~<hash>.<stamp>.<ext>}), so two long names that start alike stay apart.
 * In log lines a name is {@link #shown} with its control characters escaped: a name holding a line break
 * cannot forge a log line.
 *
 * @param file     the name the file was dropped with
 * @param archived the name it is archived under, and its reports are named after
 */
public record DropName(String file, String archived) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS");
    /** The longest name of a file in the file systems the inbox lives on (ext4, XFS, APFS, NTFS: 255). */
    static final int MAX_NAME_BYTES = 255;
    /**
     * The longest suffix a drop's files add to its archived name: {@code .payloads.jsonl} (15), and the report's
     * temporary name {@code .<archived>.report.json.tmp} (17).
     */
    private static final int LONGEST_SUFFIX = 17;
    /** The longest extension kept as it is when a name is shortened. */
    private static final int MAX_EXTENSION_BYTES = 16;
    /** Hex digits of the whole name's SHA-256 in a shortened name. */
    private static final int HASH_DIGITS = 12;

    /** The names of a drop of {@code file} that started at {@code started} (local time in the name). */
    public static DropName of(String file, Instant started) {
        String stamp = STAMP.format(started.atZone(ZoneId.systemDefault()));
        int dot = file.lastIndexOf('.');
        String base = dot > 0 ? file.substring(0, dot) : file;
        String ext = dot > 0 ? file.substring(dot) : "";
        if (bytes(ext) > MAX_EXTENSION_BYTES) { // not an extension a table has: part of what is shortened
            base = file;
            ext = "";
        }
        int room = MAX_NAME_BYTES - LONGEST_SUFFIX - bytes("." + stamp) - bytes(ext);
        if (bytes(base) > room) {
            String hash = "~" + sha256(file).substring(0, HASH_DIGITS);
            base = prefix(base, room - hash.length()) + hash;
        }
        return new DropName(file, base + "." + stamp + ext);
    }

    /** The name dropped, as log lines show it: control characters escaped ({@code \n}, {@code \t}, {@code \u001b}). */
    public String shown() {
        return shown(file);
    }

    /** A file name as log lines show it: control characters (and backslashes) escaped, the rest as it is. */
    public static String shown(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String escaped = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (escaped != null && out == null) {
                out = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? name : out.toString();
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

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest start of {@code s} of at most {@code max} UTF-8 bytes, never splitting a character. */
    private static String prefix(String s, int max) {
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = bytes(new String(Character.toChars(cp)));
            if (used + n > max) {
                break;
            }
            used += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
