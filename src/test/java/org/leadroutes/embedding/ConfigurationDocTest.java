package org.leadroutes.embedding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.leadroutes.embedding.SettingsCatalogue.Section;
import org.leadroutes.embedding.SettingsCatalogue.Setting;
import org.leadroutes.embedding.SettingsCatalogue.Type;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings reference in {@code docs/configuration.md} is generated from the catalogue
 * ({@code src/main/resources/org/leadroutes/settings.yaml}); the prose around it is written by hand. This
 * test fails when the file's generated part differs from the catalogue. To regenerate it:
 *
 * <pre>mvn -q test -Dtest=ConfigurationDocTest -Ddocs.write=true</pre>
 *
 * The same command regenerates the Spring Boot IDE metadata ({@code META-INF/spring-configuration-metadata.json}:
 * each key's type, default, description and allowed values) from the same catalogue.
 *
 * (The switch is not a {@code leads.*} name: the start-up check would refuse one it does not know.)
 */
class ConfigurationDocTest {

    static final Path DOC = Path.of("docs/configuration.md");
    static final String REGENERATE = "mvn -q test -Dtest=ConfigurationDocTest -Ddocs.write=true";
    static final String BEGIN = "<!-- BEGIN settings generated from src/main/resources/org/leadroutes/settings.yaml;"
            + " edit the catalogue, then: " + REGENERATE + " -->";
    static final String END = "<!-- END generated settings -->";

    @Test
    void theConfigurationReferenceIsTheCatalogues() throws Exception {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, DOC + " must hold the generated part between\n" + BEGIN + "\nand\n" + END);
        String expected = doc.substring(0, begin) + BEGIN + "\n" + render(SettingsCatalogue.load()) + END
                + doc.substring(end + END.length());
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(DOC, expected);
            doc = expected;
        }
        assertEquals(expected, doc, DOC + " differs from the settings catalogue; regenerate it with: " + REGENERATE);
    }

    static final Path SPRING_METADATA = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");

    @Test
    void theSpringBootMetadataIsTheCatalogues() throws Exception {
        String expected = springMetadata(SettingsCatalogue.load());
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(SPRING_METADATA, expected);
        }
        String actual = Files.exists(SPRING_METADATA) ? Files.readString(SPRING_METADATA) : "";
        assertEquals(expected, actual, SPRING_METADATA + " differs from the settings catalogue; regenerate it with: " + REGENERATE);
    }

    /**
     * Spring Boot's configuration metadata: a property per setting (the sandbox's are the runnable jar's, left
     * out), its Java type, default and description, and the allowed values of an enum as hints.
     */
    static String springMetadata(SettingsCatalogue catalogue) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = org.leadroutes.crm.Json.MAPPER;
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        root.putArray("groups").addObject().put("name", "leads")
                .put("description", "crm-lead-routes: lead import and export (docs/configuration.md)");
        com.fasterxml.jackson.databind.node.ArrayNode properties = root.putArray("properties");
        com.fasterxml.jackson.databind.node.ArrayNode hints = root.putArray("hints");
        for (Section section : catalogue.sections()) {
            if (section.name().equals(LeadSettings.SANDBOX_SECTION)) {
                continue;
            }
            for (Setting setting : section.settings()) {
                com.fasterxml.jackson.databind.node.ObjectNode property = properties.addObject()
                        .put("name", setting.key()).put("type", javaType(setting.type()))
                        .put("description", setting.description().replace("`", "") + (setting.secret() ? " (a secret)" : ""));
                setting.byDefault().filter(d -> !d.isEmpty()).ifPresent(d -> {
                    switch (setting.type()) {
                        case FLAG -> property.put("defaultValue", Boolean.parseBoolean(d));
                        case INTEGER -> property.put("defaultValue", Long.parseLong(d));
                        case DECIMAL -> property.put("defaultValue", new java.math.BigDecimal(d));
                        default -> property.put("defaultValue", d);
                    }
                });
                if (setting.type() == Type.ENUM) {
                    com.fasterxml.jackson.databind.node.ArrayNode values = hints.addObject().put("name", setting.key())
                            .putArray("values");
                    setting.values().forEach(v -> values.addObject().put("value", v));
                }
            }
        }
        return org.leadroutes.crm.Json.INDENTED.writeValueAsString(root) + "\n";
    }

    private static String javaType(Type type) {
        return switch (type) {
            case FLAG -> "java.lang.Boolean";
            case INTEGER -> "java.lang.Long";
            case DECIMAL -> "java.lang.Double";
            default -> "java.lang.String";
        };
    }

    /** Every relative link of the README and docs/ names a file that exists (and a heading, for a #part). */
    @Test
    void theReadmeAndDocsLinksResolve() throws Exception {
        java.util.List<Path> pages = new java.util.ArrayList<>(java.util.List.of(Path.of("README.md")));
        try (java.util.stream.Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        java.util.List<String> broken = new java.util.ArrayList<>();
        java.util.regex.Pattern link = java.util.regex.Pattern.compile("\\]\\(([^)\\s]+)\\)");
        for (Path page : pages) {
            java.util.regex.Matcher m = link.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target);
                } else if (target.contains("#") && resolved.toString().endsWith(".md")
                        && !headings(resolved).contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(java.util.List.of(), broken);
    }

    /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as -. */
    private static java.util.Set<String> headings(Path page) throws java.io.IOException {
        return Files.readAllLines(page).stream().filter(l -> l.matches("#+ .*"))
                .map(l -> l.replaceFirst("#+ ", "").strip().toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    /** The reference: one table per section, in the catalogue's order. */
    static String render(SettingsCatalogue catalogue) {
        StringBuilder out = new StringBuilder();
        for (Section section : catalogue.sections()) {
            out.append("\n## ").append(section.title()).append("\n\n");
            if (section.description() != null) {
                out.append(section.description()).append("\n\n");
            }
            out.append("| key | default | type | description |\n| --- | --- | --- | --- |\n");
            for (Setting setting : section.settings()) {
                out.append("| `").append(setting.key()).append("` | ")
                        .append(setting.byDefault().map(d -> d.isEmpty() ? "empty" : code(d)).orElse("unset"))
                        .append(" | ").append(type(setting))
                        .append(" | ").append(cell(setting.description())).append(" |\n");
            }
        }
        return out.append("\n").toString();
    }

    private static String type(Setting setting) {
        String type = setting.type().toString();
        if (setting.type() == Type.ENUM) {
            type += ": " + setting.values().stream().map(ConfigurationDocTest::code).collect(Collectors.joining(", "));
        }
        if (!setting.range().isEmpty()) {
            type += ", " + setting.range();
        }
        if (!setting.schemes().isEmpty()) {
            type += ": " + setting.schemes().stream().map(ConfigurationDocTest::code).collect(Collectors.joining(", "));
        }
        return setting.secret() ? type + ", **secret**" : type;
    }

    private static String code(String value) {
        return "`" + cell(value) + "`";
    }

    /** A table cell: a | would end it. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
