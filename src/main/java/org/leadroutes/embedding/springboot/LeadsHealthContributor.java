package org.leadroutes.embedding.springboot;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * crm-lead-routes' health checks in Spring Boot Actuator, as {@code leads} in {@code /actuator/health}: {@code crm}
 * (the CRM answers and takes the credentials), {@code data-folder} and {@code import} (no drop stuck or abandoned),
 * each with its message and details, whatever {@code camel.health.exposure-level} says. A host puts them in its
 * readiness group with {@code management.endpoint.health.group.readiness.include=readinessState,leads}. They are
 * Camel's checks of the group {@value #GROUP} (registered when the routes are added), asked at each request: the CRM
 * check answers from its last periodic call, never by calling the CRM.
 */
public class LeadsHealthContributor implements CompositeHealthContributor {

    /** The group of the library's Camel health checks (CrmReadiness, DataFolderReadiness, ImportLiveness). */
    static final String GROUP = "leads";

    /** Camel's bookkeeping in a check's details, which says nothing to whoever reads Actuator's health. */
    private static final Set<String> CAMEL_DETAILS = Set.of(HealthCheck.CHECK_ID, HealthCheck.CHECK_GROUP,
            HealthCheck.CHECK_KIND, HealthCheck.CHECK_ENABLED, HealthCheck.INVOCATION_COUNT, HealthCheck.INVOCATION_TIME,
            HealthCheck.FAILURE_COUNT, HealthCheck.FAILURE_START_TIME, HealthCheck.FAILURE_TIME,
            HealthCheck.FAILURE_ERROR_COUNT, HealthCheck.SUCCESS_COUNT, HealthCheck.SUCCESS_START_TIME,
            HealthCheck.SUCCESS_TIME);

    private final CamelContext camel;

    public LeadsHealthContributor(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return checks().get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return checks().entrySet().stream()
                .map(check -> NamedContributor.of(check.getKey(), (HealthContributor) check.getValue())).iterator();
    }

    private Map<String, HealthIndicator> checks() {
        Map<String, HealthIndicator> checks = new TreeMap<>();
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry != null) {
            registry.stream().filter(check -> GROUP.equals(check.getGroup()))
                    .forEach(check -> checks.put(check.getId(), () -> health(check.call())));
        }
        return checks;
    }

    static Health health(HealthCheck.Result result) {
        Health.Builder health = switch (result.getState()) {
            case UP -> Health.up();
            case DOWN -> Health.down();
            default -> Health.unknown();
        };
        result.getMessage().ifPresent(message -> health.withDetail("message", message));
        result.getDetails().forEach((key, value) -> {
            if (!CAMEL_DETAILS.contains(key) && value != null) {
                health.withDetail(key, value);
            }
        });
        return health.build();
    }
}
