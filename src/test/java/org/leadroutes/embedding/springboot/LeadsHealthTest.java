package org.leadroutes.embedding.springboot;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadroutes.operating.DataFolderReadiness;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's Camel checks as Actuator's {@code leads} members, in Spring Boot 3's health API and in 4's: each by
 * its id, its state, message and own details, none of Camel's bookkeeping; no checks, no members.
 */
class LeadsHealthTest {

    @TempDir
    Path data;

    @Test
    void eachCheckOfTheGroupIsAMemberWithItsDetails() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            HealthCheckRegistry.get(camel).register(new DataFolderReadiness(data));

            LeadsHealthContributor boot3 = new LeadsHealthContributor(camel);
            var health = ((HealthIndicator) boot3.getContributor("data-folder")).health();
            assertEquals("UP", health.getStatus().getCode());
            assertEquals(data.toAbsolutePath().normalize().toString(), health.getDetails().get("data.dir"), health.toString());
            assertFalse(health.getDetails().containsKey("invocation.count"), health.toString());
            assertEquals(java.util.List.of("data-folder"), names(boot3));
            assertNull(boot3.getContributor("crm"), "no CRM check registered");

            LeadsHealthContributors boot4 = new LeadsHealthContributors(camel);
            var health4 = ((org.springframework.boot.health.contributor.HealthIndicator) boot4.getContributor("data-folder")).health();
            assertEquals("UP", health4.getStatus().getCode());
            assertEquals(health.getDetails(), health4.getDetails());
            assertEquals(java.util.List.of("data-folder"), boot4.stream().map(e -> e.name()).toList());
        }
    }

    @Test
    void withoutTheLibrarysChecksThereAreNoMembers() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            assertTrue(names(new LeadsHealthContributor(camel)).isEmpty());
            assertEquals(0, new LeadsHealthContributors(camel).stream().count());
        }
    }

    private static java.util.List<String> names(LeadsHealthContributor contributor) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (NamedContributor<?> member : contributor) {
            names.add(member.getName());
        }
        return names;
    }
}
