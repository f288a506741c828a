package org.leadroutes.exporting;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ExportTarget#check}: what start-up refuses (naming {@code leads.export.target} and why, no secret in the
 * words) and what it lets through (a server it does not call).
 */
class TargetCheckTest {

    @TempDir
    Path dir;
    private CamelContext context;

    @BeforeEach
    void context() {
        context = new DefaultCamelContext();
        context.build();
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    private String refused(String target) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExportTarget.check(context, target, dir.resolve("known_hosts").toString()), target);
        assertTrue(e.getMessage().startsWith("leads.export.target "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void anUnknownSchemeIsRefused() {
        assertTrue(refused("smb://files.example.com/share").contains("no Camel component for the scheme 'smb'"));
        assertTrue(refused("outbox").contains("no Camel component"), "no scheme at all");
    }

    @Test
    void anAbsoluteSftpPathIsRefused() {
        assertTrue(refused("sftp://acme@sftp.example.com:22//srv/incoming").contains("absolute path"));
        assertTrue(refused("ftp://acme@ftp.example.com//srv/incoming").contains("absolute path"));
    }

    @Test
    void optionsTheComponentDoesNotTakeAreRefusedWithoutTheirValues() {
        String message = refused("sftp://acme:hunter2@sftp.example.com:22/incoming?privateKeyFiel=/keys/id&pasword=s3cret-pw");
        assertTrue(message.contains("privateKeyFiel") && message.contains("pasword"), message);
        assertFalse(message.contains("hunter2") || message.contains("s3cret-pw") || message.contains("/keys/id"), message);
    }

    @Test
    void aFolderThatCannotBeCreatedOrWrittenIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(refused("file:" + file.resolve("outbox")).contains("cannot be created"));
        assertTrue(refused("file:/proc").contains("cannot be written"), "a folder even root cannot write");
    }

    @Test
    void aWorkingFolderIsCreatedAndLeftEmpty() throws Exception {
        Path outbox = dir.resolve("data/outbox");
        assertDoesNotThrow(() -> ExportTarget.check(context, "file:" + outbox, ""));
        assertTrue(Files.isDirectory(outbox));
        try (var files = Files.list(outbox)) {
            assertEquals(0, files.count(), "the write check leaves nothing behind");
        }
        assertEquals(0, context.getEndpoints().size(), "the checked endpoint is not kept");
    }

    @Test
    void aServerThatIsDownIsNotTheStartsConcern() {
        assertDoesNotThrow(() -> ExportTarget.check(context, "sftp://acme@127.0.0.1:1/incoming?privateKeyFile=/no/key",
                dir.resolve("known_hosts").toString()));
        assertDoesNotThrow(() -> ExportTarget.check(context, "sftp://acme@no-such-host.invalid/incoming", ""));
    }

    @Test
    void maskedTakesOutThePasswordAndOptionValues() {
        String target = "sftp://acme:pw@host/up?privateKeyPassphrase=ab&privateKeyFile=/keys/id%20x&strictHostKeyChecking=no";
        String said = ExportTarget.masked("login as acme:pw with ab from /keys/id x and /keys/id%20x, checking no", target);
        assertEquals("login as acme:xxxxxx with xxxxxx from xxxxxx and xxxxxx, checking no", said);
    }
}
