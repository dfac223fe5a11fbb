package dev.modgate.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The git mirrors of the data directory, {@code DATA/.modgate/git/<sha256 of the fetch URL, 32 hex>}, one per
 * repository URL, and the sessions that read modules from them.
 */
public final class GitMirrors implements AutoCloseable {
    /**
     * A refresh this recent is reused rather than asking the remote again: the go command asks for a module's list,
     * .info, .mod and .zip in quick succession, and one look at the remote serves them all.
     */
    static final Duration REUSE_REFRESH = Duration.ofSeconds(2);

    private final Path root;
    private final GitTransports transports;
    private final ConcurrentHashMap<Path, GitMirror> open = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong refreshes = new java.util.concurrent.atomic.AtomicLong();

    public GitMirrors(Path dataDir, GitTransports transports) {
        this.root = dataDir.resolve(".modgate").resolve("git");
        this.transports = transports;
    }

    /**
     * A session on the repository: reads see one consistent view; {@code fresh} sessions look at the remote before
     * answering anything that depends on refs (lists, latest, branches), others only when the mirror lacks what was
     * asked (a new tag or commit).
     */
    public MirrorCodeHost session(GitRemote remote, boolean fresh, long deadlineNanos) throws IOException {
        Path dir = root.resolve(hash(remote.fetchUrl()));
        GitMirror m;
        try {
            m = open.computeIfAbsent(dir, d -> {
                try {
                    return GitMirror.open(d, refreshes);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        m.ensureCreated(remote.url(), deadlineNanos);
        return new MirrorCodeHost(m, remote, transports, fresh, deadlineNanos);
    }

    /** Whether the repository answers at all (git ls-remote), without mirroring anything. */
    public boolean ping(GitRemote remote, long deadlineNanos) throws IOException {
        return transports.ping(remote, deadlineNanos);
    }

    /** How many times a remote was contacted (each ls-remote and each fetch) since start. */
    public long remoteRefreshes() { return refreshes.get(); }

    static String hash(String url) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public void close() {
        open.values().forEach(m -> m.repository().close());
        open.clear();
        transports.close();
    }
}
