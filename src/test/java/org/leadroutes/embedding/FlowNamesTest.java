package org.leadroutes.embedding;

import org.leadroutes.TestKinds;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadroutes.app.AppTestSupport;
import org.leadroutes.exporting.ExportFlow;
import org.leadroutes.importing.ImportFlow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The YAML flows in {@code routes/} and the Java code agree on every name one of them depends on: the route ids
 * the code looks for ({@link ImportFlow}, {@link ExportFlow}), each bean and method the YAML calls (as
 * {@link LeadRoutes} binds them), each thread pool, each {@code direct:} endpoint and each variable. Renaming
 * a route, a bean or a method on one side only fails here, with the name, not in a flow test's time-out.
 */
@TestKinds.BootsFlow
class FlowNamesTest {

    private static final Pattern BEAN_IN_TEXT = Pattern.compile("\\$\\{bean:([\\w-]+)\\?method=(\\w+)}");
    private static final Pattern VARIABLE_IN_TEXT = Pattern.compile("\\$\\{variable\\.(\\w+)");

    private static Path data;
    private static CamelContext context;

    @BeforeAll
    static void bindTheBeans() throws Exception {
        data = Files.createTempDirectory("leads-flow-names");
        context = new DefaultCamelContext();
        Properties runtime = new Properties();
        runtime.setProperty("leads.crm.url", "http://127.0.0.1:1/api/v1");
        runtime.setProperty("leads.data-dir", data.toString());
        runtime.setProperty("leads.health.crm-check-ms", "0");
        context.getPropertiesComponent().setInitialProperties(runtime);
        context.addRoutes(new LeadRoutes()); // the beans the flows call, bound by name; the CRM client routes
    }

    @AfterAll
    static void close() throws Exception {
        context.close();
        AppTestSupport.deleteTree(data);
    }

    @Test
    void theRouteIdsTheCodeLooksForAreTheYamls() throws IOException {
        Set<String> ids = new HashSet<>();
        for (JsonNode route : flow("import.yaml").findValues("route")) {
            ids.add(route.path("id").asText());
        }
        for (JsonNode route : flow("export.yaml").findValues("route")) {
            ids.add(route.path("id").asText());
        }
        for (String id : List.of(ImportFlow.ROUTE, ExportFlow.ROUTE, ExportFlow.SCHEDULE_ROUTE, ExportFlow.ON_START_ROUTE)) {
            assertTrue(ids.contains(id), "the code looks for route '" + id + "'; routes/*.yaml has " + ids);
        }
        String exportFrom = flow("export.yaml").findValues("route").stream()
                .filter(r -> r.path("id").asText().equals(ExportFlow.ROUTE)).findFirst().orElseThrow()
                .path("from").path("uri").asText();
        assertEquals(ExportFlow.ENDPOINT, exportFrom, "schedules, one-shot runs and hosts send to " + ExportFlow.ENDPOINT);
    }

    @Test
    void everyBeanMethodTheYamlCallsExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String file : List.of("import.yaml", "export.yaml")) {
            for (String[] call : beanCalls(flow(file))) {
                Object bean = context.getRegistry().lookupByName(call[0]);
                if (bean == null) {
                    missing.add(file + ": no bean '" + call[0] + "'");
                } else if (Arrays.stream(bean.getClass().getMethods()).map(Method::getName).noneMatch(call[1]::equals)) {
                    missing.add(file + ": " + bean.getClass().getSimpleName() + " (bean '" + call[0] + "') has no public method '"
                            + call[1] + "'");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyThreadPoolAndDirectEndpointTheYamlNamesExists() throws IOException {
        Set<String> directs = new HashSet<>();
        for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            directs.add(route.getInput().getEndpointUri()); // the Java routes: the CRM client's
        }
        List<String> missing = new ArrayList<>();
        for (String file : List.of("import.yaml", "export.yaml")) {
            JsonNode flow = flow(file);
            for (JsonNode route : flow.findValues("route")) {
                directs.add(route.path("from").path("uri").asText());
            }
            for (JsonNode pool : flow.findValues("executorService")) {
                if (context.getRegistry().lookupByName(pool.asText()) == null) {
                    missing.add(file + ": no thread pool '" + pool.asText() + "'");
                }
            }
            for (String uri : texts(flow)) {
                if (uri.startsWith("direct:") && !directs.contains(uri)) {
                    missing.add(file + ": nothing consumes " + uri);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyRouteThatReadsAnInboxIsInTheLeadersGroup() throws IOException {
        List<String> inboxes = new ArrayList<>();
        for (String file : List.of("import.yaml", "undo.yaml", "export.yaml")) {
            for (JsonNode route : flow(file).findValues("route")) {
                String group = route.path("group").asText(null);
                if (route.path("from").path("uri").asText().startsWith("file:")) { // what a replica must not read beside the leader
                    inboxes.add(file + " " + route.path("id").asText() + ": " + group);
                } else {
                    assertTrue(!ImportFlow.LEADER_GROUP.equals(group), file + " " + route.path("id").asText()
                            + " reads no inbox: it runs on every replica");
                }
            }
        }
        assertEquals(List.of("import.yaml " + ImportFlow.ROUTE + ": " + ImportFlow.LEADER_GROUP,
                "undo.yaml " + org.leadroutes.undoing.UndoFlow.INBOX_ROUTE + ": " + ImportFlow.LEADER_GROUP), inboxes);
    }

    @Test
    void everyVariableTheYamlUsesIsDeclaredInTheCode() throws Exception {
        Set<String> declared = new HashSet<>();
        declared.addAll(constants(ImportFlow.class));
        declared.addAll(constants(ExportFlow.class));
        Set<String> used = new TreeSet<>();
        for (String file : List.of("import.yaml", "export.yaml")) {
            JsonNode flow = flow(file);
            for (JsonNode set : flow.findValues("setVariable")) {
                used.add(set.path("name").asText());
            }
            flow.findValues("variableReceive").forEach(v -> used.add(v.asText()));
            for (String text : texts(flow)) {
                Matcher m = VARIABLE_IN_TEXT.matcher(text);
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        used.removeAll(declared);
        assertEquals(Set.of(), used, "variables the YAML uses that ImportFlow/ExportFlow do not declare");
    }

    /** Each (bean, method) the flow calls: bean and method steps, method expressions, ${bean:x?method=y} in options. */
    private static List<String[]> beanCalls(JsonNode node) {
        List<String[]> calls = new ArrayList<>();
        collect(node, calls);
        return calls;
    }

    private static void collect(JsonNode node, List<String[]> calls) {
        if (node.isObject()) {
            for (String key : List.of("bean", "method")) {
                JsonNode call = node.get(key);
                if (call != null && call.isObject() && call.has("ref")) {
                    calls.add(new String[] {call.path("ref").asText(), call.path("method").asText()});
                }
            }
            node.forEach(child -> collect(child, calls));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, calls));
        } else if (node.isTextual()) {
            Matcher m = BEAN_IN_TEXT.matcher(node.asText());
            while (m.find()) {
                calls.add(new String[] {m.group(1), m.group(2)});
            }
        }
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> texts.addAll(texts(child)));
        return texts;
    }

    private static Set<String> constants(Class<?> names) throws IllegalAccessException {
        Set<String> values = new HashSet<>();
        for (Field field : names.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }

    private static JsonNode flow(String file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Path.of("routes", file).toFile());
    }
}
