package org.leadroutes.embedding.springboot;

import java.time.Clock;

import javax.sql.DataSource;

import org.leadroutes.crm.CrmHttpClient;
import org.leadroutes.embedding.LeadRoutes;
import org.leadroutes.embedding.SettingsCatalogue;
import org.leadroutes.replicas.ClusterDatabase;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * crm-lead-routes in a camel-spring-boot application: one dependency brings the Java routes and beans and the YAML
 * flows ({@link LeadRoutes#withFlows}), configured by {@code leads.*} as Spring binds it ({@link LeadsProperties}),
 * with its health checks in Actuator's health ({@link LeadsHealthAutoConfiguration}) and its meters in the application's
 * Micrometer registry. An unknown {@code leads.*} key or a bad value fails the start naming it
 * ({@link LeadsSettingFailureAnalyzer}). The parts a host may replace are beans it can declare itself: a
 * {@link Clock} named {@value #CLOCK}, a {@link CrmHttpClient}, the replicas' {@link DataSource} (a bean named, or
 * qualified, {@value ClusterDatabase#DATA_SOURCE_BEAN}). {@code leads.enabled=false} leaves it all out. No HTTP
 * server, no logging binding and no sandbox come with it.
 */
@AutoConfiguration(afterName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
@ConditionalOnClass(name = "org.apache.camel.spring.boot.CamelAutoConfiguration")
@ConditionalOnProperty(prefix = "leads", name = "enabled", havingValue = "true", matchIfMissing = true)
public class LeadRoutesAutoConfiguration {

    /** The name of the clock the import's waits and watch read; a host's bean of this name replaces it. */
    public static final String CLOCK = "leadsClock";

    /**
     * {@code leads.*} as the host sets it: every catalogue setting bound by Spring's binder (an unknown key fails
     * here, naming it), {@code leads.enabled} as a property of its own.
     */
    @Bean
    @ConfigurationProperties(prefix = "leads")
    public LeadsProperties leadsProperties(Environment environment) {
        return new LeadsProperties(LeadsProperties.bind(environment, SettingsCatalogue.load()));
    }

    @Bean(CLOCK)
    @ConditionalOnMissingBean(name = CLOCK)
    public Clock leadsClock() {
        return Clock.systemUTC();
    }

    /**
     * The CRM calls' HTTP client set-up: the credentials as an Authorization header inside the client, no retries
     * and no redirects of its own. A host's {@link CrmHttpClient} (a subclass adding a proxy, say) replaces it.
     */
    @Bean
    @ConditionalOnMissingBean(CrmHttpClient.class)
    public CrmHttpClient leadsCrmHttpClient(LeadsProperties leads) {
        return new CrmHttpClient(leads.value("leads.crm.api-key"), leads.value("leads.crm.token"));
    }

    /** camel-spring-boot adds every {@code RoutesBuilder} bean to its CamelContext. */
    @Bean
    @ConditionalOnMissingBean(LeadRoutes.class)
    public LeadRoutes leadRoutes(LeadsProperties leads, @Qualifier(CLOCK) Clock clock, CrmHttpClient crmHttpClient,
                                 ConfigurableListableBeanFactory beans) {
        return LeadRoutes.withFlows(new LeadRoutes.Parts(leads.settings(), clock, crmHttpClient, clusterDataSource(beans)));
    }

    /**
     * The host's DataSource for the replicas: the bean named {@value ClusterDatabase#DATA_SOURCE_BEAN}, or the one
     * bean qualified so ({@code @Qualifier("leadsClusterDataSource")}); none: {@code leads.cluster.jdbc-url}, or one
     * process without a database.
     */
    static DataSource clusterDataSource(ConfigurableListableBeanFactory beans) {
        try {
            return BeanFactoryAnnotationUtils.qualifiedBeanOfType(beans, DataSource.class, ClusterDatabase.DATA_SOURCE_BEAN);
        } catch (NoUniqueBeanDefinitionException e) {
            throw e; // which one is meant is the host's to say
        } catch (NoSuchBeanDefinitionException e) {
            return null;
        }
    }
}
