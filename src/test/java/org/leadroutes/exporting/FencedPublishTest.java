package org.leadroutes.exporting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFileProducer;
import org.apache.camel.component.file.remote.FtpOperations;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publish of a run holding its firing's claim: the claim is confirmed after the upload and right before the
 * file becomes visible; a run whose claim was taken over makes nothing visible, deletes nothing under the final
 * name, and removes its own temporary file. To a folder and to a real SFTP server.
 */
class FencedPublishTest {

    static final String TAG = "a1b2c3d4";

    @TempDir
    Path dir;

    private final CamelContext context = new DefaultCamelContext();
    private SftpTestServer sftp;

    @BeforeEach
    void start() {
        context.start();
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        if (sftp != null) {
            sftp.close();
        }
    }

    /** A claim whose confirmation a test decides, recording what the target held at each confirmation. */
    static final class TestClaim implements FiringClaims.Claim {
        final List<String> seenAtConfirm = new ArrayList<>();
        final Supplier<String> look;
        final String takenBy;
        RuntimeException failure;

        TestClaim(Supplier<String> look, String takenBy) {
            this.look = look;
            this.takenBy = takenBy;
        }

        /** A confirmation that fails otherwise (the database unreachable). */
        TestClaim failing(RuntimeException failure) {
            this.failure = failure;
            return this;
        }

        @Override
        public String publishedBy() {
            return null;
        }

        @Override
        public void confirm() {
            seenAtConfirm.add(look.get());
            if (takenBy != null) {
                throw new FiringClaims.TakenOver(takenBy);
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void published() {
        }

        @Override
        public void close() {
        }
    }

    private Exchange file(String content) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(content);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, "leads.csv");
        return exchange;
    }

    private static String listing(Path folder) {
        if (!Files.isDirectory(folder)) {
            return "";
        }
        try (Stream<Path> files = Files.list(folder)) {
            return String.join(",", files.map(f -> f.getFileName().toString()).sorted().toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void toAFolderTheClaimIsConfirmedAfterTheUploadAndBeforeTheRename() throws Exception {
        Path out = dir.resolve("outbox");
        TestClaim claim = new TestClaim(() -> listing(out), null);
        String uri = ExportTarget.publishing("file:" + out, null, TAG);
        FencedPublish.send(context.getEndpoint(uri), file("a,b\n"), claim, TAG);
        assertEquals(List.of(".leads.csv." + TAG + ".part"), claim.seenAtConfirm,
                "confirmed once, the upload complete under the run's own temporary name and nothing under the final one");
        assertEquals("leads.csv", listing(out));
        assertEquals("a,b\n", Files.readString(out.resolve("leads.csv")));
    }

    @Test
    void toAFolderARunWhoseClaimWasTakenOverLeavesThePublishedFileAndRemovesItsOwn() throws Exception {
        Path out = Files.createDirectories(dir.resolve("outbox"));
        Files.writeString(out.resolve("leads.csv"), "published by the run that took the claim\n");
        TestClaim claim = new TestClaim(() -> listing(out), "replica b#2");
        String uri = ExportTarget.publishing("file:" + out, null, TAG);
        FiringClaims.TakenOver e = assertThrows(FiringClaims.TakenOver.class,
                () -> FencedPublish.send(context.getEndpoint(uri), file("a,b\n"), claim, TAG));
        assertEquals("replica b#2", e.by());
        assertEquals(List.of(".leads.csv." + TAG + ".part,leads.csv"), claim.seenAtConfirm, "confirmed after the"
                + " upload, before the file under the final name was touched (deleted right before the rename), and"
                + " nothing more");
        assertEquals("published by the run that took the claim\n", Files.readString(out.resolve("leads.csv")));
        assertEquals("leads.csv", listing(out), "no temporary file of this run left");
    }

    /** Any failure after the upload (here the claim cannot be confirmed) removes this run's temporary file. */
    @Test
    void toAFolderARunThatFailsAfterTheUploadLeavesNoTemporaryFile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("outbox"));
        Files.writeString(out.resolve("leads.csv"), "yesterday's\n");
        TestClaim claim = new TestClaim(() -> listing(out), null)
                .failing(new IllegalStateException("cannot confirm the claim: the database does not answer"));
        String uri = ExportTarget.publishing("file:" + out, null, TAG);
        assertThrows(IllegalStateException.class,
                () -> FencedPublish.send(context.getEndpoint(uri), file("a,b\n"), claim, TAG));
        assertEquals(List.of(".leads.csv." + TAG + ".part,leads.csv"), claim.seenAtConfirm, "after the upload");
        assertEquals("leads.csv", listing(out), "no temporary file of this run left");
        assertEquals("yesterday's\n", Files.readString(out.resolve("leads.csv")), "the file there is left in place");
    }

    /** One process (no claim): a file already under the final name is replaced. */
    @Test
    void withoutAClaimAFileUnderTheFinalNameIsReplaced() throws Exception {
        Path out = Files.createDirectories(dir.resolve("outbox"));
        Files.writeString(out.resolve("leads.csv"), "yesterday's\n");
        FencedPublish.send(context.getEndpoint(ExportTarget.publishing("file:" + out, null)), file("a,b\n"), null, null);
        assertEquals("leads.csv", listing(out));
        assertEquals("a,b\n", Files.readString(out.resolve("leads.csv")));
    }

    @Test
    void toSftpTheClaimIsConfirmedBeforeTheRenameAndATakenOverRunRenamesNothing() throws Exception {
        sftp = new SftpTestServer(dir.resolve("sftp-root"));
        Path key = sftp.writeClientKey(dir.resolve("ssh/id_ecdsa"));
        Path knownHosts = dir.resolve("ssh/known_hosts");
        sftp.writeKnownHosts(knownHosts, sftp.hostKey);
        String target = "sftp://" + SftpTestServer.USER + "@127.0.0.1:" + sftp.port() + "/inbox?privateKeyFile=" + key;
        String uri = ExportTarget.publishing(target, knownHosts.toString(), TAG);
        Path inbox = sftp.root.resolve("inbox");

        TestClaim confirmed = new TestClaim(() -> String.join(";", sftp.operations), null);
        FencedPublish.send(context.getEndpoint(uri), file("a,b\n"), confirmed, TAG);
        assertEquals(List.of("write inbox/.leads.csv." + TAG + ".part"), confirmed.seenAtConfirm,
                "confirmed once, after the upload and before the rename");
        assertEquals("a,b\n", Files.readString(inbox.resolve("leads.csv")));
        sftp.operations.clear();

        String other = "b5c6d7e8";
        TestClaim takenOver = new TestClaim(() -> String.join(";", sftp.operations), "replica b#2");
        String second = ExportTarget.publishing(target, knownHosts.toString(), other);
        assertThrows(FiringClaims.TakenOver.class,
                () -> FencedPublish.send(context.getEndpoint(second), file("c,d\n"), takenOver, other));
        assertFalse(sftp.operations.stream().anyMatch(o -> o.startsWith("rename")), sftp.operations.toString());
        assertEquals("a,b\n", Files.readString(inbox.resolve("leads.csv")), "the published file untouched");
        assertEquals("leads.csv", listing(inbox), "no temporary file of this run left");
        assertTrue(takenOver.seenAtConfirm.size() == 1, takenOver.seenAtConfirm.toString());
    }

    /**
     * FTP with fileExist=Move: Camel's move strategy casts the producer's operations to its own class, so they are
     * left unwrapped and the claim is confirmed before the send (no server needed: taken over, nothing connects).
     */
    @Test
    void toFtpMovingAnExistingFileTheClaimIsConfirmedBeforeTheSend() throws Exception {
        String moving = ExportTarget.publishing("ftp://bob@127.0.0.1:1/in?password=x&fileExist=Move&moveExisting=old",
                null, TAG);
        org.apache.camel.Endpoint endpoint = context.getEndpoint(moving);
        GenericFileProducer<?> producer = (GenericFileProducer<?>) endpoint.createProducer();
        assertFalse(FencedPublish.fence(endpoint, producer, new TestClaim(() -> "", null), TAG));
        java.lang.reflect.Field operations = GenericFileProducer.class.getDeclaredField("operations");
        operations.setAccessible(true);
        assertInstanceOf(FtpOperations.class, operations.get(producer), "Camel's own operations, as its strategy needs");
        org.apache.camel.Endpoint overriding = context.getEndpoint(ExportTarget.publishing("ftp://bob@127.0.0.1:1/in", null, TAG));
        assertTrue(FencedPublish.fence(overriding, overriding.createProducer(), new TestClaim(() -> "", null), TAG),
                "without Move the rename is fenced as for sftp");

        TestClaim takenOver = new TestClaim(() -> "before the send", "replica b#2");
        assertThrows(FiringClaims.TakenOver.class, () -> FencedPublish.send(endpoint, file("a,b\n"), takenOver, TAG));
        assertEquals(List.of("before the send"), takenOver.seenAtConfirm);
    }

    @Test
    void withoutAClaimTheFileIsPublishedAsBefore() throws Exception {
        Path out = dir.resolve("outbox");
        FencedPublish.send(context.getEndpoint(ExportTarget.publishing("file:" + out, null)), file("a,b\n"), null, null);
        assertEquals("leads.csv", listing(out));
    }
}
