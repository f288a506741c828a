package org.leadroutes.importing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.leadroutes.crm.Json;
import org.leadroutes.importing.inbox.DropFile;
import org.leadroutes.importing.inbox.DropName;
import org.leadroutes.importing.ledger.DropLedger;
import org.leadroutes.importing.ledger.DropWrites;
import org.leadroutes.importing.ledger.RejectsFile;
import org.leadroutes.importing.ledger.ResultsFile;
import org.leadroutes.mapping.LeadAssembler.PendingLead;
import org.leadroutes.mapping.DroppedValue;
import org.leadroutes.mapping.MappedRow;

/**
 * Where a drop's outcomes are written, each once: the ledger (append-only; what a later drop of the same
 * content passes over), the results file (every row with its lead, contact and action), the rejects file (the
 * rows to fix, with their reason) and, in a dry run, the payloads file. Leads finish on the senders' threads.
 */
final class DropOutcomes implements AutoCloseable {

    private final boolean dryRun;
    private final DropLedger ledger;
    private final RejectsFile rejects;
    private final ResultsFile results;
    private final Path resultsWork;
    private final Path payloadsPath;
    private final BufferedWriter payloads;
    private final DropTally tally;
    private final UncertainCreates uncertainCreates;
    private final DropWrites writes;

    DropOutcomes(DropName name, DropFile file, ImportSettings settings, Path ledgerDir, DropTally tally) throws IOException {
        this.dryRun = settings.dryRun();
        this.tally = tally;
        this.ledger = DropLedger.open(ledgerDir, file.sha256(), dryRun);
        this.writes = DropWrites.open(ledgerDir, name.archived(), dryRun, java.time.Clock.systemUTC());
        // work files of this try's own: another replica's try of the same content (a takeover) has its own
        removeStaleWorkFiles(settings.stateDir(), file.sha256());
        String work = file.sha256() + "-" + WORKER + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        this.rejects = new RejectsFile(settings.reportsDir().resolve(name.rejects()),
                settings.stateDir().resolve(work + ".rejects.csv"), file.headers(), settings.escapeFormulas());
        this.resultsWork = settings.stateDir().resolve(work + ".results");
        this.results = new ResultsFile(settings.reportsDir().resolve(name.results()), resultsWork, file.headers(),
                settings.escapeFormulas());
        this.payloadsPath = settings.reportsDir().resolve(name.payloads());
        this.payloads = dryRun ? Files.newBufferedWriter(Files.createDirectories(settings.reportsDir()).resolve(
                name.payloads()), StandardCharsets.UTF_8) : null;
        this.uncertainCreates = new UncertainCreates(settings.uncertainPause(), settings.uncertainMaxWait(),
                java.time.Clock.systemUTC());
    }

    /**
     * The work files the killed tries of a content set aside left in {@code state/} (its spill folder, their rejects
     * and results work files), which no later try of it would remove: no try of it runs now, one drop at a time.
     */
    static void removeWorkLeftBy(Path stateDir, String sha256) throws IOException {
        GroupSpill.remove(stateDir.resolve(sha256 + ".work"));
        removeStaleWorkFiles(stateDir, sha256);
    }

    /** How long a try's work files of another host may be left before they are taken for a killed try's. */
    static final java.time.Duration STALE_WORK = java.time.Duration.ofDays(1);

    /** Who writes a try's work files: {@code <host>.<pid>}, in their names. */
    static final String WORKER = workerName();

    private static String workerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host.replaceAll("[^A-Za-z0-9_.]", "_") + "." + ProcessHandle.current().pid();
    }

    /**
     * Removes the work files of this content that tries of processes no longer running left behind: a process of this
     * host that has ended (killed; its pid gone, or now a process started after the file was written), or, of another
     * host (a replica), files untouched for {@link #STALE_WORK}. A try of another replica that runs now (a takeover's
     * overlap) keeps its own.
     */
    private static void removeStaleWorkFiles(Path stateDir, String sha256) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return;
        }
        String host = WORKER.substring(0, WORKER.lastIndexOf('.') + 1);
        java.time.Instant stale = java.time.Instant.now().minus(STALE_WORK);
        try (var left = Files.newDirectoryStream(stateDir, sha256 + "-*.{rejects.csv,results}")) {
            for (Path file : left) {
                String worker = file.getFileName().toString().substring(sha256.length() + 1);
                worker = worker.substring(0, Math.max(0, worker.lastIndexOf('-')));
                boolean thisHost = worker.startsWith(host) && worker.substring(host.length()).matches("\\d+");
                java.time.Instant written = Files.getLastModifiedTime(file).toInstant();
                // of this host: its process has ended, or the pid now names a process started after the file was
                // written (a container's JVM is pid 1 at every start)
                boolean ended = thisHost && ProcessHandle.of(Long.parseLong(worker.substring(host.length())))
                        .filter(ProcessHandle::isAlive).flatMap(p -> p.info().startInstant())
                        .map(started -> started.isAfter(written)).orElse(true);
                if (ended || !thisHost && written.isBefore(stale)) {
                    try (var tree = Files.walk(file)) { // the results' work folder with its parts
                        for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
    }

    /** The creates of this drop whose outcome is unknown, looked up at its end. */
    UncertainCreates uncertainCreates() {
        return uncertainCreates;
    }

    /**
     * A create whose outcome is unknown: recorded as uncertain in the ledger now (a crash leaves it so, never sent
     * again), its rows written when the look-up at the end of the drop has found it or not ({@link #settleUncertain}).
     */
    void uncertainCreate(PendingLead lead, Map<String, Object> payload, String reason, java.time.Instant sentAt,
                         Map<Long, List<DroppedValue>> refused) {
        ledger.uncertain(lead.groupKey(), sentAt);
        uncertainCreates.add(lead, payload, reason, sentAt, refused);
    }

    /**
     * A create an earlier try of this drop left uncertain, with the time it was sent: looked up at the end of this
     * try like the uncertain creates of this one (the ledger already says uncertain). Never sent again.
     */
    void uncertainBefore(PendingLead lead, String reason, java.time.Instant sentAt) {
        uncertainCreates.add(lead, lead.payload(), reason, sentAt, Map.of());
    }

    /** The uncertain creates once looked up: those found were created; the others stay uncertain. */
    void settleUncertain(boolean waiting) {
        for (UncertainCreates.Pending p : uncertainCreates.found()) {
            ledger.created(p.lead.groupKey(), p.foundId);
            writes.created(p.foundId, p.contactIds);
            rowResults(p.lead, p.foundId, p.contactIds, "created", p.refused);
            p.refused.values().forEach(this::dropped); // counted as written: the results file names them
            tally.leadsCreated.incrementAndGet();
            tally.contactsCreated.addAndGet(p.lead.contacts());
            tally.uncertainResolved.incrementAndGet();
            done(p.lead);
        }
        String lookedUp = uncertainCreates.lookedUp();
        for (UncertainCreates.Pending p : uncertainCreates.unresolved()) {
            tally.uncertain.incrementAndGet();
            if (waiting) { // the drop waits for the CRM: its next try looks the lead up (the ledger has its sentAt)
                continue;
            }
            rejected(p.lead, p.reason + "; " + lookedUp + ": check the CRM for '" + p.name()
                    + "'; if it is not there, drop this rejects file again", "uncertain");
        }
        uncertainCreates.clear();
    }

    /** What an earlier drop of the same content recorded for the lead, or null. */
    DropLedger.Entry earlier(PendingLead lead) {
        return ledger.earlier(lead.groupKey());
    }

    boolean hasHistory() {
        return ledger.hasHistory();
    }

    /** A row the mapping refused: rejected with its reason, never sent. */
    void rowRejected(long line, List<String> cells, String reason) {
        rejects.reject(cells, "line " + line + ": " + reason);
        results.row(line, cells, null, null, "rejected", reason, null);
        tally.rowsDone.incrementAndGet();
    }

    /** A line that is not a row (a footer, a preamble): kept in the results file with the reason. */
    void lineSkipped(long line, List<String> cells, String why) {
        results.row(line, cells, null, null, "skipped-line", why, null);
    }

    /** An earlier drop of the same content created or matched this lead: its rows are passed over. */
    /** The leads a try of this drop that read less of the file created, by group: merged into, counted as created. */
    private final Map<String, String> createdByEarlierTry = new java.util.concurrent.ConcurrentHashMap<>();

    void createdByEarlierTry(PendingLead lead, String leadId) {
        if (leadId != null) {
            createdByEarlierTry.put(lead.groupKey(), leadId);
        }
    }

    void settledBefore(PendingLead lead, String leadId) {
        tally.skipped.incrementAndGet();
        tally.rowsDone.addAndGet(lead.rows().size());
        for (MappedRow row : lead.rows()) {
            results.row(row.row(), row.original(), leadId, null, "skipped",
                    "an earlier drop of the same content settled this lead", DroppedValue.joined(row.dropped()));
        }
    }

    /** Values left out of a lead after the rows were staged (the CRM refused them): counted in the report. */
    void dropped(List<DroppedValue> values) {
        tally.dropped(values);
    }

    /** The intent to create the lead, before the call: a crash after it makes the next run look the lead up first. */
    void sending(PendingLead lead) {
        ledger.sending(lead.groupKey());
    }

    /** @param contactIds the ids of the payload's contacts, in its order, as the CRM answered */
    void created(PendingLead lead, String leadId, List<String> contactIds) {
        created(lead, leadId, contactIds, Map.of());
    }

    /**
     * @param refused the values the CRM refused, left out of the lead sent again, by the line of the row they
     *                came from
     */
    void created(PendingLead lead, String leadId, List<String> contactIds, Map<Long, List<DroppedValue>> refused) {
        ledger.created(lead.groupKey(), leadId);
        writes.created(leadId, contactIds);
        rowResults(lead, leadId, contactIds, "created", refused);
        refused.values().forEach(this::dropped); // counted as written: the results file names them
        tally.leadsCreated.incrementAndGet();
        tally.contactsCreated.addAndGet(lead.contacts());
        done(lead);
    }

    /**
     * The lead is one the CRM already held: left alone, or merged into (contacts added, empty fields
     * filled). Recorded like a created lead, so the same content dropped again passes it over.
     */
    void matched(PendingLead lead, String leadId, int contactsAdded, boolean fieldsFilled, List<String> contactIds,
                 String action) {
        rowResults(lead, leadId, contactIds, action, Map.of());
        if (!dryRun) {
            ledger.created(lead.groupKey(), leadId);
        }
        if (leadId.equals(createdByEarlierTry.get(lead.groupKey()))) {
            tally.leadsCreated.incrementAndGet(); // this drop's own lead, from its try that read less of the file
        } else {
            tally.leadsMatched.incrementAndGet();
        }
        tally.contactsAdded.addAndGet(contactsAdded);
        if (fieldsFilled) {
            tally.leadsUpdated.incrementAndGet();
        }
        done(lead);
    }

    /** A merge added a contact to a lead the CRM already had: recorded at once, for an undo of the drop. */
    void contactAdded(String leadId, String contactId) {
        if (contactId != null) {
            writes.contactAdded(leadId, contactId);
        }
    }

    /** A merge filled empty fields of a lead the CRM already had ({@code lead}: as it stood before), for an undo. */
    void fieldsFilled(String leadId, Map<String, Object> patch, Map<String, Object> lead) {
        writes.fieldsFilled(leadId, patch, lead);
    }

    /** Refused before anything was sent (an ambiguous match, a failed look-up): a later drop may try again. */
    void refusedBeforeSending(PendingLead lead, String reason) {
        rejected(lead, reason, "rejected");
    }

    /** A dry run: the payload that would be sent. */
    void preview(PendingLead lead) throws IOException {
        rowResults(lead, null, List.of(), "would-create", Map.of());
        tally.leadsToCreate.incrementAndGet();
        tally.contactsToCreate.addAndGet(lead.contacts());
        synchronized (payloads) {
            payloads.write(Json.MAPPER.writeValueAsString(lead.payload()));
            payloads.write('\n');
        }
        done(lead);
    }

    /** The lead was not created (refused, or never taken): its rows are rejected, a later drop may send it. */
    void notCreated(PendingLead lead, String reason) {
        if (!dryRun) {
            ledger.notCreated(lead.groupKey());
        }
        rejected(lead, reason, "rejected");
    }

    /**
     * The CRM did not apply the lead's calls (an outage): only the ledger hears of it, so the drop's next try
     * sends it again without a look-up; its rows are not rejected, the drop waits for the CRM.
     */
    void notSent(PendingLead lead) {
        if (!dryRun) {
            ledger.notCreated(lead.groupKey());
        }
    }

    /** Whether the CRM created the lead cannot be told: never sent again, for a person to check. */
    void uncertain(PendingLead lead, String reason) {
        tally.uncertain.incrementAndGet();
        if (!dryRun) {
            ledger.uncertain(lead.groupKey());
        }
        rejected(lead, reason, "uncertain");
    }

    /** Every row of the lead goes to the rejects file with the reason, and to the results with the action. */
    private void rejected(PendingLead lead, String reason, String action) {
        for (MappedRow row : lead.rows()) {
            rejects.reject(row.original(), "line " + row.row() + ": " + reason);
            results.row(row.row(), row.original(), null, null, action, reason, DroppedValue.joined(row.dropped()));
        }
        done(lead);
    }

    /** Each row of the lead in the results file, with the id of the contact it became. */
    private void rowResults(PendingLead lead, String leadId, List<String> contactIds, String action,
                            Map<Long, List<DroppedValue>> refused) {
        for (int i = 0; i < lead.rows().size(); i++) {
            MappedRow row = lead.rows().get(i);
            int contact = lead.rowContacts().get(i);
            String contactId = contact >= 0 && contact < contactIds.size() ? contactIds.get(contact) : null;
            List<DroppedValue> dropped = new java.util.ArrayList<>(row.dropped());
            dropped.addAll(refused.getOrDefault(row.row(), List.of()));
            results.row(row.row(), row.original(), leadId, contactId, action, null, DroppedValue.joined(dropped));
        }
    }

    private void done(PendingLead lead) {
        tally.rowsDone.addAndGet(lead.rows().size());
        tally.progress(true, rejects.count());
    }

    long rejected() {
        return rejects.count();
    }

    Path rejectsPath() {
        return rejects.path();
    }

    Path resultsPath() {
        return results.path();
    }

    /** The payloads file of a dry run, or null. */
    Path payloadsPath() {
        return dryRun ? payloadsPath : null;
    }

    /**
     * The try ends: when it ends the drop ({@code published}: done or failed), the rejects file and the results file
     * sorted by line go to {@code reports/}; when it does not (the drop waits for the CRM, or another replica takes
     * it over), neither is written, since the next try rejects and reports every row again. The work files go.
     */
    void finish(boolean published) throws IOException {
        if (published) {
            rejects.publish();
            results.finish();
        } else {
            rejects.discard();
            results.discard();
        }
        Files.deleteIfExists(resultsWork);
    }

    @Override
    public void close() throws IOException {
        ledger.close();
        writes.close();
        rejects.close();
        results.close();
        if (payloads != null) {
            payloads.close();
        }
    }
}
