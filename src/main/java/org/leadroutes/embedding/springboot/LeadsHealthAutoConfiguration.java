package org.leadroutes.embedding.springboot;

import org.apache.camel.CamelContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * crm-lead-routes' checks in {@code /actuator/health} as {@code leads}, where the host has Actuator: Spring Boot 3's
 * ({@link LeadsHealthContributor}) or 4's ({@link LeadsHealthContributors}) health API, whichever the host runs;
 * {@code management.health.leads.enabled=false} leaves them out. Registered with {@code leads.enabled=false} too
 * (empty, so not shown), so a health group that includes {@code leads} still starts.
 */
@AutoConfiguration(afterName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
@ConditionalOnClass(name = "org.apache.camel.spring.boot.CamelAutoConfiguration")
@ConditionalOnProperty(prefix = "management.health.leads", name = "enabled", matchIfMissing = true)
public class LeadsHealthAutoConfiguration {

    /** The bean's name makes the contributor's: {@code leads}. */
    static final String BEAN = "leadsHealthContributor";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.CompositeHealthContributor")
    static class SpringBoot3 {

        @Bean(BEAN)
        @ConditionalOnMissingBean(name = BEAN)
        public LeadsHealthContributor leadsHealthContributor(CamelContext camel) {
            return new LeadsHealthContributor(camel);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.CompositeHealthContributor")
    static class SpringBoot4 {

        @Bean(BEAN)
        @ConditionalOnMissingBean(name = BEAN)
        public LeadsHealthContributors leadsHealthContributor(CamelContext camel) {
            return new LeadsHealthContributors(camel);
        }
    }
}
