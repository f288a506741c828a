package org.leadroutes.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.leadroutes.importing.inbox.DropWaits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the inbox still holds for the import: the files its consumer takes (what its exclude pattern and its skipping
 * of dot-files let through), and whether a drop is being imported now. The start-up export asks it, so the export
 * holds what was in the inbox at start-up, and a one-shot run lists the files it waits for. Bound as {@value #BEAN}.
 */
public final class InboxBacklog {

    public static final String BEAN = "inboxBacklog";
    /** How long the start-up export waits for the inbox at most: then it goes ahead and says why. */
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.importing");

    private final CamelContext context;
    private final DropWaits waits;
    private final boolean dryRun;
    private final Clock clock;

    public InboxBacklog(CamelContext context, DropWaits waits, boolean dryRun, Clock clock) {
        this.context = context;
        this.waits = waits;
        this.dryRun = dryRun;
        this.clock = clock;
    }

    /**
     * Whether the import still has work the start-up export should wait for: a drop in progress, or a file its next
     * poll takes (still for the read lock's minimum age, and not waiting for the CRM). A dry run leaves its files in
     * the inbox, so there only the drop in progress counts; a file still being written is not waited for. After
     * {@link #MAX_WAIT} from the exchange's start it answers false, and logs what is left.
     */
    public boolean pending(Exchange exchange) {
        Route route = context.getRoute(ImportFlow.ROUTE);
        if (route == null || context.getRouteController().getRouteStatus(ImportFlow.ROUTE) != ServiceStatus.Started) {
            return false; // import off, or another replica imports
        }
        boolean busy = context.getInflightRepository().size(ImportFlow.ROUTE) > 0;
        List<Path> due = busy || dryRun ? List.of() : due((GenericFileEndpoint<?>) route.getEndpoint());
        if (!busy && due.isEmpty()) {
            return false;
        }
        Instant since = Instant.ofEpochMilli(exchange.getClock().getCreated());
        if (Duration.between(since, clock.instant()).compareTo(MAX_WAIT) > 0) {
            LOG.info("the start-up export goes ahead after waiting {} min for the inbox: {}", MAX_WAIT.toMinutes(),
                    busy ? "a drop is still being imported" : due.size() + " files are still to be imported");
            return false;
        }
        return true;
    }

    /** The files the consumer's next poll takes: eligible, as old as the read lock asks, not waiting for the CRM. */
    private List<Path> due(GenericFileEndpoint<?> endpoint) {
        Instant settled = clock.instant().minusMillis(Math.max(0, endpoint.getReadLockMinAge()));
        List<Path> due = new ArrayList<>();
        for (Path file : eligible(endpoint)) {
            try {
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                if (!modified.isAfter(settled) && waits.of(file).isEmpty()) {
                    due.add(file);
                }
            } catch (IOException gone) { // taken meanwhile
            }
        }
        return due;
    }

    /** The regular files in the inbox that its consumer takes: what its exclude pattern and dot-file rule let through. */
    public static List<Path> eligible(GenericFileEndpoint<?> endpoint) {
        Path inbox = Path.of(endpoint.getConfiguration().getDirectory());
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(inbox)) {
            return files;
        }
        Pattern exclude = endpoint.getExcludePattern();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) // as the consumer sees it: a link to a file too (the import refuses it)
                        && (endpoint.isHiddenFilesEnabled() || !name.startsWith("."))
                        && (exclude == null || !exclude.matcher(name).matches())) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
