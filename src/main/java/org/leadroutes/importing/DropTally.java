package org.leadroutes.importing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.leadroutes.crm.CrmTally;
import org.leadroutes.mapping.DroppedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one drop has done so far, counted as it goes (rows from one thread, leads from the senders), and the
 * progress line logged every {@code leads.import.progress-seconds}: rows read while staging, then rows done
 * with a rate and an ETA.
 */
final class DropTally {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");

    final AtomicLong rows = new AtomicLong();
    final AtomicLong leads = new AtomicLong();
    final AtomicLong rowsDone = new AtomicLong();
    final AtomicLong leadsCreated = new AtomicLong();
    final AtomicLong contactsCreated = new AtomicLong();
    /** A dry run's leads that the real run would create, and their contacts. */
    final AtomicLong leadsToCreate = new AtomicLong();
    final AtomicLong contactsToCreate = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong uncertain = new AtomicLong();
    final AtomicLong leadsMatched = new AtomicLong();
    final AtomicLong leadsUpdated = new AtomicLong();
    final AtomicLong contactsAdded = new AtomicLong();
    final AtomicLong uncertainResolved = new AtomicLong();
    /** Values left out of rows that went on, by reason. */
    private final java.util.Map<DroppedValue.Reason, AtomicLong> valuesDropped = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the drop's CRM calls met: retries, 429s. */
    final CrmTally crm = new CrmTally();

    private final String fileName;
    private final Instant started = Instant.now();
    private final long progressNanos;
    private final AtomicLong nextProgress;

    DropTally(String fileName, long progressSeconds) {
        this.fileName = fileName;
        this.progressNanos = Duration.ofSeconds(Math.max(1, progressSeconds)).toNanos();
        this.nextProgress = new AtomicLong(System.nanoTime() + progressNanos);
    }

    /** Counts the values left out of a row (or of a lead the CRM refused a field of). */
    void dropped(java.util.List<DroppedValue> values) {
        values.forEach(v -> valuesDropped.computeIfAbsent(v.reason(), r -> new AtomicLong()).incrementAndGet());
    }

    /** The values left out by reason key, the most frequent first. */
    java.util.Map<String, Long> valuesDropped() {
        java.util.Map<String, Long> byCount = new java.util.LinkedHashMap<>();
        valuesDropped.entrySet().stream()
                .sorted(java.util.Map.Entry.<DroppedValue.Reason, AtomicLong>comparingByValue(
                        java.util.Comparator.comparingLong(AtomicLong::get)).reversed()
                        .thenComparing(java.util.Map.Entry.comparingByKey()))
                .forEach(e -> byCount.put(e.getKey().key(), e.getValue().get()));
        return byCount;
    }

    Instant started() {
        return started;
    }

    private volatile Runnable moved = () -> { };

    void onProgress(Runnable moved) {
        this.moved = moved;
    }

    /** Logs progress when it is due: rows read while staging, then rows done with a rate and ETA. */
    void progress(boolean delivering, long rejected) {
        moved.run();
        long now = System.nanoTime();
        long due = nextProgress.get();
        if (now - due < 0 || !nextProgress.compareAndSet(due, now + progressNanos)) {
            return;
        }
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        if (!delivering) {
            LOG.info("{}: rows read {}, {} rows/s, {} rejected", fileName, rows.get(), Math.round(rows.get() / seconds),
                    rejected);
            return;
        }
        long done = rowsDone.get();
        double rate = done / seconds;
        String eta = rate > 0
                ? ", ETA " + Duration.ofSeconds((long) (Math.max(0, rows.get() - done) / rate)).toString().substring(2).toLowerCase()
                : "";
        LOG.info("{}: rows done {} of {}, {} rows/s, {} leads created, {} rejected{}", fileName, done, rows.get(),
                Math.round(rate), leadsCreated.get(), rejected, eta);
    }
}
