package org.leadroutes.exporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publishing to a real SFTP server started by the test: key auth, the host key checked against
 * known_hosts, the file written under a temporary name and renamed when complete.
 */
class ExportSftpTest extends ExportTestSupport {

    SftpTestServer sftp;
    Path knownHosts;

    @Override
    protected Properties settings() {
        try {
            Path ssh = Files.createDirectories(dataDir.resolve("ssh"));
            sftp = new SftpTestServer(dataDir.resolve("sftp-root"));
            Path key = sftp.writeClientKey(ssh.resolve("id_ecdsa"));
            knownHosts = ssh.resolve("known_hosts");
            Properties p = new Properties();
            // what a user writes: user, host, folder, private key; the host key check is on by default
            p.setProperty("leads.export.target", "sftp://" + SftpTestServer.USER + "@127.0.0.1:" + sftp.port()
                    + "/partner/inbox?privateKeyFile=" + key);
            p.setProperty("leads.export.sftp.known-hosts", knownHosts.toString());
            p.setProperty("leads.export.file-name", "leads.csv");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stopSftp() throws IOException {
        if (sftp != null) {
            sftp.close();
        }
    }

    @Test
    void uploadsUnderATemporaryNameThenRenames() throws Exception {
        sftp.writeKnownHosts(knownHosts, sftp.hostKey);
        seed(crm, 5);

        Map<String, Object> report = exportNow();

        assertEquals("published", report.get("status"), report.toString());
        String destination = (String) report.get("destination");
        assertEquals("sftp://exporter@127.0.0.1:" + sftp.port() + "/partner/inbox", destination, "no options in reports");
        Path uploaded = sftp.root.resolve("partner/inbox/leads.csv");
        assertEquals(6, Files.readAllLines(uploaded).size(), "header and five leads");
        assertEquals(List.of("leads.csv"), names(uploaded.getParent()), "no temporary file left behind");
        assertEquals(List.of("write partner/inbox/.leads.csv.part",
                "rename partner/inbox/.leads.csv.part -> partner/inbox/leads.csv"), sftp.operations,
                "the final name appears only by the rename");
    }

    @Test
    void aHostKeyThatIsNotTheKnownOneFailsTheExportAndUploadsNothing() throws Exception {
        sftp.writeKnownHosts(knownHosts, SftpTestServer.ecKey()); // known_hosts remembers another key
        seed(crm, 2);

        Map<String, Object> report = exportNow();

        assertEquals("failed", report.get("status"));
        String error = (String) report.get("error");
        assertTrue(error.toLowerCase().contains("hostkey") || error.toLowerCase().contains("host key"), error);
        assertTrue(error.contains("known_hosts"), "says what to do: " + error);
        assertEquals(List.of(), sftp.operations, "not a byte written");
        assertFalse(Files.exists(sftp.root.resolve("partner")));
    }
}
