package org.leadroutes.app;

import java.nio.file.Path;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar's {@code log4j2.properties}, read in a logger context of its own (not the tests'): quiet by default, and
 * the loggers that print secrets in clear filtered above DEBUG without being made louder than the root. That no
 * secret reaches the log at TRACE is {@link SecretsInLogTest}'s (a real run).
 */
class ShippedLoggingTest {

    /** Loggers that print setting values, resolved endpoint URIs or HTTP headers (docs/operating.md, the log). */
    private static final List<String> PRINTING_SECRETS = List.of("org.apache.camel.component.properties",
            "org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire",
            "org.apache.camel.impl.engine.AbstractCamelContext", "org.apache.camel.support.DefaultComponent",
            "org.apache.camel.support.EndpointHelper", "org.apache.camel.component.bean");

    @Test
    void noLoggerIsLouderThanTheRootAndEachPrintingSecretsIsFiltered() throws Exception {
        LoggerContext context = new LoggerContext("shipped-logging");
        try {
            Configuration configuration = new PropertiesConfigurationFactory().getConfiguration(context,
                    ConfigurationSource.fromUri(Path.of("src/app/resources/log4j2.properties").toUri()));
            context.start(configuration);
            Configuration started = context.getConfiguration();
            assertTrue(started.getRootLogger().getLevel() == Level.INFO, "the root at INFO");
            for (LoggerConfig logger : started.getLoggers().values()) {
                Level level = logger.getExplicitLevel();
                assertTrue(level == null || level.isMoreSpecificThan(Level.INFO),
                        logger.getName() + " at " + level + " would print below INFO with the root at INFO");
            }
            for (String name : PRINTING_SECRETS) {
                assertFalse(context.getLogger(name + ".Any").isDebugEnabled(), name + " quiet at the root's INFO");
                LoggerConfig config = started.getLoggers().get(name);
                assertNotNull(config, name + " is configured");
                assertTrue(config.hasFilter(), name + " has a filter for the levels that print secrets");
            }
        } finally {
            context.stop();
        }
    }
}
