package dev.modgate.git;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * SSH for git (Apache MINA sshd through JGit), the way a careful git user has it: public-key authentication only,
 * host keys checked against the ssh directory's known_hosts (an unknown host is refused, never asked about), keys
 * from the ssh directory or the configured per-host key, and nothing interactive: a key that needs a passphrase is a
 * clear failure, not a prompt.
 */
final class GitSsh implements AutoCloseable {
    /** Declines everything: no passphrases, no "accept this host key?". */
    static final CredentialsProvider NO_PROMPTS = new CredentialsProvider() {
        @Override public boolean isInteractive() { return false; }
        @Override public boolean supports(CredentialItem... items) { return false; }
        @Override public boolean get(URIish uri, CredentialItem... items) { return false; }
    };

    private final File sshDir;
    private final ConcurrentHashMap<Optional<Path>, SshdSessionFactory> factories = new ConcurrentHashMap<>();

    GitSsh(Path sshDir) {
        this.sshDir = sshDir == null ? new File(System.getProperty("user.home"), ".ssh") : sshDir.toFile();
    }

    /** The session factory that authenticates with this key (null: the ssh directory's default keys). */
    SshSessionFactory factory(Path key) {
        return factories.computeIfAbsent(Optional.ofNullable(key), k -> {
            SshdSessionFactoryBuilder b = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(sshDir.getParentFile() == null ? sshDir : sshDir.getParentFile())
                    .setSshDirectory(sshDir)
                    .setPreferredAuthentications("publickey");
            k.ifPresent(p -> b.setDefaultIdentities(dir -> List.of(p)));
            return b.build(new JGitKeyCache());
        });
    }

    @Override public void close() {
        factories.values().forEach(SshdSessionFactory::close);
        factories.clear();
    }
}
