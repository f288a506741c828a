package org.leadroutes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every test class that boots the flows, starts a JVM or uses PostgreSQL carries that {@link TestKinds} tag, so
 * the quick profile, which leaves the tagged classes out, runs only tests that boot nothing.
 */
class TestKindsTest {

    /** What in a test's source shows it needs a tag: the tag -> the sign. */
    static final Map<String, Pattern> SIGNS = Map.of(
            TestKinds.FLOW, Pattern.compile("extends CamelMainTestSupport|\\.addRoutes\\(|new LeadRoutes\\(|routes-include-pattern"),
            TestKinds.JVM, Pattern.compile("\"java\\.home\""),
            TestKinds.POSTGRES, Pattern.compile("\\bTestDatabase\\b"));

    @Test
    void everyTestThatBootsSomethingCarriesItsTag() throws IOException {
        Map<String, Set<String>> missing = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            sources = files.filter(f -> f.toString().endsWith("Test.java") || f.toString().endsWith("TestSupport.java"))
                    .filter(f -> !f.getFileName().toString().equals("TestKindsTest.java")) // its own signs
                    .toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            String name = Path.of("src/test/java").relativize(source).toString()
                    .replace(".java", "").replace('/', '.').replace('\\', '.');
            Set<String> tags;
            try {
                tags = AnnotationSupport.findRepeatableAnnotations(Class.forName(name), Tag.class).stream()
                        .map(Tag::value).collect(Collectors.toSet());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(name + " has no class", e);
            }
            SIGNS.forEach((tag, sign) -> {
                if (sign.matcher(text).find() && !tags.contains(tag)) {
                    missing.computeIfAbsent(name, n -> new java.util.TreeSet<>()).add(tag);
                }
            });
        }
        assertEquals(Map.of(), missing, "test classes without the tag of what they start (see TestKinds)");
    }
}
