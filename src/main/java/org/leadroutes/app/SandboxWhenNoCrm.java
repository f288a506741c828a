package org.leadroutes.app;

import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.leadroutes.sandbox.SandboxCrm;
import org.leadroutes.sandbox.SandboxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When {@code leads.crm.url} is empty, starts the in-process sandbox CRM on loopback and points the
 * routes at it, so the jar does something real on a fresh machine without touching production.
 */
public class SandboxWhenNoCrm extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxWhenNoCrm.class);

    private SandboxCrm sandbox;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent pc = main.getCamelContext().getPropertiesComponent();
        String url = pc.resolveProperty("leads.crm.url").map(String::trim).orElse("");
        if (!url.isEmpty()) {
            return;
        }
        int port = pc.resolveProperty("leads.sandbox.port").map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).orElse(0);
        Map<String, String> shapes = new TreeMap<>();
        for (String name : SandboxSettings.NAMES) {
            pc.resolveProperty("leads.sandbox." + name).filter(v -> !v.isBlank())
                    .ifPresent(v -> shapes.put(name, name.equals("api-key") || name.equals("token") ? "****" : v.trim()));
        }
        sandbox = SandboxSettings.apply(new SandboxCrm(port),
                name -> pc.resolveProperty("leads.sandbox." + name).orElse(null)).start();
        pc.addOverrideProperty("leads.crm.url", sandbox.closeBaseUrl());
        LOG.info("""

                ================================================================
                 SANDBOX CRM: leads.crm.url is not set, so an embedded sandbox
                 that speaks the Close API runs at {}
                 Nothing is sent to a real CRM. Set leads.crm.url (and
                 leads.crm.api-key) to import into Close.{}
                ================================================================""", sandbox.closeBaseUrl(),
                shapes.isEmpty() ? "" : "\n Sandbox limits and faults: " + shapes);
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
