package host;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot 4.0 application on camel-spring-boot 4.22, a newer Camel than crm-lead-routes is built and tested
 * on (4.17): its dependency brings Camel 4.17 modules beside the host's 4.22 ones. The start fails at once with a
 * message naming the supported range and what to do, not with a missing class inside camel-spring-boot or a
 * missing method in the middle of a drop.
 */
class HostTest {

    @Test
    void aNewerCamelFailsTheStartNamingTheSupportedRange() {
        Throwable failure = assertThrows(Throwable.class, () -> new SpringApplicationBuilder(HostApplication.class)
                .run("--server.port=0", "--leads.import.enabled=false").close());
        StringBuilder why = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            why.append(t).append('\n');
        }
        assertTrue(why.toString().contains("crm-lead-routes runs on Camel 4.17.x"), why.toString());
        assertTrue(why.toString().contains("camel-spring-boot=4.22.0"), why.toString());
        assertTrue(!why.toString().contains("NoClassDefFoundError") && !why.toString().contains("NoSuchMethodError"),
                why.toString());
    }
}
