package org.leadroutes.embedding.springboot;

import org.apache.camel.CamelContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * crm-lead-routes' checks in {@code /actuator/health} as {@code leads} ({@link LeadsHealthContributor}), where the
 * host has Actuator; {@code management.health.leads.enabled=false} leaves them out. Registered with
 * {@code leads.enabled=false} too (empty, so not shown), so a health group that includes {@code leads} still
 * starts.
 */
@AutoConfiguration(afterName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
@ConditionalOnClass(name = {"org.apache.camel.spring.boot.CamelAutoConfiguration",
        "org.springframework.boot.actuate.health.CompositeHealthContributor"})
@ConditionalOnProperty(prefix = "management.health.leads", name = "enabled", matchIfMissing = true)
public class LeadsHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "leadsHealthContributor")
    public LeadsHealthContributor leadsHealthContributor(CamelContext camel) {
        return new LeadsHealthContributor(camel);
    }
}
