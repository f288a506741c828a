package host;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A typo in a leads.* key, or a value not of its type, fails the host's start naming it, as in Camel Main. */
class BadSettingTest {

    @Test
    void anUnknownKeyFailsTheStartNamingIt() {
        String why = failure("leads.crm.ulr=http://127.0.0.1:1/api/v1");
        assertTrue(why.contains("unknown setting leads.crm.ulr (did you mean leads.crm.url?)"), why);
    }

    @Test
    void aBadValueFailsTheStartNamingIt() {
        String why = failure("leads.import.concurrency=many");
        assertTrue(why.contains("leads.import.concurrency must be a whole number, not 'many'"), why);
    }

    private static String failure(String setting) {
        Throwable failure = assertThrows(Throwable.class, () -> new SpringApplicationBuilder(HostApplication.class)
                .run("--server.port=0", "--leads.import.enabled=false", "--" + setting).close());
        StringBuilder why = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            why.append(t.getMessage()).append('\n');
        }
        return why.toString();
    }
}
