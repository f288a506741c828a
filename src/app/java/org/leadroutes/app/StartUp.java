package org.leadroutes.app;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once the application has started: a one-shot run ({@code leads.once}) starts the routes
 * itself ({@link OnceRun}) and ends the application with its exit code; a service just runs.
 */
final class StartUp extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger("org.leadroutes.app");

    private final Main main;
    private volatile boolean once;
    private volatile boolean started;
    private volatile Integer exitCode;

    StartUp(Main main) {
        this.main = main;
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
            context.setAutoStartup(false); // nothing touches the inbox before the CRM has taken the key
        }
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        started = true;
        if (!once) {
            return; // a service: the CRM readiness route checks the CRM at once, and every leads.health.crm-check-ms
        }
        CamelContext context = main.getCamelContext();
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

    boolean started() {
        return started;
    }

    /** The one-shot run's exit code; null for a service. */
    Integer exitCode() {
        return exitCode;
    }
}
