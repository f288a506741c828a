package host;

import org.apache.camel.main.Main;

/** Someone's Camel Main application, with crm-lead-routes added by its application.properties. */
public final class HostApplication {

    private HostApplication() {
    }

    public static void main(String[] args) throws Exception {
        new Main(HostApplication.class).run(args);
    }
}
