package org.leadroutes.importing;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leadroutes.sandbox.SandboxCrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API key reaches the CRM and nothing else: no log line (at DEBUG, with tracing), report or state file. */
class ImportSecretsTest extends ImportTestSupport {

    static final String KEY = "api_5eCr3tKeyThatMustNeverLeak0123";
    static final String BASIC = Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));

    final StringWriter logs = new StringWriter();
    WriterAppender capture;
    Level rootLevel;
    Level appLevel;

    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("leads.crm.api-key", KEY);
        p.setProperty("camel.main.tracing", "true");
        return p;
    }

    @Override
    protected void configureSandbox(SandboxCrm sandbox) {
        sandbox.requireApiKey(KEY);
    }

    @BeforeEach
    void captureDebugLogs() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        capture = WriterAppender.newBuilder().setName("secrets-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build()).build();
        capture.start();
        ctx.getConfiguration().addAppender(capture);
        ctx.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        // the application's own loggers write to their own appender in the tests' log configuration: captured too
        ctx.getConfiguration().getLoggerConfig("org.leadroutes").addAppender(capture, Level.ALL, null);
        rootLevel = ctx.getRootLogger().getLevel();
        appLevel = ctx.getConfiguration().getLoggerConfig("org.leadroutes").getLevel();
        Configurator.setRootLevel(Level.DEBUG);
        Configurator.setLevel("org.leadroutes", Level.DEBUG);
    }

    @AfterEach
    void restoreLogs() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender("secrets-capture");
        ctx.getConfiguration().getLoggerConfig("org.leadroutes").removeAppender("secrets-capture");
        capture.stop();
        Configurator.setRootLevel(rootLevel);
        Configurator.setLevel("org.leadroutes", appLevel);
    }

    @Test
    void theKeyIsSentButNeverWrittenAnywhere() throws Exception {
        Map<String, Object> report = importFile("leads.csv", elevenRows());

        assertEquals("done", report.get("status"));
        assertEquals(6L, count(report, "leadsCreated"), "the sandbox only accepts the right key: it was sent");
        String logged = logs.toString();
        assertTrue(logged.contains("POST"), "DEBUG and tracing output was captured");
        assertFalse(logged.contains(KEY), "the key is in the logs");
        assertFalse(logged.contains(BASIC), "the encoded key is in the logs");
        for (Path file : files(dataDir)) {
            String content = Files.readString(file, StandardCharsets.ISO_8859_1);
            assertFalse(content.contains(KEY) || content.contains(BASIC), "the key is in " + file);
        }
    }

    static java.util.List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
