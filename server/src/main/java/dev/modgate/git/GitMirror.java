package dev.modgate.git;

import dev.modgate.core.coderepo.CodeRepoException;
import dev.modgate.source.SourceException;
import dev.modgate.storage.FileLocks;
import dev.modgate.storage.LockTimeoutException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bare mirror of one repository under the data directory: its branches, tags and HEAD as the remote last
 * advertised them, with all their history. Refreshing lists the remote's refs (git ls-remote) and fetches only when
 * they changed, incrementally; nothing is ever re-cloned. Refreshes are serialized per mirror, across threads and
 * processes (a lock file in the mirror), and a refresh done moments ago by another request is reused.
 */
final class GitMirror {
    private static final Logger log = LoggerFactory.getLogger(GitMirror.class);
    private static final List<RefSpec> SPECS = List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));
    /** Where HEAD points when the remote has none: a ref that never exists, so HEAD resolves to nothing. */
    static final String NO_HEAD = "refs/modgate/no-head";

    private final Path dir;
    private final Repository repo;
    private volatile long lastRefreshNanos;
    private volatile boolean refreshedOnce;
    private volatile boolean created;

    private GitMirror(Path dir, Repository repo) {
        this.dir = dir;
        this.repo = repo;
    }

    /** The mirror in dir, not created yet when new (see {@link #ensureCreated}): cheap, takes no lock. */
    static GitMirror open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new GitMirror(dir, new FileRepository(dir.toFile()));
    }

    /**
     * Creates the bare repository on first use, under the mirror's lock, since another process may be creating the
     * same mirror. Not in {@link #open}: that runs inside the map of open mirrors, where a wait would hold up others.
     */
    void ensureCreated(String url, long deadlineNanos) throws IOException {
        if (created) return;
        if (!Files.exists(dir.resolve("config"))) {
            try (FileLocks.Held ignored = lock(GitErrors.redact(url), deadlineNanos)) {
                if (!Files.exists(dir.resolve("config"))) create((FileRepository) repo, url);
            }
        }
        created = true;
    }

    /**
     * The mirror's lock, across threads and processes, waited for until the fetch deadline at most: a process that
     * hangs holding it (or a fetch here that is slower than ours may be) ends this fetch as a timeout.
     */
    private FileLocks.Held lock(String repository, long deadlineNanos) throws IOException {
        try {
            return FileLocks.acquire(dir.resolve("modgate.lock"), deadlineNanos, "the git mirror of " + repository);
        } catch (LockTimeoutException e) {
            log.error("{} ({})", e.getMessage(), e.lockFile());
            throw new SourceException(SourceException.Kind.TIMEOUT, e.getMessage());
        }
    }

    private static void create(FileRepository repo, String url) throws IOException {
        repo.create(true);
        StoredConfig cfg = repo.getConfig();
        // For people looking into the data directory: which repository this is.
        cfg.setString("remote", "origin", "url", GitErrors.redact(url));
        // Mirrors are only read by modgate: no reflogs, no automatic gc while fetching.
        cfg.setBoolean("core", null, "logAllRefUpdates", false);
        cfg.setInt("gc", null, "auto", 0);
        cfg.save();
        repo.updateRef("HEAD").link(NO_HEAD);
    }

    Repository repository() { return repo; }

    /** Whether this process has fetched from the remote at least once (else the mirror may be empty or old). */
    boolean refreshedOnce() { return refreshedOnce; }

    /**
     * Brings the mirror up to the remote's current state, unless a refresh finished less than {@code reuse} nanos
     * ago. Serialized per mirror; the deadline bounds the whole fetch.
     */
    void refresh(GitRemote remote, GitTransports transports, long reuseNanos, long deadlineNanos) throws IOException {
        long start = System.nanoTime();
        // The common case, a refresh moments ago, needs no lock (and must not wait for another process's fetch).
        if (refreshedOnce && start - lastRefreshNanos < reuseNanos) return;
        try (FileLocks.Held ignored = lock(remote.toString(), deadlineNanos)) {
            if (refreshedOnce && start - lastRefreshNanos < reuseNanos) return;
            // Another request may have refreshed while this one waited for the lock: that answer is fresh enough.
            if (refreshedOnce && lastRefreshNanos - start > 0) return;
            transports.run(remote, deadlineNanos, () -> {
                fetch(remote, transports, deadlineNanos);
                return null;
            });
            lastRefreshNanos = System.nanoTime();
            refreshedOnce = true;
        }
    }

    private void fetch(GitRemote remote, GitTransports transports, long deadlineNanos) throws IOException {
        long t0 = System.nanoTime();
        try (Transport t = Transport.open(repo, new URIish(remote.fetchUrl()))) {
            transports.configure(t, remote);
            Map<String, Ref> advertised;
            try (FetchConnection c = t.openFetch(SPECS, "HEAD")) {
                advertised = c.getRefsMap();
            }
            Map<String, ObjectId> want = new HashMap<>();
            for (Ref r : advertised.values()) {
                String n = r.getName();
                if ((n.startsWith("refs/heads/") || n.startsWith("refs/tags/")) && !n.endsWith("^{}") && r.getObjectId() != null) {
                    want.put(n, r.getObjectId());
                }
            }
            boolean fetched = false;
            if (!want.equals(localRefs())) {
                t.setRemoveDeletedRefs(true);
                t.setTagOpt(TagOpt.NO_TAGS);
                t.fetch(new DeadlineMonitor(deadlineNanos), SPECS);
                fetched = true;
            }
            updateHead(advertised.get("HEAD"));
            log.debug("git {}: {} refs, {} in {} ms", remote, want.size(), fetched ? "fetched" : "unchanged", (System.nanoTime() - t0) / 1_000_000);
        } catch (URISyntaxException e) {
            throw new SourceException(SourceException.Kind.FAILED, "invalid repository URL " + remote.url());
        } catch (NoRemoteRepositoryException e) {
            throw CodeRepoException.notExist("git ls-remote " + remote + ": repository not found");
        } catch (TransportException e) {
            throw GitErrors.transport(remote, e, deadlineNanos);
        }
    }

    private Map<String, ObjectId> localRefs() throws IOException {
        Map<String, ObjectId> have = new HashMap<>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix("refs/heads/", "refs/tags/")) {
            if (r.getObjectId() != null) have.put(r.getName(), r.getObjectId());
        }
        return have;
    }

    /** HEAD follows the remote's: the branch it names, else its commit, else nothing. */
    private void updateHead(Ref remoteHead) throws IOException {
        RefUpdate u = repo.updateRef("HEAD", remoteHead != null && !remoteHead.isSymbolic());
        if (remoteHead == null) {
            u.link(NO_HEAD);
        } else if (remoteHead.isSymbolic()) {
            u.link(remoteHead.getTarget().getName());
        } else if (remoteHead.getObjectId() != null && repo.getObjectDatabase().has(remoteHead.getObjectId())) {
            u.setNewObjectId(remoteHead.getObjectId());
            u.forceUpdate();
        } else {
            repo.updateRef("HEAD").link(NO_HEAD);
        }
    }

    /** Lets JGit give up a transfer once the fetch deadline has passed. */
    private static final class DeadlineMonitor extends EmptyProgressMonitor {
        private final long deadlineNanos;

        DeadlineMonitor(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        @Override public boolean isCancelled() { return System.nanoTime() - deadlineNanos > 0; }
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof SocketTimeoutException) return true;
        return false;
    }
}
