package org.leadroutes.exporting;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server in the test JVM (Apache MINA SSHD): loopback, public-key auth for one user (or, when
 * given one, that user's password), a temporary root, and a log of the file operations the client made
 * (writes and renames).
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "exporter";

    public final Path root;
    public final KeyPair hostKey;
    final KeyPair clientKey;
    /** "write <path>" and "rename <from> -> <to>", paths relative to the root, in order. */
    final List<String> operations = new CopyOnWriteArrayList<>();
    private final SshServer server;

    SftpTestServer(Path root) throws IOException, GeneralSecurityException {
        this(root, null);
    }

    /** With a password: the user logs in with it instead of a key. */
    public SftpTestServer(Path root, String password) throws IOException, GeneralSecurityException {
        this.root = Files.createDirectories(root);
        this.hostKey = ecKey();
        this.clientKey = ecKey();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setKeyboardInteractiveAuthenticator(null);
        if (password == null) { // keys only
            server.setPasswordAuthenticator(null);
            server.setPublickeyAuthenticator((user, key, session) ->
                    USER.equals(user) && KeyUtils.compareKeys(key, clientKey.getPublic()));
        } else { // the password only
            server.setPublickeyAuthenticator(null);
            server.setPasswordAuthenticator((user, given, session) -> USER.equals(user) && password.equals(given));
        }
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            private final java.util.Set<Path> written = java.util.concurrent.ConcurrentHashMap.newKeySet();

            @Override
            public void written(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                                byte[] data, int dataOffset, int dataLen, Throwable thrown) {
                if (written.add(localHandle.getFile())) {
                    operations.add("write " + relative(localHandle.getFile()));
                }
            }

            @Override
            public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts,
                              Throwable thrown) {
                operations.add("rename " + relative(srcPath) + " -> " + relative(dstPath));
            }
        });
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(this.root));
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    /** Writes the client's private key in OpenSSH format, as ssh-keygen would. */
    Path writeClientKey(Path file) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, USER, null, out);
        }
        return file;
    }

    /** A known_hosts line for this server, for the given key (its own, or an impostor's). */
    String knownHostsLine(KeyPair key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
    }

    public void writeKnownHosts(Path file, KeyPair key) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, knownHostsLine(key), StandardCharsets.UTF_8);
    }

    static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private String relative(Path path) {
        String p = path.toString();
        return p.startsWith("/") ? p.substring(1) : p;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
