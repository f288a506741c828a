package org.leadroutes.embedding.springboot;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.leadroutes.embedding.LeadRoutes;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;

/**
 * crm-lead-routes in a camel-spring-boot application: one dependency brings the Java routes and beans and the
 * YAML flows ({@link LeadRoutes#withFlows}), read {@code leads.*} from the application's configuration
 * ({@code application.yml} or {@code application.properties}, profiles, the environment), with the CRM readiness
 * check in Camel's health checks (so in {@code /actuator/health}) and the meters in the application's Micrometer
 * registry. An unknown {@code leads.*} key or a bad value fails the start naming it. No HTTP server, no logging
 * binding and no sandbox come with it. Leave it out with {@code spring.autoconfigure.exclude}.
 */
@AutoConfiguration(afterName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
@ConditionalOnClass(name = "org.apache.camel.spring.boot.CamelAutoConfiguration")
public class LeadRoutesAutoConfiguration {

    /** camel-spring-boot adds every {@code RoutesBuilder} bean to its CamelContext. */
    @Bean
    @ConditionalOnMissingBean(LeadRoutes.class)
    public LeadRoutes leadRoutes(Environment environment) {
        return LeadRoutes.withFlows(leadsKeys(environment));
    }

    /** The {@code leads.*} keys the application's property sources name (the environment's are checked apart). */
    static Set<String> leadsKeys(Environment environment) {
        Set<String> keys = new TreeSet<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            configurable.getPropertySources().stream()
                    .filter(EnumerablePropertySource.class::isInstance)
                    .map(EnumerablePropertySource.class::cast)
                    .flatMap(source -> Arrays.stream(source.getPropertyNames()))
                    .filter(key -> key.startsWith("leads."))
                    .forEach(keys::add);
        }
        return keys;
    }
}
