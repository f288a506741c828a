package org.leadroutes.embedding.springboot;

import java.util.Iterator;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * crm-lead-routes' health checks ({@link LeadsChecks}) in Spring Boot 3's Actuator, as {@code leads} in
 * {@code /actuator/health}, whatever {@code camel.health.exposure-level} says. A host puts them in its readiness
 * group with {@code management.endpoint.health.group.readiness.include=readinessState,leads}.
 */
public class LeadsHealthContributor implements CompositeHealthContributor {

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
        return checks().entrySet().stream().map(check -> NamedContributor.of(check.getKey(), check.getValue())).iterator();
    }

    private Map<String, HealthContributor> checks() {
        return LeadsChecks.byId(camel, check -> (HealthIndicator) () -> health(check.call()));
    }

    /** Camel's states are Actuator's status codes: UP, DOWN, UNKNOWN. */
    static Health health(HealthCheck.Result result) {
        return Health.status(result.getState().name()).withDetails(LeadsChecks.details(result)).build();
    }
}
