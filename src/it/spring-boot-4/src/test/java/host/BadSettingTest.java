package host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A typo in a leads.* key, or a value not of its type, fails the host's start naming it, as in Camel Main: in Spring
 * Boot's "APPLICATION FAILED TO START" report, with what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadSettingTest {

    @Test
    void anUnknownKeyFailsTheStartNamingIt(CapturedOutput output) {
        failure("leads.crm.ulr=http://127.0.0.1:1/api/v1");
        reported(output, "crm-lead-routes cannot start: unknown setting leads.crm.ulr (did you mean leads.crm.url?)");
    }

    @Test
    void aBadValueFailsTheStartNamingIt(CapturedOutput output) {
        failure("leads.import.concurrency=many");
        reported(output, "crm-lead-routes cannot start: leads.import.concurrency must be a whole number, not 'many'");
    }

    @Test
    void aValueSpelledTheSpringWayIsCheckedToo(CapturedOutput output) {
        failure("leads.crm.connectTimeoutMs=0");
        reported(output, "crm-lead-routes cannot start: leads.crm.connect-timeout-ms must be at least 1, not 0");
    }

    private static void failure(String setting) {
        assertThrows(Throwable.class, () -> new SpringApplicationBuilder(HostApplication.class)
                .run("--server.port=0", "--leads.import.enabled=false", "--" + setting).close());
    }

    private static void reported(CapturedOutput output, String description) {
        String out = output.getAll();
        int report = out.indexOf("APPLICATION FAILED TO START");
        assertTrue(report >= 0, out);
        String analysis = out.substring(report);
        assertTrue(analysis.contains("Description:") && analysis.contains(description), analysis);
        assertTrue(analysis.contains("Action:") && analysis.contains("docs/configuration.md"), analysis);
    }
}
