package dev.modgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * A git server over SSH on loopback: Apache MINA sshd (which modgate's JGit SSH support brings along) accepting one
 * public key, running {@code git upload-pack} on the repositories of a directory for "git-upload-pack '/NAME'".
 */
public final class GitSshServer implements AutoCloseable {
    private final SshServer server;
    private final Path root;
    private final AtomicInteger sessions = new AtomicInteger();

    /** @param allowed the public key that may log in */
    public GitSshServer(Path root, PublicKey allowed, Path hostKeyFile) throws IOException {
        GoTool.require("git");
        this.root = root;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKeyFile));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> key.equals(allowed));
        server.setCommandFactory((channel, command) -> new UploadPack(command));
        server.start();
    }

    public int port() { return server.getPort(); }

    /** A new client key pair, its private key written to file in OpenSSH format: no ssh-keygen needed. */
    public static java.security.KeyPair clientKey(Path file) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair kp = g.generateKeyPair();
        try (OutputStream out = Files.newOutputStream(file)) {
            new org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter().writePrivateKey(kp, "modgate-test", null, out);
        }
        return kp;
    }

    /** A known_hosts line for this server's host key. */
    public String knownHostsLine() throws Exception {
        PublicKey hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey) + "\n";
    }

    /** upload-pack commands run. */
    public int sessions() { return sessions.get(); }

    private final class UploadPack implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPack(String command) {
            this.command = command;
        }

        @Override public void setInputStream(InputStream in) { this.in = in; }
        @Override public void setOutputStream(OutputStream out) { this.out = out; }
        @Override public void setErrorStream(OutputStream err) { this.err = err; }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

        @Override public void start(ChannelSession channel, Environment env) throws IOException {
            if (!command.startsWith("git-upload-pack ")) {
                err.write(("unsupported command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(1);
                return;
            }
            sessions.incrementAndGet();
            String repo = command.substring("git-upload-pack ".length()).replace("'", "").replaceFirst("^/+", "");
            ProcessBuilder pb = new ProcessBuilder("git", "upload-pack", root.resolve(repo).toString());
            Map<String, String> penv = pb.environment();
            penv.put("GIT_CONFIG_NOSYSTEM", "1");
            String proto = env.getEnv().get("GIT_PROTOCOL");
            if (proto != null) penv.put("GIT_PROTOCOL", proto);
            Process p = pb.start();
            Thread.ofVirtual().start(() -> pump(in, p.getOutputStream(), true));
            Thread.ofVirtual().start(() -> pump(p.getErrorStream(), err, false));
            Thread.ofVirtual().start(() -> {
                pump(p.getInputStream(), out, false);
                try {
                    exit.onExit(p.waitFor());
                } catch (InterruptedException e) {
                    exit.onExit(1);
                }
            });
        }

        private void pump(InputStream from, OutputStream to, boolean closeTo) {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = from.read(buf)) > 0; ) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // the other side went away
            } finally {
                if (closeTo) {
                    try {
                        to.close();
                    } catch (IOException ignored) { /* done */ }
                }
            }
        }

        @Override public void destroy(ChannelSession channel) { }
    }

    @Override public void close() throws IOException {
        server.stop(true);
    }
}
