package org.leadroutes.importing;

import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A drop of many batches is not a deeper stack per batch. The million-row dry run hung at 8,452 rows: the batches'
 * split (parallel on the one look-up thread) ran each next turn inside the one before (caller-runs on a pool with no
 * queue), 16 frames deeper per batch, until a StackOverflowError the pool swallowed ended the split silently. This
 * drop of 200 batches would not overflow a default stack yet, so the test measures the cause: the stack under each
 * CRM call of the drop stays as deep as under the first look-up, whichever batch it is for.
 */
class ImportManyBatchesTest extends ImportTestSupport {

    private static final int BATCHES = 200;

    /** The deepest stack a call to the CRM client was made from, and the shallowest. */
    private final AtomicInteger deepest = new AtomicInteger();
    private final AtomicInteger shallowest = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.import.dry-run", "true"); // the hang's shape: look-ups on, sends that return at once
        return p;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeSendingEvent sending
                        && sending.getEndpoint().getEndpointUri().equals("direct://crm-call");
            }

            @Override
            public void notify(CamelEvent event) {
                int depth = Thread.currentThread().getStackTrace().length;
                deepest.accumulateAndGet(depth, Math::max);
                shallowest.accumulateAndGet(depth, Math::min);
                calls.incrementAndGet();
            }
        });
        return context;
    }

    @Test
    void manyBatchesAreLookedUpAtTheSameStackDepth() throws Exception {
        StringBuilder csv = new StringBuilder("Company Name,First Name,Last Name,Email\n");
        for (int i = 0; i < BATCHES * ImportSteps.BATCH; i++) {
            csv.append("Company ").append(i).append(" Inc,First").append(i).append(",Last").append(i)
                    .append(",p").append(i).append("@company").append(i).append(".example.com\n");
        }
        drop("many.csv", csv.toString());
        Map<String, Object> report = awaitReport("many.csv", "done"); // a dry run leaves the file in the inbox

        assertEquals((long) BATCHES * ImportSteps.BATCH, count(report, "leads"));
        assertEquals(BATCHES * ImportSteps.BATCH, Files.readAllLines(droppedReport(dataDir, "many.csv", "payloads.jsonl")).size());
        assertTrue(calls.get() >= BATCHES, "a look-up per batch: " + calls.get() + " CRM calls");
        // with the bug the last batches were looked up about 3,200 frames deeper than the first
        assertTrue(deepest.get() - shallowest.get() < 200, "CRM calls made from stacks of " + shallowest.get()
                + " to " + deepest.get() + " frames: the batches' split goes deeper per batch");
    }
}
