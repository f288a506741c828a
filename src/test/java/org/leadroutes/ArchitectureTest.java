package org.leadroutes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packages point one way. Reads the sources of the three source folders (the library in src/main/java, the
 * sandbox CRM in src/sandbox/java, the runnable application in src/app/java), finds each class's references to
 * other {@code org.leadroutes} packages (imports, static and wildcard imports, fully qualified names in the code;
 * not comments or string literals, so a logger named after a package is no reference) and checks them against
 * {@link #ALLOWED}, the one table of what may use what. The library never uses the sandbox or the application.
 */
class ArchitectureTest {

    /**
     * Which of our packages each package may use. The table has no cycle (checked below), so adding a back edge
     * to make a test pass fails here too. The library's packages are crm (the CRM client and its vocabulary),
     * mapping, matching, importing, exporting, operating, replicas (several processes on one data folder) and
     * embedding (the facade a host embeds).
     */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("crm", Set.of()),
            Map.entry("mapping", Set.of("crm")),
            Map.entry("matching", Set.of("crm", "mapping")),
            Map.entry("importing", Set.of("crm", "mapping", "matching")),
            // the export's columns are the import's known headers and lead fields, so an export reads back in
            Map.entry("exporting", Set.of("crm", "mapping")),
            // taking a drop back out of the CRM: what the import recorded of its writes, the CRM client, the cells' escaping
            Map.entry("undoing", Set.of("crm", "mapping", "importing")),
            Map.entry("operating", Set.of("crm", "importing", "exporting")),
            // several replicas on one data folder: PostgreSQL, Camel's cluster SPI and Quartz; of ours, the two
            // hooks replicas implement: the import's ImportPermit and the export's FiringClaims; the inbox routes'
            // ids (ImportFlow's, UndoFlow's), which run on the leader only
            Map.entry("replicas", Set.of("importing", "exporting", "undoing")),
            Map.entry("embedding", Set.of("crm", "mapping", "matching", "importing", "exporting", "operating", "replicas",
                    "undoing")),
            // the sandbox CRM stands alone: it speaks the Close API, it knows nothing of the client
            Map.entry("sandbox", Set.of()),
            Map.entry("app", Set.of("crm", "importing", "exporting", "operating", "embedding", "replicas", "sandbox",
                    "undoing")));

    /**
     * Inside a package, its sub-packages point one way too: the import flow's own classes (importing) use its parts,
     * the parts never use the flow. Each package of importing with those of importing it may use.
     */
    static final Map<String, Set<String>> WITHIN = Map.of(
            "importing", Set.of("importing.inbox", "importing.ledger"),
            // what a drop leaves behind (ledger, tries, report, rejects, results) is named after the drop's file
            "importing.ledger", Set.of("importing.inbox"),
            "importing.inbox", Set.of());

    /** The packages each source folder holds. */
    static final Map<String, Set<String>> FOLDERS = Map.of(
            "src/main/java", Set.of("crm", "mapping", "matching", "importing", "exporting", "operating", "embedding",
                    "replicas", "undoing"),
            "src/sandbox/java", Set.of("sandbox"),
            "src/app/java", Set.of("app"));

    /**
     * References the table does not allow, kept until the change that removes them is in: class -> package.
     * Each must still exist (a stale entry fails), so the list only shrinks.
     */
    static final Map<String, Set<String>> PENDING = Map.of();

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+org\\.leadroutes\\.([a-z_][a-z0-9_]*)[\\w.]*\\s*;",
            Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\s*\\.\\s*leadroutes\\s*\\.\\s*([a-z_][a-z0-9_]*)\\b");
    private static final Pattern PACKAGE_PATH = Pattern.compile("^\\s*package\\s+org\\.leadroutes\\.([\\w.]+)\\s*;",
            Pattern.MULTILINE);
    /** A package named with its sub-packages: the lower-case names before the first class name. */
    private static final Pattern SUB_PACKAGE = Pattern.compile(
            "\\borg\\s*\\.\\s*leadroutes\\s*\\.\\s*([a-z_][a-z0-9_]*(?:\\s*\\.\\s*[a-z_][a-z0-9_]*)*)");

    @Test
    void packagesUseOnlyWhatTheTableAllows() {
        Map<String, Set<String>> used = new TreeMap<>(); // class -> our other packages it uses
        Map<String, String> packageOf = new TreeMap<>();
        List<String> misplaced = new ArrayList<>();
        FOLDERS.forEach((folder, packages) -> sources(Path.of(folder)).forEach(file -> {
            String text = read(file);
            Matcher p = PACKAGE.matcher(text);
            assertTrue(p.find(), "no org.leadroutes package declared in " + file);
            String pkg = p.group(1);
            if (!packages.contains(pkg)) {
                misplaced.add(file + " (package " + pkg + ")");
            }
            String name = "org.leadroutes." + pkg + "." + file.getFileName().toString().replace(".java", "");
            packageOf.put(name, pkg);
            Set<String> refs = new TreeSet<>(references(text));
            refs.remove(pkg);
            used.put(name, refs);
        }));
        assertEquals(List.of(), misplaced, "classes in a source folder that is not their package's");
        assertTrue(used.keySet().stream().anyMatch(c -> c.startsWith("org.leadroutes.crm.")), "the sources were read: " + used.keySet());

        List<String> wrong = new ArrayList<>();
        used.forEach((cls, refs) -> {
            String pkg = packageOf.get(cls);
            Set<String> allowed = ALLOWED.get(pkg);
            if (allowed == null) {
                wrong.add(cls + ": package " + pkg + " is not in ArchitectureTest.ALLOWED");
                return;
            }
            for (String ref : refs) {
                if (!allowed.contains(ref) && !PENDING.getOrDefault(cls, Set.of()).contains(ref)) {
                    wrong.add(cls + " uses org.leadroutes." + ref + " (" + pkg + " may use " + new TreeSet<>(allowed) + ")");
                }
            }
        });
        assertEquals(List.of(), wrong, "references against the direction of ArchitectureTest.ALLOWED");

        PENDING.forEach((cls, refs) -> assertTrue(used.containsKey(cls) && used.get(cls).containsAll(refs),
                cls + " no longer uses " + refs + ": remove it from ArchitectureTest.PENDING"));
    }

    @Test
    void subPackagesUseOnlyWhatWithinAllows() {
        List<String> wrong = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Path file : sources(Path.of("src/main/java"))) {
            String text = read(file);
            Set<String> names = subPackages(text);
            Matcher declared = PACKAGE_PATH.matcher(text);
            assertTrue(declared.find(), "no org.leadroutes package declared in " + file);
            String pkg = declared.group(1);
            String top = pkg.split("\\.")[0];
            if (WITHIN.keySet().stream().noneMatch(p -> p.equals(top) || p.startsWith(top + "."))) {
                continue; // a package without sub-packages to keep apart
            }
            seen.add(pkg);
            if (!WITHIN.containsKey(pkg)) {
                wrong.add(file + ": package " + pkg + " is not in ArchitectureTest.WITHIN");
                continue;
            }
            for (String used : names) {
                if (!used.equals(pkg) && (used.equals(top) || used.startsWith(top + "."))
                        && !WITHIN.get(pkg).contains(used)) {
                    wrong.add(file + " uses org.leadroutes." + used + " (" + pkg + " may use " + WITHIN.get(pkg) + ")");
                }
            }
        }
        assertEquals(WITHIN.keySet(), seen, "the sources were read: each package of WITHIN holds classes");
        assertEquals(List.of(), wrong, "references against the direction of ArchitectureTest.WITHIN");
        for (String pkg : WITHIN.keySet()) {
            assertTrue(!reachable(WITHIN, pkg).contains(pkg), pkg + " reaches itself through ArchitectureTest.WITHIN");
        }
        assertEquals(Set.of("importing", "importing.inbox", "importing.ledger"), subPackages("""
                package org.leadroutes.importing.ledger;
                import org.leadroutes.importing.inbox.DropName;
                class X { Object d = org.leadroutes.importing.Drop.class; } // org.leadroutes.importing.sending
                """), "sub-packages are told apart, in code only");
    }

    @Test
    void theLibraryNeverUsesTheSandboxOrTheApplication() {
        for (String pkg : FOLDERS.get("src/main/java")) {
            Set<String> reachable = reachable(pkg);
            assertTrue(!reachable.contains("sandbox") && !reachable.contains("app"), pkg + " reaches " + reachable);
        }
    }

    @Test
    void theTableHasNoCycle() {
        for (String pkg : ALLOWED.keySet()) {
            assertTrue(!reachable(pkg).contains(pkg), pkg + " reaches itself through ArchitectureTest.ALLOWED: " + reachable(pkg));
            assertTrue(ALLOWED.keySet().containsAll(ALLOWED.get(pkg)), pkg + " may use a package the table does not know");
        }
    }

    @Test
    void referencesAreFoundInCodeNotInCommentsOrStrings() {
        String code = """
                package org.leadroutes.exporting;
                import org.leadroutes.crm.CrmTally;
                import static org.leadroutes.mapping.LeadField.NAME;
                import org.leadroutes.matching.*;
                /** {@link org.leadroutes.sandbox.SandboxCrm} */
                class X { // org.leadroutes.app
                    Logger log = LoggerFactory.getLogger("org.leadroutes.importing");
                    char c = '"';
                    String block = \"""
                        org.leadroutes.embedding
                        \""";
                    Object o = org.leadroutes.operating.RunRecord.FAILED; /* org.leadroutes.app */
                    Object p = org.leadroutes
                            .importing.ImportSettings.class;
                }
                """;
        assertEquals(Set.of("exporting", "crm", "mapping", "matching", "operating", "importing"), references(code));
    }

    /** The packages {@code pkg} reaches through the table, directly or not. */
    private static Set<String> reachable(String pkg) {
        return reachable(ALLOWED, pkg);
    }

    private static Set<String> reachable(Map<String, Set<String>> table, String pkg) {
        Set<String> seen = new TreeSet<>();
        List<String> next = new ArrayList<>(table.getOrDefault(pkg, Set.of()));
        while (!next.isEmpty()) {
            String p = next.remove(next.size() - 1);
            if (seen.add(p)) {
                next.addAll(table.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }

    /** Our packages a source names in its code (its own too), each with its sub-packages: {@code importing.inbox}. */
    static Set<String> subPackages(String source) {
        Set<String> found = new TreeSet<>();
        Matcher m = SUB_PACKAGE.matcher(code(source));
        while (m.find()) {
            found.add(m.group(1).replaceAll("\\s", ""));
        }
        return found;
    }

    /** Our packages a source names in its code (its own package too). */
    static Set<String> references(String source) {
        Set<String> found = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code(source));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The source with comments, string and character literals (text blocks too) blanked out. */
    static String code(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int j = i + 3;
                while (j < s.length() && !s.startsWith("\"\"\"", j)) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(s.length(), j + 3);
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(s.length(), j + 1);
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static List<Path> sources(Path folder) {
        assertTrue(Files.isDirectory(folder), "no source folder " + folder.toAbsolutePath());
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
