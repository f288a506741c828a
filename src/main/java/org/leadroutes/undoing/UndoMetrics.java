package org.leadroutes.undoing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The undo's counters, next to the import's in the runtime's Micrometer registry (Prometheus at
 * {@code /observe/metrics} in the jar): leads and contacts deleted, fields emptied, what was kept, already gone or
 * failed, and the undos that ended or wait for the CRM. A preview counts nothing. The CRM calls an undo makes are
 * in {@code leads.crm.calls} by their group ({@code DELETE /lead/{id}/}, …).
 */
public final class UndoMetrics {

    final AtomicLong leadsDeleted = new AtomicLong();
    final AtomicLong contactsDeleted = new AtomicLong();
    final AtomicLong fieldsEmptied = new AtomicLong();
    final AtomicLong kept = new AtomicLong();
    final AtomicLong alreadyGone = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong undosDone = new AtomicLong();
    final AtomicLong undosWaiting = new AtomicLong();
    private final AtomicBoolean bound = new AtomicBoolean();

    /** A write this run (not a preview) ended with {@code outcome}; {@code fields}: how many fields it emptied. */
    void ended(UndoTarget.Kind kind, UndoTarget.Outcome outcome, long fields) {
        switch (outcome) {
            case DELETED -> (kind == UndoTarget.Kind.LEAD ? leadsDeleted : contactsDeleted).incrementAndGet();
            case EMPTIED -> fieldsEmptied.addAndGet(fields);
            case KEPT -> kept.incrementAndGet();
            case GONE -> alreadyGone.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            default -> { } // a preview's, or waiting: counted when it ends
        }
    }

    /** An undo (not a preview) ended, or stopped to wait for the CRM. */
    void undoEnded(boolean waiting) {
        (waiting ? undosWaiting : undosDone).incrementAndGet();
    }

    /** Registers the meters once in the runtime's registry (found by the caller; null: none, nothing registered). */
    public void bindIfPresent(MeterRegistry registry) {
        if (registry == null || !bound.compareAndSet(false, true)) {
            return;
        }
        counter(registry, "leads.undo.leads.deleted", "leads a drop created, deleted by an undo", leadsDeleted);
        counter(registry, "leads.undo.contacts.deleted", "contacts a drop added to existing leads, deleted by an undo",
                contactsDeleted);
        counter(registry, "leads.undo.fields.emptied", "fields a drop filled, emptied by an undo", fieldsEmptied);
        counter(registry, "leads.undo.kept", "writes an undo kept: changed in the CRM since the drop", kept);
        counter(registry, "leads.undo.already.gone", "leads and contacts an undo found gone", alreadyGone);
        counter(registry, "leads.undo.failed", "writes the CRM refused to take back", failed);
        FunctionCounter.builder("leads.undo.runs", undosDone, AtomicLong::get).tag("status", "done")
                .description("undos that ended").register(registry);
        FunctionCounter.builder("leads.undo.runs", undosWaiting, AtomicLong::get).tag("status", "waiting")
                .description("undos that ended").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
    }
}
