package org.leadroutes.embedding.springboot;

import org.leadroutes.embedding.CamelLine;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs before a Spring Boot application's context refreshes (listed in {@code META-INF/spring.factories}): a
 * host whose Camel is outside the library's tested line, or of two versions at once, fails its start with a
 * message naming the range, not a missing class in camel-spring-boot's auto-configuration.
 */
public class CamelLineCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader() : CamelLineCheck.class.getClassLoader();
        CamelLine.checkClasspath(loader);
    }
}
