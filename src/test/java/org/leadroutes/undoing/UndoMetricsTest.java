package org.leadroutes.undoing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The undo's counters in the runtime's registry: what this process took back, kept, found gone. */
class UndoMetricsTest {

    @Test
    void eachWriteTakenBackIsCountedOnceInTheRegistry() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getRegistry().bind("metrics", registry);
            UndoMetrics metrics = new UndoMetrics();
            metrics.bindIfPresent(registry);
            metrics.bindIfPresent(registry); // a second start: no second registration

            metrics.ended(UndoTarget.Kind.LEAD, UndoTarget.Outcome.DELETED, 0);
            metrics.ended(UndoTarget.Kind.CONTACT, UndoTarget.Outcome.DELETED, 0);
            metrics.ended(UndoTarget.Kind.FIELDS, UndoTarget.Outcome.EMPTIED, 2);
            metrics.ended(UndoTarget.Kind.LEAD, UndoTarget.Outcome.KEPT, 0);
            metrics.ended(UndoTarget.Kind.LEAD, UndoTarget.Outcome.WOULD_DELETE, 0);
            metrics.undoEnded(false);

            assertEquals(1.0, registry.get("leads.undo.leads.deleted").functionCounter().count());
            assertEquals(1.0, registry.get("leads.undo.contacts.deleted").functionCounter().count());
            assertEquals(2.0, registry.get("leads.undo.fields.emptied").functionCounter().count());
            assertEquals(1.0, registry.get("leads.undo.kept").functionCounter().count());
            assertEquals(1.0, registry.get("leads.undo.runs").tag("status", "done").functionCounter().count());
            assertEquals(0.0, registry.get("leads.undo.runs").tag("status", "waiting").functionCounter().count());
        }
    }
}
