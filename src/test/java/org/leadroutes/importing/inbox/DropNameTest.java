package org.leadroutes.importing.inbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names a drop's files go by fit a file system's 255-byte name, whatever the name dropped. */
class DropNameTest {

    private static final Instant AT = Instant.parse("2026-11-23T02:15:00.123Z");

    @TempDir
    Path dir;

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static List<String> all(DropName n) {
        return List.of(n.archived(), n.report(), n.rejects(), n.results(), n.payloads(), "." + n.report() + ".tmp",
                n.archived() + ".csv");
    }

    @Test
    void anOrdinaryNameIsKeptWithTheStampBeforeItsExtension() {
        DropName n = DropName.of("leads.csv", AT);
        assertTrue(n.archived().matches("leads\\.\\d{8}-\\d{6}\\.123\\.csv"), n.archived());
        assertEquals("leads.csv", n.file());
    }

    @Test
    void everyNameOfALongDropFitsAndCanBeCreated() throws Exception {
        for (String file : List.of("a".repeat(251) + ".csv", "b".repeat(226) + ".csv", "é".repeat(125) + ".csv",
                "x".repeat(300), "n".repeat(240) + "." + "e".repeat(14))) {
            DropName n = DropName.of(file, AT);
            for (String name : all(n)) {
                assertTrue(bytes(name) <= 255, bytes(name) + " bytes: " + name);
                Files.writeString(dir.resolve(name), "x"); // the file system takes it
            }
            if (file.endsWith(".csv")) {
                assertTrue(n.archived().endsWith(".123.csv"), "the extension is kept: " + n.archived());
            }
        }
    }

    @Test
    void twoLongNamesThatStartAlikeGetDifferentNames() {
        String start = "Export of all leads ".repeat(12);
        DropName one = DropName.of(start + "week 1.csv", AT);
        DropName two = DropName.of(start + "week 2.csv", AT);
        assertNotEquals(one.archived(), two.archived());
        assertTrue(one.archived().startsWith("Export of all leads Export"), one.archived());
    }

    @Test
    void aShortenedNameNeverSplitsACharacter() {
        DropName n = DropName.of("😀".repeat(80) + ".csv", AT);
        String archived = n.archived();
        assertEquals(archived, new String(archived.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertFalse(archived.contains("\uFFFD"));
    }

    @Test
    void logLinesShowControlCharactersEscaped() {
        DropName n = DropName.of("evil\n2026-11-23 ERROR forged\r\t\u001b[31m.csv", AT);
        assertEquals("evil\\n2026-11-23 ERROR forged\\r\\t\\u001b[31m.csv", n.shown());
        assertFalse(n.shown().chars().anyMatch(Character::isISOControl));
        assertEquals("plain name.csv", DropName.shown("plain name.csv"));
        assertEquals("a\\\\n.csv", DropName.shown("a\\n.csv"), "a backslash is escaped too: no name looks escaped");
    }
}
