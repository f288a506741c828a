package org.leadroutes.embedding.springboot;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.leadroutes.crm.CrmHttpClient;
import org.leadroutes.embedding.LeadRoutes;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auto-configuration's beans as a host sees them: each replaceable part steps back for the host's own, the
 * replicas' DataSource is the one named or qualified {@code leadsClusterDataSource} and no other, and
 * {@code leads.enabled=false} leaves everything out. (The whole starter in a running host: src/it/spring-boot-3.)
 */
class LeadRoutesAutoConfigurationTest {

    static class HostParts {
        static final Clock CLOCK = Clock.systemUTC();

        @Bean
        Clock leadsClock() {
            return CLOCK;
        }

        @Bean
        CrmHttpClient proxied() {
            return new CrmHttpClient("key", null);
        }
    }

    static class QualifiedDatabase {
        @Bean
        @Qualifier("leadsClusterDataSource")
        DataSource replicasDb() {
            return new PGSimpleDataSource();
        }

        @Bean
        DataSource appDb() {
            return new PGSimpleDataSource();
        }
    }

    static class NamedDatabase {
        @Bean
        DataSource leadsClusterDataSource() {
            return new PGSimpleDataSource();
        }
    }

    static class UnrelatedDatabase {
        @Bean
        DataSource appDb() {
            return new PGSimpleDataSource();
        }
    }

    @Test
    void theLibrarysOwnPartsWhenTheHostHasNone() {
        run(Map.of(), context -> {
            assertTrue(context.containsBean(LeadRoutesAutoConfiguration.CLOCK));
            assertEquals(1, context.getBeansOfType(CrmHttpClient.class).size());
            assertEquals(1, context.getBeansOfType(LeadRoutes.class).size());
            assertNull(LeadRoutesAutoConfiguration.clusterDataSource(context.getBeanFactory()));
        });
    }

    @Test
    void theHostsPartsReplaceTheLibrarys() {
        run(Map.of(), context -> {
            assertSame(HostParts.CLOCK, context.getBean(LeadRoutesAutoConfiguration.CLOCK));
            assertEquals(Map.of("proxied", context.getBean("proxied")), context.getBeansOfType(CrmHttpClient.class));
        }, HostParts.class);
    }

    @Test
    void theReplicasDataSourceIsTheQualifiedOrNamedOneOnly() {
        run(Map.of(), context -> assertSame(context.getBean("replicasDb"),
                LeadRoutesAutoConfiguration.clusterDataSource(context.getBeanFactory())), QualifiedDatabase.class);
        run(Map.of(), context -> assertSame(context.getBean("leadsClusterDataSource"),
                LeadRoutesAutoConfiguration.clusterDataSource(context.getBeanFactory())), NamedDatabase.class);
        run(Map.of(), context -> assertNull(LeadRoutesAutoConfiguration.clusterDataSource(context.getBeanFactory()),
                "the application's own database is never the replicas'"), UnrelatedDatabase.class);
        Exception two = assertThrows(BeanCreationException.class,
                () -> run(Map.of(), context -> { }, QualifiedDatabase.class, NamedDatabase.class));
        assertTrue(two.getMessage().contains("replicasDb,leadsClusterDataSource"), two.getMessage());
        assertInstanceOf(NoUniqueBeanDefinitionException.class, two.getCause().getCause());
    }

    @Test
    void leadsEnabledFalseLeavesEverythingOut() {
        run(Map.of("leads.enabled", "false"), context -> {
            assertTrue(context.getBeansOfType(LeadRoutes.class).isEmpty());
            assertTrue(context.getBeansOfType(CrmHttpClient.class).isEmpty());
            assertTrue(context.getBeansOfType(LeadsProperties.class).isEmpty());
        });
    }

    private static void run(Map<String, Object> properties, Consumer<AnnotationConfigApplicationContext> check,
                            Class<?>... host) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("host", properties));
            if (host.length > 0) {
                context.register(host);
            }
            context.register(LeadRoutesAutoConfiguration.class);
            context.refresh();
            check.accept(context);
        }
    }
}
