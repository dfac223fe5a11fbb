package dev.modgate.git;

import dev.modgate.storage.DiskSpace;
import dev.modgate.core.coderepo.CodeRepoException;
import dev.modgate.net.SourceException;
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
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.lib.Constants;
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
 * A bare mirror of one repository under the data directory, filled as the go command fills its own: lists come
 * from the remote's refs alone (git ls-remote), a tag is fetched alone and shallow when a version needs it, and
 * everything (all branches and tags with their history) only when history is needed (pseudo-versions, branches).
 * A full refresh fetches only when the refs changed, incrementally; nothing is ever re-cloned. Refreshes are serialized per mirror, across threads and
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
    /** A read found objects missing that the refs name, or the directory vanished while in use: rebuild it. */
    private volatile boolean damaged;
    /** Removed: its repository did not answer before anything was ever fetched into it. */
    private volatile boolean discarded;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile RemoteRefs lastAdvertised;

    private final AtomicLong contacts;

    private GitMirror(Path dir, Repository repo, AtomicLong contacts) {
        this.dir = dir;
        this.repo = repo;
        this.contacts = contacts;
    }

    /** The mirror in dir, not created yet when new (see {@link #ensureCreated}): cheap, takes no lock. */
    static GitMirror open(Path dir, AtomicLong contacts) throws IOException {
        Files.createDirectories(dir);
        return new GitMirror(dir, (FileRepository) new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setFS(MirrorFs.INSTANCE).build(), contacts);
    }

    /**
     * Creates the bare repository on first use, under the mirror's lock, since another process may be creating the
     * same mirror. Not in {@link #open}: that runs inside the map of open mirrors, where a wait would hold up others.
     */
    void ensureCreated(String url, long deadlineNanos) throws IOException {
        if (created) return;
        if (!Files.exists(dir.resolve("config"))) {
            try (FileLocks.Held ignored = lock(dev.modgate.net.Userinfo.redact(url), deadlineNanos)) {
                if (!Files.exists(dir.resolve("config"))) create((FileRepository) repo, url);
            } catch (IOException e) {
                SourceException local = GitErrors.local(dev.modgate.net.Userinfo.redact(url), e);
                throw local != null ? local : e;
            }
        }
        created = true;
    }

    /**
     * The mirror's lock, across threads and processes, waited for until the fetch deadline at most: a process that
     * hangs holding it (or a fetch here that is slower than ours may be) ends this fetch as a timeout.
     */
    private FileLocks.Held lock(String repository, long deadlineNanos) throws IOException {
        // Deleted by hand while in use (the supported way to reclaim space): rebuilt by the next session.
        if (!Files.isDirectory(dir)) throw removedWhileInUse(repository);
        FileLocks.Held held;
        try {
            held = FileLocks.acquire(dir.resolve("modgate.lock"), deadlineNanos, "the git mirror of " + repository, "--fetch-timeout");
        } catch (LockTimeoutException e) {
            log.error("{} ({})", e.getMessage(), e.lockFile());
            throw new SourceException(SourceException.Kind.TIMEOUT, e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw removedWhileInUse(repository);
        }
        // Discarded or deleted while this request waited for the lock: the lock file held is no longer the mirror's.
        if (discarded || !Files.isDirectory(dir)) {
            held.close();
            throw removedWhileInUse(repository);
        }
        return held;
    }

    private SourceException removedWhileInUse(String repository) {
        damaged = true;
        return new SourceException(SourceException.Kind.FAILED, "the git mirror of " + repository + " was removed while in use; it is rebuilt");
    }

    /**
     * The URL JGit connects to. For http(s), without user information: the credentials go by the credentials provider
     * to that host only, and JGit would otherwise write the user (a token, with https://TOKEN@host) into FETCH_HEAD.
     * ssh keeps its user name, which names the account, not a secret.
     */
    private static URIish transportUri(GitRemote remote) throws URISyntaxException {
        String url = remote.fetchUrl();
        // file:/srv/x (as java.io.File writes a URI) is file:///srv/x; JGit reads only the latter.
        if (url.regionMatches(true, 0, "file:/", 0, 6) && !url.regionMatches(true, 0, "file://", 0, 7)) url = "file://" + url.substring(5);
        URIish u = new URIish(url);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") ? u.setUser(null).setPass(null) : u;
    }

    private static void create(FileRepository repo, String url) throws IOException {
        repo.create(true);
        StoredConfig cfg = repo.getConfig();
        // For people looking into the data directory: which repository this is.
        cfg.setString("remote", "origin", "url", dev.modgate.net.Userinfo.redact(url));
        // Mirrors are only read by modgate: no reflogs, no automatic gc while fetching.
        cfg.setBoolean("core", null, "logAllRefUpdates", false);
        cfg.setInt("gc", null, "auto", 0);
        cfg.save();
        repo.updateRef("HEAD").link(NO_HEAD);
    }

    Repository repository() { return repo; }

    Path dir() { return dir; }

    /** Closes the repository once (JGit counts closes and complains about extra ones). */
    void close() {
        if (!closed.getAndSet(true)) repo.close();
    }

    /**
     * Whether the mirror can still be used: its directory is whole (not removed or emptied by hand) and no read found
     * it damaged. Three stats, at the start of each session.
     */
    boolean usable() {
        if (damaged || discarded) return false;
        if (!Files.isRegularFile(dir.resolve("config"))) return !created;
        return Files.isDirectory(dir.resolve("objects")) && Files.isDirectory(dir.resolve("refs")) && Files.exists(dir.resolve("HEAD"));
    }

    /**
     * A 507-kind failure when the mirror's file system has (almost) no room left: the explanation for a fetch that
     * ended without error but without the objects asked for. Null when there is room.
     */
    SourceException fullDisk(GitRemote remote) {
        if (!DiskSpace.nearlyFull(dir.getParent())) return null;
        return new SourceException(SourceException.Kind.LOCAL, "git fetch of " + remote + ": the data directory is full");
    }

    /** Whether the mirror was found damaged or removed while in use (answers read from it are not to be trusted). */
    boolean damaged() { return damaged; }

    /** Objects the refs name are missing (a pack deleted by hand, a disk error): the next session rebuilds the mirror. */
    void markDamaged() {
        if (!damaged) log.warn("the git mirror in {} is damaged (objects missing); it is rebuilt", dir);
        damaged = true;
    }

    /**
     * The remote's refs as {@code git ls-remote} lists them (HEAD, branches, tags; annotated tags peeled to their
     * commits), reused for reuseNanos: this is all a list, a latest or a tag lookup needs from the remote. No objects
     * are fetched and no lock is taken, so a repository with damaged history still lists (as the go command's does).
     */
    RemoteRefs advertised(GitRemote remote, GitTransports transports, long reuseNanos, long deadlineNanos) throws IOException {
        RemoteRefs known = lastAdvertised;
        long now = System.nanoTime();
        if (known != null && now - known.atNanos() < reuseNanos) return known;
        RemoteRefs fresh;
        try {
            fresh = transports.run(remote, deadlineNanos, () -> lsRemote(remote, transports, deadlineNanos));
        } catch (IOException e) {
            // A mirror of a repository that does not answer is not kept; if another request holds the lock (it
            // fetches into the mirror, so the mirror is not empty), nothing is to be discarded: no wait.
            try (FileLocks.Held ignored = lock(remote.toString(), System.nanoTime())) {
                discardIfEmpty(remote);
            } catch (IOException notNow) {
                e.addSuppressed(notNow);
            }
            throw e;
        }
        lastAdvertised = fresh;
        return fresh;
    }

    private RemoteRefs lsRemote(GitRemote remote, GitTransports transports, long deadlineNanos) throws IOException {
        return withTransport(remote, transports, "git ls-remote", deadlineNanos, t -> {
            try (FetchConnection c = t.openFetch(SPECS, "HEAD")) {
                return RemoteRefs.of(c.getRefsMap(), System.nanoTime());
            }
        });
    }

    private interface TransportCall<T> {
        T apply(Transport t) throws IOException;
    }

    /**
     * Counts a contact, opens a transport to the remote under its connection rules, and turns JGit's failures into
     * modgate's: a repository that does not exist, an invalid URL, a classified transport failure.
     */
    private <T> T withTransport(GitRemote remote, GitTransports transports, String op, long deadlineNanos, TransportCall<T> call) throws IOException {
        contacts.incrementAndGet();
        try (Transport t = Transport.open(repo, transportUri(remote))) {
            transports.configure(t, remote);
            return call.apply(t);
        } catch (URISyntaxException e) {
            throw new SourceException(SourceException.Kind.FAILED, "invalid repository URL " + remote);
        } catch (NoRemoteRepositoryException e) {
            throw CodeRepoException.notExist(op + " " + remote + ": repository not found");
        } catch (TransportException e) {
            throw GitErrors.transport(remote, e, deadlineNanos);
        }
    }

    /**
     * Fetches one ref the remote advertised (as {@code git fetch --depth=1 origin ref:ref}): the commit a tag names
     * and its tree, no history. Tags pointing at the fetched commit come along (tag auto-following), as with git.
     */
    void fetchOne(GitRemote remote, GitTransports transports, String ref, long deadlineNanos) throws IOException {
        try (FileLocks.Held ignored = lock(remote.toString(), deadlineNanos)) {
            fetchOneLocked(remote, transports, ref, deadlineNanos);
        } catch (IOException e) {
            // A full or read-only data directory is modgate's fault (507/500), never the repository's.
            SourceException local = GitErrors.local(remote.toString(), e);
            throw local != null ? local : e;
        }
    }

    private void fetchOneLocked(GitRemote remote, GitTransports transports, String ref, long deadlineNanos) throws IOException {
        // The commit fetched is a shallow boundary now (JGit's walks see it without parents): the next full refresh
        // must fetch (and unshallow), whatever refresh moments ago it would otherwise reuse.
        refreshedOnce = false;
        transports.run(remote, deadlineNanos, () -> withTransport(remote, transports, "git fetch", deadlineNanos, t -> {
            long t0 = System.nanoTime();
            t.setTagOpt(TagOpt.AUTO_FOLLOW);
            t.setDepth(1);
            t.fetch(new DeadlineMonitor(deadlineNanos), List.of(new RefSpec("+" + ref + ":" + ref)));
            log.debug("git {}: fetched {} (depth 1) in {} ms", remote, ref, (System.nanoTime() - t0) / 1_000_000);
            return null;
        }));
    }


    /**
     * Brings the whole mirror up to the remote's current state (every branch and tag with all its history, as the
     * go command's fetch of refs/heads/* and refs/tags/* followed by --unshallow), unless that was done less than
     * {@code reuse} nanos ago. Needed only where history matters: pseudo-versions, branches, ancestry. Serialized per
     * mirror; the deadline bounds the whole fetch.
     */
    void refresh(GitRemote remote, GitTransports transports, long reuseNanos, long deadlineNanos) throws IOException {
        refresh(remote, transports, reuseNanos, deadlineNanos, false);
    }

    /** A full refresh that reuses nothing: the remote named a commit that the refresh reused did not bring. */
    void refreshNow(GitRemote remote, GitTransports transports, long deadlineNanos) throws IOException {
        refresh(remote, transports, 0, deadlineNanos, true);
    }

    private void refresh(GitRemote remote, GitTransports transports, long reuseNanos, long deadlineNanos, boolean force) throws IOException {
        long start = System.nanoTime();
        // The common case, a refresh moments ago, needs no lock (and must not wait for another process's fetch).
        if (!force && refreshedOnce && start - lastRefreshNanos < reuseNanos) return;
        try (FileLocks.Held ignored = lock(remote.toString(), deadlineNanos)) {
            if (!force && refreshedOnce && start - lastRefreshNanos < reuseNanos) return;
            // Another request may have refreshed while this one waited for the lock: that answer is fresh enough.
            if (!force && refreshedOnce && lastRefreshNanos - start > 0) return;
            try {
                transports.run(remote, deadlineNanos, () -> {
                    fetch(remote, transports, deadlineNanos);
                    return null;
                });
            } catch (IOException e) {
                discardIfEmpty(remote);
                SourceException local = GitErrors.local(remote.toString(), e);
                throw local != null ? local : e;
            }
            lastRefreshNanos = System.nanoTime();
            refreshedOnce = true;
        }
    }

    private void fetch(GitRemote remote, GitTransports transports, long deadlineNanos) throws IOException {
        long t0 = System.nanoTime();
        withTransport(remote, transports, "git ls-remote", deadlineNanos, t -> {
            Map<String, Ref> advertised;
            try (FetchConnection c = t.openFetch(SPECS, "HEAD")) {
                advertised = c.getRefsMap();
            }
            lastAdvertised = RemoteRefs.of(advertised, System.nanoTime());
            Map<String, ObjectId> want = new HashMap<>();
            for (Ref r : advertised.values()) {
                String n = r.getName();
                if ((n.startsWith("refs/heads/") || n.startsWith("refs/tags/")) && !n.endsWith("^{}") && r.getObjectId() != null) {
                    want.put(n, r.getObjectId());
                }
            }
            boolean shallow = !repo.getObjectDatabase().getShallowCommits().isEmpty();
            boolean fetched = false;
            if (!want.equals(localRefs()) || shallow) {
                t.setRemoveDeletedRefs(true);
                t.setTagOpt(TagOpt.NO_TAGS);
                // Tags fetched alone (depth 1) left the mirror shallow: this fetch brings their history too.
                if (shallow) t.setDepth(Constants.INFINITE_DEPTH);
                t.fetch(new DeadlineMonitor(deadlineNanos), SPECS);
                fetched = true;
            }
            updateHead(advertised.get("HEAD"));
            log.debug("git {}: {} refs, {} in {} ms", remote, want.size(), fetched ? "fetched" : "unchanged", (System.nanoTime() - t0) / 1_000_000);
            return null;
        });
    }

    /**
     * A mirror into which nothing was ever fetched (the repository does not exist, or never answered) is not kept:
     * lookups of made-up repositories must not fill the data directory. Called holding the mirror's lock.
     */
    private void discardIfEmpty(GitRemote remote) {
        try {
            if (!localRefs().isEmpty()) return;
            discarded = true;
            close();
            GitMirrors.deleteTree(dir);
            log.debug("git {}: nothing fetched, mirror removed", remote);
        } catch (IOException | RuntimeException e) {
            log.warn("could not remove the empty git mirror in {}: {}", dir, e.toString());
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
