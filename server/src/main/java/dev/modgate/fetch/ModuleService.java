package dev.modgate.fetch;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.storage.LockTimeoutException;
import dev.modgate.storage.ModuleStore;
import dev.modgate.storage.QuarantineGeneration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline behind every GOPROXY endpoint: cache -> single-flight fetch from the upstream chain ->
 * verify -> store -> hand back something to stream. Paths and versions arrive validated and unescaped.
 *
 * <p>Canonical .info/.mod/.zip are immutable: once stored they are served forever without asking upstream, and
 * never replaced. Version lists and @latest are re-fetched after a TTL and served stale when every upstream fails
 * (and, for a short while after such a failure, served stale at once instead of waiting out another timeout).
 * Queries (branches, commits, version prefixes) are resolved upstream and only held briefly in memory.
 */
public final class ModuleService {
    private static final Logger log = LoggerFactory.getLogger(ModuleService.class);

    private final ModuleStore store;
    private final boolean offline;
    private final UpstreamChain chain;
    private final Duration listTtl;
    private final Duration negativeTtl;
    private final Checksums checksums;
    private final SingleFlight<Artifact> flights = new SingleFlight<>();
    private final ExpiringCache<FetchException> notFound = new ExpiringCache<>(50_000);
    private final ExpiringCache<FetchException> recentFailures = new ExpiringCache<>(50_000);
    private final ExpiringCache<byte[]> queries = new ExpiringCache<>(50_000);
    private final AtomicLong upstreamFetches = new AtomicLong();
    /** Stored .info/.mod files in memory: a cache hit for them costs no system call. */
    private final HotFiles hot = new HotFiles(32L << 20);
    /** Merged version lists (upstream's + stored), valid while neither the sidecar nor the @v directory changes. */
    private final ConcurrentHashMap<String, CachedList> lists = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_LISTS = 50_000;

    public ModuleService(ModuleStore store, UpstreamChain chain, Duration listTtl, Duration negativeTtl, boolean offline) {
        this(store, chain, listTtl, negativeTtl, offline, Checksums.NONE);
    }

    public ModuleService(ModuleStore store, UpstreamChain chain, Duration listTtl, Duration negativeTtl, boolean offline, Checksums checksums) {
        this.checksums = checksums;
        this.offline = offline;
        this.store = store;
        this.chain = chain;
        this.listTtl = listTtl;
        this.negativeTtl = negativeTtl;
        this.quarantined = new QuarantineGeneration(store);
    }

    /**
     * Drops what is held in memory of path@version's stored files: called after a checksum database refused a stored
     * copy and it was moved out of the data directory (it must not be served from memory either).
     */
    public void forget(String path, String version) {
        hot.drop(store.versionFile(path, version, "mod"));
        hot.drop(store.versionFile(path, version, "info"));
        lists.remove(path);
        forgotten.incrementAndGet();
    }

    /**
     * How many times {@link #forget} was called, or all was dropped because another process sharing the data directory
     * quarantined a file: a cache of answers by request path is cleared when it changes. Called on every request.
     */
    public long forgotten() {
        checkQuarantine();
        return forgotten.get();
    }

    private final AtomicLong forgotten = new AtomicLong();
    /** Bumped by whichever process moves a file to the quarantine: it may be one we hold in memory. */
    private final QuarantineGeneration quarantined;

    /** At most once a second a small read; then, if another process quarantined anything, all .info/.mod held go. */
    private void checkQuarantine() {
        if (!quarantined.changed()) return;
        hot.clear();
        lists.clear();
        forgotten.incrementAndGet();
        log.info("a stored file was moved to the quarantine (by this or another process sharing {}): dropped the .info and .mod files held in memory",
                store.root());
    }

    /** True when serve --offline: nothing is ever fetched. */
    public boolean offline() { return offline; }

    /** Fetches started against the upstream chain since start (each may try several upstreams). */
    public long upstreamFetches() { return upstreamFetches.get(); }

    // ---------------------------------------------------------------- immutable artifacts

    public Artifact zip(String path, String version, boolean mayFetch) throws FetchException {
        Path target = store.versionFile(path, version, "zip");
        return immutable("zip", path, version, target, Artifact.ZIP, mayFetch, () -> {
            Path tmp = store.newTempFile();
            try {
                String h1 = chain.fetch(path, path + "@" + version + " .zip", src -> {
                    src.zip(path, version, tmp, ArtifactChecks.MAX_ZIP);
                    return ArtifactChecks.zip(path, version, tmp);
                });
                // After the chain, not inside it: a mismatch is no reason to try another upstream, it is an attack.
                checksums.verify(path, version, false, h1);
                if (store.commitNew(tmp, target)) {
                    bestEffort("record the h1 of", path, version, () -> store.writeDerived(
                            store.versionFile(path, version, "ziphash"), h1.getBytes(StandardCharsets.UTF_8)));
                    log.info("stored {}@{} .zip ({} bytes, {})", path, version, Files.size(target), h1);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            checksums.stored(path, version);
        });
    }

    public Artifact mod(String path, String version, boolean mayFetch) throws FetchException {
        Path target = store.versionFile(path, version, "mod");
        return immutable("mod", path, version, target, Artifact.TEXT, mayFetch, () -> {
            byte[] mod = chain.fetch(path, path + "@" + version + " .mod", src -> {
                byte[] b = src.mod(path, version);
                ArtifactChecks.goMod(b);
                return b;
            });
            checksums.verify(path, version, true, DirHash.hashGoMod(mod));
            // On the disk before the lock (shared with 1/256 of all modules, and with other processes), so that cold
            // fetches do not queue behind each other's fsyncs; the lock then only covers the link, and if another
            // process hangs holding it, nothing is stored and a retry does it all. A go.mod does not list its version
            // (see ModuleStore.storedVersions): only a stored .info does.
            Path tmp = store.writeSyncedTemp(mod);
            try {
                store.withModuleLock(path, () -> store.linkNew(tmp, target));
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }

    /**
     * The .info for rev: a canonical version's is stored forever; anything else (a branch, a commit, a version prefix)
     * is a query, resolved upstream and held briefly (see {@link ModulePath#isCanonicalVersionOf}).
     */
    public Artifact info(String path, String rev, boolean mayFetch) throws FetchException {
        return ModulePath.isCanonicalVersionOf(path, rev) ? versionInfo(path, rev, mayFetch) : query(path, rev, mayFetch);
    }

    private Artifact versionInfo(String path, String version, boolean mayFetch) throws FetchException {
        Path target = store.versionFile(path, version, "info");
        return immutable("info", path, version, target, Artifact.JSON, mayFetch, () -> {
            byte[] info = chain.fetch(path, path + "@" + version + " .info", src -> {
                byte[] b = src.info(path, version);
                ArtifactChecks.infoFor(path, version, b);
                return b;
            });
            storeInfo(path, version, info);
        });
    }

    /** Stores a version's .info; the version is listed from then on, as its source resolved it (see storedVersions). */
    private void storeInfo(String path, String version, byte[] info) throws IOException {
        if (store.writeNew(store.versionFile(path, version, "info"), info)) {
            bestEffort("update the version list of", path, version, () -> store.rebuildList(path));
            lists.remove(path);
        }
    }

    private interface Fetch {
        void run() throws Exception;
    }

    /**
     * The stored .info, .mod or .zip of a canonical version, or empty when it is not stored (and for an .info query,
     * whose answer may change). Costs at most a stat and a small read of a local file (nothing for .info/.mod already
     * in memory), never an upstream call: the HTTP layer answers these hits right where the request was parsed.
     */
    public Optional<Artifact> stored(String kind, String path, String version) throws IOException {
        if (kind.equals("info") && !ModulePath.isCanonicalVersionOf(path, version)) return Optional.empty();
        Path target = store.versionFile(path, version, kind);
        String type = switch (kind) {
            case "info" -> Artifact.JSON;
            case "mod" -> Artifact.TEXT;
            case "zip" -> Artifact.ZIP;
            default -> throw new IllegalArgumentException(kind);
        };
        return Optional.ofNullable(hit(target, type));
    }

    private Artifact hit(Path target, String type) throws IOException {
        if (!type.equals(Artifact.ZIP)) {
            checkQuarantine();
            HotFiles.Entry e = hot.get(target);
            if (e == null) {
                // A miss is the common case here before a fetch: tell it without an exception.
                if (!Files.isRegularFile(target)) return null;
                e = hot.load(target);
            }
            if (e != null) return new Artifact(null, e.bytes(), type, Artifact.CacheStatus.HIT, true, e.etag());
        }
        return store.existing(target).map(f -> Artifact.file(f, type, Artifact.CacheStatus.HIT, true)).orElse(null);
    }

    private Artifact immutable(String kind, String path, String version, Path target, String type, boolean mayFetch, Fetch fetch)
            throws FetchException {
        String key = kind + " " + path + "@" + version;
        try {
            Artifact stored = hit(target, type);
            if (stored != null) return stored;
        } catch (IOException e) {
            throw internal(key, e);
        }
        if (!mayFetch) throw noCopy(path + "@" + version + " ." + kind);
        FetchException miss = notFound.get(key);
        if (miss != null) throw miss;
        return flight(key, () -> {
            // Another caller may have stored it between our check and taking the flight.
            Artifact stored = hit(target, type);
            if (stored != null) return stored;
            upstreamFetches.incrementAndGet();
            try {
                fetch.run();
            } catch (FetchException e) {
                // Inside the flight, so a request arriving as the flight ends finds the answer cached.
                if (e.isNotFound()) notFound.put(key, e, negativeTtl);
                throw e;
            }
            // As a later hit would be answered: small files from memory, so the miss costs one write, not a copy loop.
            Artifact fetched = hit(target, type);
            return (fetched != null ? fetched : Artifact.file(target, type, Artifact.CacheStatus.MISS, true)).withCache(Artifact.CacheStatus.MISS);
        });
    }

    // ---------------------------------------------------------------- queries

    /** An .info for something that is not a canonical version: resolved upstream every time the short cache expires. */
    private Artifact query(String path, String query, boolean mayFetch) throws FetchException {
        String key = "query " + path + "@" + query;
        if (!mayFetch) return fromStore(key, () -> StoredAnswers.query(store, path, query), path + "@" + query);
        byte[] cached = queries.get(key);
        if (cached != null) return Artifact.bytes(cached, Artifact.JSON, Artifact.CacheStatus.HIT, false);
        FetchException miss = notFound.get(key);
        if (miss != null) throw miss;
        return flight(key, () -> {
            upstreamFetches.incrementAndGet();
            byte[] info;
            try {
                info = chain.fetch(path, path + "@" + query + " .info", src -> {
                    byte[] b = src.info(path, query);
                    ArtifactChecks.info(path, b);
                    return b;
                });
            } catch (FetchException e) {
                if (e.isNotFound()) notFound.put(key, e, negativeTtl);
                throw e;
            }
            queries.put(key, info, listTtl);
            rememberInfo(path, info);
            return Artifact.bytes(info, Artifact.JSON, Artifact.CacheStatus.MISS, false);
        });
    }

    /** The answer to a query names a canonical version: its .info is immutable, keep it (unless already kept). */
    private void rememberInfo(String path, byte[] info) {
        try {
            // The version the go command reads from it (the body passed ArtifactChecks.info), not the first "Version" key.
            String v = ArtifactChecks.info(path, info);
            storeInfo(path, v, info);
        } catch (IOException | RuntimeException e) {
            log.warn("could not store resolved .info of {}: {}", path, e.toString());
        }
    }

    // ---------------------------------------------------------------- lists and @latest

    public Artifact list(String path, boolean mayFetch) throws FetchException {
        Path sidecar = store.upstreamListFile(path);
        String key = "list " + path;
        if (!mayFetch) return fromStore(key, () -> StoredAnswers.list(store, path), "any version of " + path);
        Artifact fresh = freshList(key, path, sidecar);
        if (fresh != null) return fresh;
        FetchException miss = notFound.get(key);
        if (miss != null) return storedListOr(key, path, miss);
        FetchException failing = recentFailures.get(key);
        if (failing != null) return staleList(key, path, sidecar, failing);
        return flight(key, () -> {
            Artifact now = freshList(key, path, sidecar);
            if (now != null) return now;
            upstreamFetches.incrementAndGet();
            byte[] body;
            try {
                body = chain.fetch(path, path + " version list", src -> normalizeList(src.list(path)));
            } catch (FetchException e) {
                if (e.isNotFound()) {
                    notFound.put(key, e, negativeTtl);
                    return storedListOr(key, path, e);
                }
                recentFailures.put(key, e, backoff());
                return staleList(key, path, sidecar, e);
            }
            store.writeDerived(sidecar, body);
            return listArtifact(key, path, body, Artifact.CacheStatus.MISS);
        });
    }

    /** A merged list, valid for sidecar and directory times; last confirmed against the disk at checkedAt (nanos). */
    private static final class CachedList {
        final long sidecarMtime, dirMtime;
        final Artifact artifact;
        volatile long checkedAt = System.nanoTime();

        CachedList(long sidecarMtime, long dirMtime, Artifact artifact) {
            this.sidecarMtime = sidecarMtime;
            this.dirMtime = dirMtime;
            this.artifact = artifact;
        }
    }

    /** A merged list is re-checked against the disk at most this often (this process drops it at once when it stores a version). */
    private static final long LIST_RECHECK_NANOS = 1_000_000_000L;

    /**
     * The version list while the upstream's answer is fresh and already merged in memory, else empty; costs two
     * stats at most once a second (another process storing a version shows within a second). The HTTP layer answers
     * these hits right where the request was parsed.
     */
    public Optional<Artifact> cachedList(String path) {
        CachedList c = lists.get(path);
        if (c == null) return Optional.empty();
        if (System.currentTimeMillis() - c.sidecarMtime >= listTtl.toMillis()) return Optional.empty();
        long now = System.nanoTime();
        if (now - c.checkedAt < LIST_RECHECK_NANOS) return Optional.of(c.artifact);
        Path sidecar = store.upstreamListFile(path);
        if (mtime(sidecar) != c.sidecarMtime || mtime(sidecar.getParent()) != c.dirMtime) {
            lists.remove(path, c);
            return Optional.empty();
        }
        c.checkedAt = now;
        return Optional.of(c.artifact);
    }

    /**
     * The merged list while the sidecar is fresh, else null: from memory when neither the sidecar nor the @v
     * directory changed since it was merged (a version stored by this or another process renames a file into @v).
     * Both times are read before the contents, and a merge is only kept when both are over two seconds old, so a
     * change within the file system's timestamp granularity cannot hide behind an unchanged time.
     */
    private Artifact freshList(String key, String path, Path sidecar) throws FetchException {
        Optional<Artifact> cached = cachedList(path);
        if (cached.isPresent()) return cached.get();
        long sidecarMtime = mtime(sidecar), dirMtime = mtime(sidecar.getParent());
        Optional<byte[]> fresh = freshSidecar(sidecar);
        if (fresh.isEmpty()) return null;
        Artifact a = listArtifact(key, path, fresh.get(), Artifact.CacheStatus.HIT);
        long settled = System.currentTimeMillis() - 2000;
        if (sidecarMtime > 0 && sidecarMtime < settled && dirMtime > 0 && dirMtime < settled) {
            if (lists.size() >= MAX_CACHED_LISTS) lists.clear();
            a = new Artifact(null, a.bytes(), a.contentType(), a.cache(), false, Artifact.bytesEtag(a.bytes()));
            lists.put(path, new CachedList(sidecarMtime, dirMtime, a));
        }
        return a;
    }

    private static long mtime(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    private Artifact staleList(String key, String path, Path sidecar, FetchException failure) throws FetchException {
        try {
            Optional<byte[]> stale = read(sidecar);
            if (stale.isEmpty() && store.storedVersions(path).isEmpty()) throw failure;
            log.warn("serving stale version list of {}: {}", path, failure.getMessage());
            return listArtifact(key, path, stale.orElse(new byte[0]), Artifact.CacheStatus.STALE);
        } catch (IOException e) {
            throw internal(key, e);
        }
    }

    private Artifact storedListOr(String key, String path, FetchException notFound) throws FetchException {
        try {
            if (store.storedVersions(path).isEmpty()) throw notFound;
        } catch (IOException e) {
            throw internal(key, e);
        }
        return listArtifact(key, path, new byte[0], Artifact.CacheStatus.HIT);
    }

    /**
     * The upstream's list merged with what is stored: a version once resolved (its .info stored) stays listed even if
     * upstream drops it.
     */
    private Artifact listArtifact(String key, String path, byte[] upstream, Artifact.CacheStatus status) throws FetchException {
        TreeMap<String, String> lines = new TreeMap<>(Semver.BY_VERSION.thenComparing(Comparable::compareTo));
        for (String line : new String(upstream, StandardCharsets.UTF_8).split("\n")) {
            String v = line.strip().split("\\s+")[0];
            if (!v.isEmpty()) lines.put(v, line.strip());
        }
        try {
            for (String v : store.storedVersions(path)) lines.putIfAbsent(v, v);
        } catch (IOException e) {
            throw internal(key, e);
        }
        StringBuilder b = new StringBuilder();
        for (String l : lines.values()) b.append(l).append('\n');
        return Artifact.bytes(b.toString().getBytes(StandardCharsets.UTF_8), Artifact.TEXT, status, false);
    }

    /** Keeps the lines the go command would use: a valid, non-pseudo version, optionally followed by a timestamp. */
    static byte[] normalizeList(byte[] raw) {
        StringBuilder b = new StringBuilder();
        for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) continue;
            if (!Semver.isValid(f[0]) || PseudoVersion.isPseudo(f[0])) continue;
            b.append(f[0]);
            if (f.length > 1) b.append(' ').append(f[1]);
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public Artifact latest(String path, boolean mayFetch) throws FetchException {
        Path sidecar = store.upstreamLatestFile(path);
        String key = "latest " + path;
        if (!mayFetch) return fromStore(key, () -> StoredAnswers.latest(store, path), "any version of " + path);
        Optional<byte[]> fresh = freshSidecar(sidecar);
        if (fresh.isPresent()) return Artifact.bytes(fresh.get(), Artifact.JSON, Artifact.CacheStatus.HIT, false);
        FetchException miss = notFound.get(key);
        if (miss != null) throw miss;
        FetchException failing = recentFailures.get(key);
        if (failing != null) return staleLatest(key, sidecar, failing);
        return flight(key, () -> {
            Optional<byte[]> now = freshSidecar(sidecar);
            if (now.isPresent()) return Artifact.bytes(now.get(), Artifact.JSON, Artifact.CacheStatus.HIT, false);
            upstreamFetches.incrementAndGet();
            byte[] body;
            try {
                body = chain.fetch(path, path + "@latest", src -> {
                    byte[] b = src.latest(path);
                    ArtifactChecks.info(path, b);
                    return b;
                });
            } catch (FetchException e) {
                if (e.isNotFound()) {
                    notFound.put(key, e, negativeTtl);
                    throw e;
                }
                recentFailures.put(key, e, backoff());
                return staleLatest(key, sidecar, e);
            }
            store.writeDerived(sidecar, body);
            rememberInfo(path, body);
            return Artifact.bytes(body, Artifact.JSON, Artifact.CacheStatus.MISS, false);
        });
    }

    private Artifact staleLatest(String key, Path sidecar, FetchException failure) throws FetchException {
        try {
            Optional<byte[]> stale = read(sidecar);
            if (stale.isEmpty()) throw failure;
            log.warn("serving stale {}: {}", key, failure.getMessage());
            return Artifact.bytes(stale.get(), Artifact.JSON, Artifact.CacheStatus.STALE, false);
        } catch (IOException e) {
            throw internal(key, e);
        }
    }

    private Duration backoff() {
        return FailureBackoff.of(listTtl);
    }

    /** The sidecar's bytes when it is younger than the TTL. Bytes, not the file: it may be replaced while we send. */
    private Optional<byte[]> freshSidecar(Path f) {
        if (!store.age(f).map(a -> a.compareTo(listTtl) < 0).orElse(false)) return Optional.empty();
        try {
            return read(f);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> read(Path f) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(f));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- shared machinery

    /** A flight key as people write it: "mod rsc.io/quote@v1.5.2" is rsc.io/quote@v1.5.2 .mod. */
    private static String what(String key) {
        return key.matches("(info|mod|zip) .*") ? key.substring(key.indexOf(' ') + 1) + " ." + key.substring(0, key.indexOf(' ')) : key;
    }

    /** Runs the work once per key; callers that waited on another's work see their artifact as SHARED. */
    private Artifact flight(String key, SingleFlight.Work<Artifact> work) throws FetchException {
        try {
            SingleFlight.Result<Artifact> r = flights.run(key, work);
            Artifact a = r.value();
            return r.shared() && a.cache() == Artifact.CacheStatus.MISS ? a.withCache(Artifact.CacheStatus.SHARED) : a;
        } catch (FetchException e) {
            throw e;
        } catch (Exception e) {
            throw internal(key, e);
        }
    }

    private interface StoredAnswer {
        Optional<Artifact> find() throws IOException;
    }

    private Artifact fromStore(String key, StoredAnswer answer, String what) throws FetchException {
        try {
            return answer.find().orElseThrow(() -> noCopy(what));
        } catch (IOException e) {
            throw internal(key, e);
        }
    }

    /** The go command prints this body: say plainly why there is no answer and what would give one. */
    private FetchException noCopy(String what) {
        String why = offline ? "modgate is offline (--offline)" : "fetching is disabled for this request (Disable-Module-Fetch: true)";
        return new FetchException(404, "not found: " + why + " and has no copy of " + what
                + "; load it into the data directory while online, or ask a modgate that can reach an upstream", java.util.List.of(), false);
    }

    private interface IoStep {
        void run() throws IOException;
    }

    /** Bookkeeping after an artifact is safely stored must not turn the request into an error. */
    private static void bestEffort(String what, String path, String version, IoStep step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            log.warn("could not {} {}@{}: {}", what, path, version, e.toString());
        }
    }

    /** Details (file names of this server) go to the log, not to the client. */
    private static FetchException internal(String key, Exception e) {
        if (e instanceof LockTimeoutException lt) {
            // Not this request's fault nor the upstream's, and likely to pass: 503, saying which module and why.
            log.error("serving {}: {} ({})", key, lt.getMessage(), lt.lockFile());
            return new FetchException(503, "modgate could not serve " + what(key) + ": " + lt.getMessage());
        }
        if (dev.modgate.storage.LocalFailures.diskFull(e)) {
            // Not modgate's fault nor the upstream's: say so, with the status for it, and keep the log short.
            String what = what(key);
            log.error("could not store {}: the data directory is full ({})", what, e.getMessage());
            return new FetchException(507, "modgate could not store " + what + ": the data directory is full", java.util.List.of(), false);
        }
        log.error("internal error serving {}", key, e);
        return new FetchException(500, "internal error serving " + key + " (" + e.getClass().getSimpleName() + "; details in the modgate log)");
    }
}
