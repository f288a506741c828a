package org.leadroutes.app;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.leadroutes.embedding.LeadSettings;
import org.leadroutes.exporting.ExportTarget;
import org.leadroutes.operating.CrmReadiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once the application has started: a one-shot run ({@code leads.once}) starts the routes
 * itself ({@link OnceRun}) and ends the application with its exit code; a service just runs. Without routes
 * ({@link LeadRoutesApplication.Mode}): {@code --print-settings} prints the settings and exits,
 * {@code --sandbox-only} prints the sandbox's address and runs until killed.
 */
final class StartUp extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.app");

    private final Main main;
    private final SandboxWhenNoCrm sandbox;
    private final LeadRoutesApplication.Mode mode;
    private volatile boolean once;
    private volatile boolean started;
    private volatile Integer exitCode;

    StartUp(Main main, SandboxWhenNoCrm sandbox, LeadRoutesApplication.Mode mode) {
        this.main = main;
        this.sandbox = sandbox;
        this.mode = mode;
    }

    /**
     * The management port (health, metrics) must be free: Camel would log the bind failure and run on without
     * health or metrics, which probes and scrapes then take for a dead or silent process.
     */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        var pc = main.getCamelContext().getPropertiesComponent();
        boolean management = pc.resolveProperty("camel.management.enabled").map(v -> Boolean.parseBoolean(v.trim()))
                .orElse(false);
        if (!management) {
            return;
        }
        int port = pc.resolveProperty("camel.management.port").map(v -> Integer.parseInt(v.trim())).orElse(9876);
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(port));
        } catch (java.io.IOException e) {
            throw new org.leadroutes.embedding.InvalidSettingException("camel.management.port " + port
                    + " is in use (another instance?): set camel.management.port to a free port, or"
                    + " camel.management.enabled=false");
        }
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        if (mode != LeadRoutesApplication.Mode.ROUTES) { // no LeadRoutes: the defaults and the checks here
            LeadSettings.register(context);
            return;
        }
        once = context.getPropertiesComponent().resolveProperty("leads.once").map(v -> Boolean.parseBoolean(v.trim()))
                .orElse(false);
        if (once) {
            // nothing touches the inbox before the CRM has taken the key; no schedule, no readiness timer
            context.setAutoStartupExcludePattern(OnceRun.NOT_STARTED);
        }
    }

    /**
     * The start-up's own lines, in the order a user needs them: the settings that matter (one line), how the CRM
     * is (a service: the readiness route's first check, which runs at once), then the sandbox's banner with its
     * port, the last line before the first drop.
     */
    @Override
    public void afterStart(BaseMainSupport main) {
        started = true;
        CamelContext context = main.getCamelContext();
        if (mode == LeadRoutesApplication.Mode.PRINT_SETTINGS) {
            settingsLines(context, sandbox).forEach(System.out::println);
            System.out.flush();
            exitCode = org.leadroutes.operating.RunRecord.ALL_DONE;
            this.main.completed();
            return;
        }
        if (mode == LeadRoutesApplication.Mode.SANDBOX_ONLY) {
            sandbox.logBanner();
            System.out.println(SANDBOX_ONLY_LINE + sandbox.url()); // for scripts: the line to wait for
            System.out.flush();
            return;
        }
        LOG.info("{}", settingsLine(context, sandbox.running()));
        if (!once) { // a service: the CRM readiness route checks the CRM at once, and every leads.health.crm-check-ms
            CrmReadiness readiness = context.getRegistry().lookupByNameAndType(CrmReadiness.BEAN, CrmReadiness.class);
            if (readiness != null) {
                try {
                    readiness.awaitFirstCheck(java.time.Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sandbox.logBanner();
            return;
        }
        sandbox.logBanner();
        Thread thread = new Thread(() -> {
            try {
                exitCode = new OnceRun(context).run();
            } catch (RuntimeException e) {
                LOG.error("the one-shot run failed: {}", e.toString(), e);
                exitCode = org.leadroutes.operating.RunRecord.FAILED;
            }
            this.main.completed();
        }, "leads-once");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * One line of the settings that matter: the CRM and whether its credentials are set (never their values), the
     * data folder, what the import and the export do, where health and metrics listen.
     */
    static String settingsLine(CamelContext context, boolean sandbox) {
        LeadSettings s = LeadSettings.of(context);
        var pc = context.getPropertiesComponent();
        java.util.function.Function<String, String> camel = key -> pc.resolveProperty(key).map(String::trim).orElse("");
        StringBuilder line = new StringBuilder("settings: CRM ").append(s.crmForMessages())
                .append(sandbox ? " (the embedded sandbox)" : "")
                .append(", leads.crm.api-key ").append(s.get("leads.crm.api-key").isBlank() ? "unset" : "set")
                .append(", leads.crm.token ").append(s.get("leads.crm.token").isBlank() ? "unset" : "set")
                .append("; data in ").append(java.nio.file.Path.of(s.get("leads.data-dir")).toAbsolutePath().normalize());
        String undo = camel.apply(OnceRun.UNDO);
        if (!undo.isEmpty()) { // --undo DROP: the run takes that drop back, it neither imports nor exports
            line.append("; undo of ").append(org.leadroutes.importing.inbox.DropName.shown(undo))
                    .append(s.flag("leads.import.dry-run") ? " (preview: nothing deleted or changed)" : "");
        } else {
            line.append("; import ").append(s.flag("leads.import.enabled")
                    ? (s.flag("leads.import.dry-run") ? "on (dry run: nothing sent)" : "on") : "off");
            line.append("; export ").append(s.flag("leads.export.enabled")
                    ? "at " + s.get("leads.export.cron") + " " + s.get("leads.export.timezone") + " to "
                            + ExportTarget.describe(s.get("leads.export.target"))
                    : "off");
        }
        if (Boolean.parseBoolean(camel.apply("camel.management.enabled"))) {
            String host = camel.apply("camel.management.host");
            String port = camel.apply("camel.management.port");
            line.append("; health and metrics on ").append(host.isEmpty() ? "0.0.0.0" : host).append(':')
                    .append(port.isEmpty() ? "9876" : port).append(" (").append(camel.apply("camel.management.health-path"))
                    .append(", ").append(camel.apply("camel.metrics.path")).append(')');
        } else {
            line.append("; health and metrics off");
        }
        return line.append("; every setting: -Dleads.log.verbose=true").toString();
    }

    /** What {@code --sandbox-only} prints once the sandbox listens, followed by its Close API base. */
    static final String SANDBOX_ONLY_LINE = "sandbox CRM listening on ";

    /** What {@code --print-settings} prints before the CRM's address and what chose it. */
    static final String CRM_LINE = "CRM ";

    /**
     * {@code --print-settings}: the CRM and what chose it, then every catalogued setting as the routes read it,
     * {@code key = value  [source]}, secrets as {@code ****} when set.
     */
    static java.util.List<String> settingsLines(CamelContext context, SandboxWhenNoCrm sandbox) {
        LeadSettings s = LeadSettings.of(context);
        var pc = context.getPropertiesComponent();
        java.util.List<String> lines = new java.util.ArrayList<>();
        // the sandbox decision sets leads.crm.url itself only for the sandbox, or Close for a key without a URL
        String decision = sandbox.running() ? "the embedded sandbox" : source(pc, "leads.crm.url").equals(SOURCE_COMMAND)
                ? "Close: a key or token without leads.crm.url" : "leads.crm.url";
        lines.add(CRM_LINE + s.crmForMessages() + " (" + decision + ")");
        for (var setting : org.leadroutes.embedding.SettingsCatalogue.load().byKey().values()) {
            String value = pc.resolveProperty(setting.key()).orElse("");
            if (setting.secret() && !value.isBlank()) {
                value = "****";
            } else if (setting.masked() || setting.type() == org.leadroutes.embedding.SettingsCatalogue.Type.URI) {
                // a password inside a URL (written as {{env:...}} too): masked as Camel masks it
                value = org.apache.camel.util.URISupport.sanitizeUri(value);
            }
            lines.add(setting.key() + " = " + value + "  [" + source(pc, setting.key()) + "]");
        }
        return lines;
    }

    /**
     * Where the value came from, in the words of docs/configuration.md: the first source that has the key, in the
     * order the properties component looks (a placeholder inside the value does not change it).
     */
    private static String source(org.apache.camel.spi.PropertiesComponent component, String key) {
        var pc = (org.apache.camel.component.properties.PropertiesComponent) component;
        if (pc.getOverrideProperties() != null && pc.getOverrideProperties().getProperty(key) != null) {
            return SOURCE_COMMAND;
        }
        for (var source : pc.getPropertiesSources()) {
            if (source.getProperty(key) != null) {
                if (source instanceof org.apache.camel.component.properties.LocationPropertiesSource file) {
                    String location = file.getLocation().getResolver() + ":" + file.getLocation().getPath();
                    return switch (location) {
                        case SettingsSources.BUILT_IN -> "built-in application.properties";
                        case SettingsSources.WORKING_DIRECTORY -> "./application.properties";
                        default -> file.getLocation().getPath();
                    };
                }
                return source.getName();
            }
        }
        return pc.resolveProperty(key).isPresent() ? "default" : "unset"; // the catalogue's (initial properties)
    }

    /** Values the application itself sets: --once, and the CRM the sandbox decision chose. */
    private static final String SOURCE_COMMAND = "the application";

    boolean started() {
        return started;
    }

    /** The one-shot run's exit code; null for a service. */
    Integer exitCode() {
        return exitCode;
    }
}
