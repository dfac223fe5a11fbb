package dev.modgate.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
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

    /** @param dir where the mirrors are kept (the data directory's {@code .modgate/git}, StateDir.git()) */
    public GitMirrors(Path dir, GitTransports transports) {
        this.root = dir;
        this.transports = transports;
        removeLeftovers(root);
    }

    /** Mirrors moved aside for rebuilding by a process that stopped before it finished deleting them. */
    private static void removeLeftovers(Path root) {
        if (!Files.isDirectory(root)) return;
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".removed-")).toList()) deleteTree(p);
        } catch (IOException | RuntimeException e) {
            // best effort: they are retried at the next start
        }
    }

    /**
     * A session on the repository: reads see one consistent view; {@code fresh} sessions look at the remote before
     * answering anything that depends on refs (lists, latest, branches), others only when the mirror lacks what was
     * asked (a new tag or commit).
     */
    public MirrorCodeHost session(GitRemote remote, boolean fresh, long deadlineNanos) throws IOException {
        Path dir = root.resolve(hash(remote.fetchUrl()));
        GitMirror m = opened(dir);
        if (!m.usable()) m = rebuilt(dir, m);
        m.ensureCreated(remote.url(), deadlineNanos);
        return new MirrorCodeHost(m, remote, transports, fresh, deadlineNanos);
    }

    private GitMirror opened(Path dir) throws IOException {
        try {
            return open.computeIfAbsent(dir, d -> {
                try {
                    return GitMirror.open(d, refreshes);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A mirror removed, emptied or damaged while modgate runs is started afresh: what is left of it is moved aside
     * (atomically, so no reader sees half a directory) and deleted, and the next fetch fills a new one. Repository
     * objects JGit holds in memory for the old directory are dropped with it.
     */
    private GitMirror rebuilt(Path dir, GitMirror broken) throws IOException {
        synchronized (broken) {
            if (open.get(dir) == broken) {
                broken.close();
                if (Files.exists(dir)) {
                    Path aside = root.resolve(".removed-" + dir.getFileName() + "-" + System.nanoTime());
                    try {
                        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                        deleteTree(aside);
                    } catch (NoSuchFileException e) {
                        // removed meanwhile (another process rebuilding it)
                    }
                }
                open.remove(dir, broken);
            }
        }
        return opened(dir);
    }

    /** Deletes a directory tree; gone already is fine. */
    static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d)) return;
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) throw e.getCause();
        }
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
        open.values().forEach(GitMirror::close);
        open.clear();
        transports.close();
    }
}
