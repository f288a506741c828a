package org.leadroutes.embedding.springboot;

import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * crm-lead-routes' health checks ({@link LeadsChecks}) in Spring Boot 4's health ({@code spring-boot-health}), as
 * {@code leads} in {@code /actuator/health}: what {@link LeadsHealthContributor} is in Spring Boot 3.
 */
public class LeadsHealthContributors implements CompositeHealthContributor {

    private final CamelContext camel;

    public LeadsHealthContributors(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return checks().get(name);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return checks().entrySet().stream().map(check -> new HealthContributors.Entry(check.getKey(), check.getValue()));
    }

    private Map<String, HealthContributor> checks() {
        return LeadsChecks.byId(camel, check -> (HealthIndicator) () -> health(check.call()));
    }

    /** Camel's states are Actuator's status codes: UP, DOWN, UNKNOWN. */
    static Health health(HealthCheck.Result result) {
        return Health.status(result.getState().name()).withDetails(LeadsChecks.details(result)).build();
    }
}
