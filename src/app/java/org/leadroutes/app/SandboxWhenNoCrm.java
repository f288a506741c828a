package org.leadroutes.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.TreeMap;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.leadroutes.crm.CrmFolder;
import org.leadroutes.sandbox.SandboxCrm;
import org.leadroutes.sandbox.SandboxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When {@code leads.crm.url} is empty and no key or token is set (those point at Close), starts the
 * in-process sandbox CRM on loopback and points the
 * routes at it, so the jar does something real on a fresh machine without touching production. Decided
 * before Camel Main configures anything, when every settings source is in place ({@link SettingsSources}).
 * With {@code --sandbox-only} it starts the sandbox whatever the CRM settings say, on {@code leads.sandbox.port}
 * or {@value #SANDBOX_ONLY_PORT}, for replicas or a host to share.
 */
public class SandboxWhenNoCrm extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxWhenNoCrm.class);

    /** The port of {@code --sandbox-only} when {@code leads.sandbox.port} is not set: one address to write down. */
    public static final int SANDBOX_ONLY_PORT = 8090;

    private final boolean alone;
    private SandboxCrm sandbox;

    public SandboxWhenNoCrm() {
        this(false);
    }

    /** @param alone the sandbox on its own ({@code --sandbox-only}): started whatever leads.crm.* say */
    SandboxWhenNoCrm(boolean alone) {
        this.alone = alone;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent pc = main.getCamelContext().getPropertiesComponent();
        String url = pc.resolveProperty("leads.crm.url").map(String::trim).orElse("");
        if (!url.isEmpty() && !alone) {
            return;
        }
        String pointed = crmWithoutUrl(name -> pc.resolveProperty(name).orElse(null));
        if (pointed != null && !alone) { // credentials of a real CRM: never the sandbox with a user's files and key
            pc.addOverrideProperty("leads.crm.url", pointed);
            LOG.info("leads.crm.url is not set and Close credentials are (leads.crm.api-key or leads.crm.token):"
                    + " the CRM is Close, {}", pointed);
            return;
        }
        int port = pc.resolveProperty("leads.sandbox.port").map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).orElse(alone ? SANDBOX_ONLY_PORT : 0);
        Map<String, String> shapes = new TreeMap<>();
        for (String name : SandboxSettings.NAMES) {
            pc.resolveProperty("leads.sandbox." + name).filter(v -> !v.isBlank())
                    .ifPresent(v -> shapes.put(name, name.equals("api-key") || name.equals("token") ? "****" : v.trim()));
        }
        String dataFile = pc.resolveProperty("leads.sandbox.data-file").map(String::trim).orElse("");
        SandboxCrm crm = dataFile.isEmpty() ? new SandboxCrm(port) : SandboxCrm.persisted(port, Path.of(dataFile));
        sandbox = SandboxSettings.apply(crm, name -> pc.resolveProperty("leads.sandbox." + name).orElse(null)).start();
        // killed (SIGTERM, Ctrl-C): Camel Main's hook only asks the main thread to stop; this one holds the JVM
        // until that stop has closed the sandbox (its data file written), or closes it itself after a bound
        Runtime.getRuntime().addShutdownHook(new Thread(this::awaitRelease, "sandbox-crm-shutdown"));
        pc.addOverrideProperty("leads.crm.url", sandbox.closeBaseUrl());
        stateDir = Path.of(pc.resolveProperty("leads.data-dir").map(String::trim).orElse("data")).resolve("state");
        this.shapes = shapes;
    }

    private Path stateDir;

    private Map<String, String> shapes = Map.of();

    /** Whether the sandbox runs (leads.crm.url pointed at it). */
    boolean running() {
        return sandbox != null;
    }

    /** The running sandbox's Close API base; null when it does not run. */
    String url() {
        return sandbox == null ? null : sandbox.closeBaseUrl();
    }

    /**
     * The banner with the sandbox's address ({@link StartUp} logs it last of the start-up, so the port a user
     * needs for {@code curl} does not scroll away); nothing when the sandbox does not run.
     */
    void logBanner() {
        if (sandbox == null) {
            return;
        }
        if (alone) {
            LOG.info("""

                    ================================================================
                     SANDBOX CRM on its own (--sandbox-only): the Close API at
                     {}
                     Point replicas and hosts at it: leads.crm.url={}
                     {}{}
                     Ctrl-C (or kill) stops it.
                    ================================================================""", sandbox.closeBaseUrl(),
                    sandbox.closeBaseUrl(), sandbox.dataFile() == null
                            ? "It forgets its leads when it stops (leads.sandbox.data-file keeps them)."
                            : "Its leads are kept in " + sandbox.dataFile() + " across restarts.",
                    shapes.isEmpty() ? "" : "\n Sandbox limits and faults: " + shapes);
            return;
        }
        LOG.info("""

                ================================================================
                 SANDBOX CRM: leads.crm.url is not set, so an embedded sandbox
                 that speaks the Close API runs at {}
                 Nothing is sent to a real CRM. Set leads.crm.url (and
                 leads.crm.api-key) to import into Close.
                 {}{}
                ================================================================""", sandbox.closeBaseUrl(),
                sandbox.dataFile() == null ? "It forgets its leads when the jar stops (leads.sandbox.data-file keeps them)."
                        : "Its leads are kept in " + sandbox.dataFile() + " across restarts.",
                shapes.isEmpty() ? "" : "\n Sandbox limits and faults: " + shapes);
    }

    /** Close's API, where a key or token without a URL points. */
    static final String CLOSE_URL = "https://api.close.com/api/v1";

    /**
     * The CRM that settings without {@code leads.crm.url} point at: Close when a key or token is set (they are
     * a real CRM's credentials), null when nothing points elsewhere (then the sandbox runs).
     */
    static String crmWithoutUrl(java.util.function.Function<String, String> property) {
        for (String credential : new String[] {"leads.crm.api-key", "leads.crm.token"}) {
            String value = property.apply(credential);
            if (value != null && !value.isBlank()) {
                return CLOSE_URL;
            }
        }
        return null;
    }

    /**
     * Stops the sandbox. Without a data file it forgets its leads, so what the import and the export kept of it
     * under {@code <data>/state/} (ledgers, the last export's mark; named after its URL) is deleted with them:
     * a sandbox per start no longer leaves a folder per start. With one, it saves its leads and the state stays.
     */
    @Override
    public void afterStop(BaseMainSupport main) {
        if (sandbox == null || !closed.compareAndSet(false, true)) {
            return;
        }
        sandbox.close();
        if (sandbox.dataFile() == null && stateDir != null) {
            String folder = CrmFolder.name(sandbox.closeBaseUrl());
            try {
                deleteTree(stateDir.resolve(folder));
                Files.deleteIfExists(stateDir.resolve("export-" + folder + ".last-success"));
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("the sandbox's state under {} stays: {}", stateDir, e.toString());
            }
        }
    }

    /** How long a killed JVM waits for the application's stop before the sandbox is closed without it. */
    private static final long RELEASE_WAIT_SECONDS = 60;

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    /** The application has ended (whether or not Camel Main stopped normally): the sandbox is closed. */
    void release() {
        try {
            if (sandbox != null && closed.compareAndSet(false, true)) {
                sandbox.close();
            }
        } finally {
            released.countDown();
        }
    }

    private void awaitRelease() {
        try {
            if (released.await(RELEASE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closed.compareAndSet(false, true)) {
            sandbox.close();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
