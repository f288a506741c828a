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
 * itself ({@link OnceRun}) and ends the application with its exit code; a service just runs.
 */
final class StartUp extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.app");

    private final Main main;
    private final SandboxWhenNoCrm sandbox;
    private volatile boolean once;
    private volatile boolean started;
    private volatile Integer exitCode;

    StartUp(Main main, SandboxWhenNoCrm sandbox) {
        this.main = main;
        this.sandbox = sandbox;
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
        line.append("; import ").append(s.flag("leads.import.enabled")
                ? (s.flag("leads.import.dry-run") ? "on (dry run: nothing sent)" : "on") : "off");
        line.append("; export ").append(s.flag("leads.export.enabled")
                ? "at " + s.get("leads.export.cron") + " " + s.get("leads.export.timezone") + " to "
                        + ExportTarget.describe(s.get("leads.export.target"))
                : "off");
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

    boolean started() {
        return started;
    }

    /** The one-shot run's exit code; null for a service. */
    Integer exitCode() {
        return exitCode;
    }
}
