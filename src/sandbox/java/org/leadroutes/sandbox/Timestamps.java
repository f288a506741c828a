package org.leadroutes.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Close writes timestamps with microseconds and an explicit {@code +00:00}; the paged CRM uses millis and Z. */
final class Timestamps {
    private static final DateTimeFormatter CLOSE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PAGED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String now() {
        return CLOSE.format(Instant.now());
    }

    static String format(Instant instant) {
        return CLOSE.format(instant);
    }

    /** Orders two ISO-8601 timestamps by the instant they name, whatever their offset or precision. */
    static int compare(String a, String b) {
        return OffsetDateTime.parse(a).toInstant().compareTo(OffsetDateTime.parse(b).toInstant());
    }

    /** Converts a Close timestamp to the paged CRM's form; null stays null. */
    static String toPaged(Object closeTimestamp) {
        if (closeTimestamp == null) {
            return null;
        }
        return PAGED.format(OffsetDateTime.parse(closeTimestamp.toString()));
    }
}
