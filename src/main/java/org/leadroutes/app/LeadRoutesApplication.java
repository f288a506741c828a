package org.leadroutes.app;

import org.apache.camel.main.Main;

/**
 * The standalone jar: Camel Main with {@code application.properties}, the YAML flows from
 * {@code routes/} and the Java routes of {@link org.leadroutes.embedding.LeadRoutes}. With no
 * {@code leads.crm.url} it starts the embedded sandbox CRM first.
 */
public final class LeadRoutesApplication {

    private LeadRoutesApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(LeadRoutesApplication.class);
        main.addMainListener(new SandboxWhenNoCrm());
        System.exit(main.run(args));
    }
}
