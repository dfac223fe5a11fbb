package dev.modgate.git;

import dev.modgate.net.EnvProxySelector;
import dev.modgate.net.SourceException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.net.URISyntaxException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TransportHttp;

/**
 * How modgate talks to git remotes: at most {@code maxConcurrent} fetches at once (shared by all repositories),
 * a read timeout on every connection, the environment's HTTP proxies, credentials for the remote's own host
 * only, and no interactive prompts of any kind.
 */
public final class GitTransports {
    private final Semaphore permits;
    private final Duration readTimeout;
    private final EnvProxySelector proxies;
    private final GitSsh ssh;

    /** @param sshDir known_hosts, config and default keys for ssh:// remotes (null: ~/.ssh) */
    public GitTransports(int maxConcurrent, Duration readTimeout, EnvProxySelector proxies, java.nio.file.Path sshDir) {
        IsolatedGitConfig.install();
        GitHttpConnections.install();
        this.permits = new Semaphore(maxConcurrent, true);
        this.readTimeout = readTimeout;
        this.proxies = proxies;
        this.ssh = new GitSsh(sshDir);
    }

    interface Call<T> {
        T run() throws IOException;
    }

    /** Runs a network operation on a remote: within the concurrency limit, under the remote's connection rules. */
    <T> T run(GitRemote remote, long deadlineNanos, Call<T> call) throws IOException {
        long waitNanos = Math.max(0, deadlineNanos - System.nanoTime());
        try {
            if (!permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new SourceException(SourceException.Kind.TIMEOUT, "too many git fetches in progress; gave up waiting to fetch " + remote);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.FAILED, "interrupted");
        }
        try {
            checkScheme(remote);
            return GitHttpConnections.with(new GitHttpConnections.Rules(remote.guard(), remote.insecureTls(), proxies,
                    dev.modgate.auth.Credentials.hostPort(URI.create(remote.fetchUrl()))), call::run);
        } finally {
            permits.release();
        }
    }

    private static void checkScheme(GitRemote remote) throws IOException {
        URI u = URI.create(remote.fetchUrl());
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        switch (scheme) {
            case "https", "http" -> remote.guard().check(u); // each further hop is checked as JGit connects
            case "file" -> { }
            case "ssh", "git+ssh", "git" -> remote.guard().checkHost(u.getHost() == null ? "" : u.getHost(), scheme + "://" + u.getRawAuthority());
            default -> throw new SourceException(SourceException.Kind.FAILED, "unsupported repository URL scheme \"" + scheme + "\" in " + remote);
        }
    }

    /** Stops the SSH clients. */
    public void close() {
        ssh.close();
    }

    /** git ls-remote: whether the remote answers. */
    boolean ping(GitRemote remote, long deadlineNanos) throws IOException {
        return run(remote, deadlineNanos, () -> {
            try (Transport t = Transport.open(new URIish(remote.fetchUrl()))) {
                configure(t, remote);
                try (FetchConnection c = t.openFetch()) {
                    return true;
                }
            } catch (TransportException | URISyntaxException e) {
                return false;
            }
        });
    }

    /** Per-transport settings: timeouts, credentials for the fetch URL's host, no prompts. */
    void configure(Transport t, GitRemote remote) {
        t.setTimeout((int) Math.max(1, readTimeout.toSeconds()));
        URI u = URI.create(remote.fetchUrl());
        if (t instanceof SshTransport s) {
            s.setSshSessionFactory(ssh.factory(remote.sshKey()));
            t.setCredentialsProvider(GitSsh.NO_PROMPTS);
            return;
        }
        t.setCredentialsProvider(new OneHostCredentials(u, remote.credentials()));
        if (t instanceof TransportHttp http) {
            // Smart HTTP only: a dumb server would be walked object by object.
            http.setUseSmartHttp(true);
        }
    }
}
