package org.leadroutes.importing;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.SplitDefinition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The importer outlives any one file: whatever a drop throws, Errors included (a StackOverflowError from a
 * pathological file, a NoClassDefFoundError from a broken installation), the file goes to .failed/ with a
 * report and the next drop imports. The failures are planted in the real flow, before its rows are read.
 */
class ImportResilienceTest extends ImportTestSupport {

    @Test
    void whateverADropThrowsTheFileGoesToFailedWithAReportAndTheNextDropImports() throws Exception {
        // a step of the flow (a bean, as every step of ours is) that throws
        AdviceWith.adviceWith(context, ImportFlow.ROUTE, a -> a.weaveByType(SplitDefinition.class).selectFirst().before()
                .bean(new Planted(), "fail"));

        Map<String, Throwable> failures = Map.of(
                "stack.csv", new StackOverflowError(),
                "class.csv", new NoClassDefFoundError("org/example/Missing"),
                "assert.csv", new AssertionError("a broken invariant"),
                "runtime.csv", new IllegalStateException("a bug"));
        for (String name : failures.keySet()) {
            Map<String, Object> report = importFile(name, "Company,Email\nNot " + name + ",x@" + name + ".example.com\n");
            assertEquals("failed", report.get("status"), name);
            String error = (String) report.get("error");
            assertTrue(error.contains(failures.get(name).getClass().getSimpleName()), name + ": " + error);
            assertTrue(java.nio.file.Files.exists(dataDir.resolve("inbox/.failed").resolve(archivedName(name))), name);
        }
        Map<String, Object> next = importFile("next.csv", "Company,Email\nNext Inc,n@next.example.com\n");
        assertEquals("done", next.get("status"));
        assertEquals(1, crm.leadCount());
    }

    @Test
    void anErrorWhileTheSplitReadsTheFileBecomesAnExceptionTheFlowCatches() {
        java.util.Iterator<String> failing = new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new StackOverflowError();
            }

            @Override
            public String next() {
                return "";
            }
        };
        java.util.Iterator<String> guarded = CrashGuard.guarded(failing);
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, guarded::hasNext);
        assertTrue(e.getCause() instanceof StackOverflowError);
        assertTrue(DropFailures.reason(e).startsWith("an unexpected failure (StackOverflowError)"), DropFailures.reason(e));
        org.junit.jupiter.api.Assertions.assertFalse(guarded.hasNext(), "failed once: no more elements");
        RuntimeException oom = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, CrashGuard.guarded(
                java.util.stream.Stream.<String>generate(() -> {
                    throw new OutOfMemoryError("Java heap space");
                }).iterator())::next);
        assertTrue(DropFailures.reason(oom).startsWith("out of memory while importing this file"), DropFailures.reason(oom));
    }

    public static final class Planted {
        public void fail(Exchange exchange) {
            plantedFailure(exchange);
        }
    }

    private static void plantedFailure(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        switch (file) {
            case "stack.csv" -> throw new StackOverflowError();
            case "class.csv" -> throw new NoClassDefFoundError("org/example/Missing");
            case "assert.csv" -> throw new AssertionError("a broken invariant");
            case "runtime.csv" -> throw new IllegalStateException("a bug");
            default -> {
            }
        }
    }
}
