package host;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.main.Main;

/**
 * Someone's Camel Main application, with crm-lead-routes added by its application.properties, and a Micrometer
 * registry of its own in Camel's registry (a real host would serve its scrape on a page of its own).
 */
public final class HostApplication {

    private HostApplication() {
    }

    public static void main(String[] args) throws Exception {
        create(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).run(args);
    }

    /** The application, its meters going into {@code metrics}. */
    static Main create(PrometheusMeterRegistry metrics) {
        Main main = new Main(HostApplication.class);
        main.bind("metrics", metrics);
        return main;
    }
}
