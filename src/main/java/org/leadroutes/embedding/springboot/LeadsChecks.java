package org.leadroutes.embedding.springboot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * crm-lead-routes' Camel health checks, as Actuator shows them: {@code crm} (the CRM answers and takes the
 * credentials), {@code data-folder} and {@code import} (no drop stuck or abandoned), each asked at each request
 * (the CRM check answers from its last periodic call, never by calling the CRM), its state with its message and
 * details. The health contributors of Spring Boot 3 ({@link LeadsHealthContributor}) and 4
 * ({@link LeadsHealthContributors}) show them; nothing here depends on either.
 */
final class LeadsChecks {

    /** The group of the library's Camel health checks (CrmReadiness, DataFolderReadiness, ImportLiveness). */
    static final String GROUP = "leads";

    /** Camel's bookkeeping in a check's details, which says nothing to whoever reads Actuator's health. */
    private static final Set<String> CAMEL_DETAILS = Set.of(HealthCheck.CHECK_ID, HealthCheck.CHECK_GROUP,
            HealthCheck.CHECK_KIND, HealthCheck.CHECK_ENABLED, HealthCheck.INVOCATION_COUNT, HealthCheck.INVOCATION_TIME,
            HealthCheck.FAILURE_COUNT, HealthCheck.FAILURE_START_TIME, HealthCheck.FAILURE_TIME,
            HealthCheck.FAILURE_ERROR_COUNT, HealthCheck.SUCCESS_COUNT, HealthCheck.SUCCESS_START_TIME,
            HealthCheck.SUCCESS_TIME);

    private LeadsChecks() {
    }

    /** Each check of the group by its id, made an Actuator contributor by {@code contributor}. */
    static <C> Map<String, C> byId(CamelContext camel, Function<HealthCheck, C> contributor) {
        Map<String, C> checks = new TreeMap<>();
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel); // none: the host turned Camel's health off
        if (registry != null) {
            registry.stream().filter(check -> GROUP.equals(check.getGroup()))
                    .forEach(check -> checks.put(check.getId(), contributor.apply(check)));
        }
        return checks;
    }

    /** What Actuator shows of a check's result besides its state: the message, then the check's own details. */
    static Map<String, Object> details(HealthCheck.Result result) {
        Map<String, Object> details = new LinkedHashMap<>();
        result.getMessage().ifPresent(message -> details.put("message", message));
        result.getDetails().forEach((key, value) -> {
            if (!CAMEL_DETAILS.contains(key) && value != null) {
                details.put(key, value);
            }
        });
        return details;
    }
}
