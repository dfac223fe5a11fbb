package dev.modgate.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.source.SourceException;
import dev.modgate.storage.ModuleStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline behind every GOPROXY endpoint: cache -> single-flight fetch from the upstream chain ->
 * verify -> store -> hand back something to stream. Paths and versions arrive validated and unescaped.
 *
 * <p>Canonical .info/.mod/.zip are immutable: once stored they are served forever without asking upstream.
 * Version lists and @latest are re-fetched after a TTL and served stale when every upstream fails. Queries
 * (branches, commits, version prefixes) are resolved upstream and only held briefly in memory.
 */
public final class ModuleService {
    private static final Logger log = LoggerFactory.getLogger(ModuleService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final long MAX_ZIP = 500L << 20;
    public static final long MAX_GO_MOD = 16L << 20;

    private final ModuleStore store;
    private final boolean offline;
    private final UpstreamChain chain;
    private final Duration listTtl;
    private final Duration negativeTtl;
    private final Checksums checksums;
    private final SingleFlight<Artifact> flights = new SingleFlight<>();
    private final ExpiringCache<FetchException> notFound = new ExpiringCache<>(50_000);
    private final ExpiringCache<byte[]> queries = new ExpiringCache<>(50_000);
    private final AtomicLong upstreamFetches = new AtomicLong();

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
    }

    /** True when serve --offline: nothing is ever fetched. */
    public boolean offline() { return offline; }

    /** Fetches started against the upstream chain since start (each may try several upstreams). */
    public long upstreamFetches() { return upstreamFetches.get(); }

    /** True when v is a version whose files never change: canonical and valid for the path. */
    public static boolean isImmutableVersion(String path, String v) {
        if (!v.equals(ModulePath.canonicalVersion(v))) return false;
        try {
            ModulePath.check(path, v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- immutable artifacts

    public Artifact zip(String path, String version, boolean mayFetch) throws FetchException {
        Path target = store.versionFile(path, version, "zip");
        return immutable("zip", path, version, target, Artifact.ZIP, mayFetch, () -> {
            Path tmp = store.newTempFile();
            try {
                String h1 = chain.fetch(path + "@" + version + " .zip", src -> {
                    src.zip(path, version, tmp, MAX_ZIP);
                    return verifyZip(path, version, tmp);
                });
                // After the chain, not inside it: a mismatch is no reason to try another upstream, it is an attack.
                checksums.verify(path, version, false, h1);
                store.commit(tmp, target);
                store.writeAtomically(store.versionFile(path, version, "ziphash"), h1.getBytes(StandardCharsets.UTF_8));
                log.info("stored {}@{} .zip ({} bytes, {})", path, version, Files.size(target), h1);
            } finally {
                Files.deleteIfExists(tmp);
            }
            checksums.stored(path, version);
        });
    }

    public Artifact mod(String path, String version, boolean mayFetch) throws FetchException {
        Path target = store.versionFile(path, version, "mod");
        return immutable("mod", path, version, target, Artifact.TEXT, mayFetch, () -> {
            byte[] mod = chain.fetch(path + "@" + version + " .mod", src -> {
                byte[] b = src.mod(path, version);
                verifyGoMod(path, version, b);
                return b;
            });
            checksums.verify(path, version, true, DirHash.hashGoMod(mod));
            store.writeAtomically(target, mod);
            store.rebuildList(path);
        });
    }

    public Artifact info(String path, String version, boolean mayFetch) throws FetchException {
        Path target = store.versionFile(path, version, "info");
        return immutable("info", path, version, target, Artifact.JSON, mayFetch, () -> {
            byte[] info = chain.fetch(path + "@" + version + " .info", src -> {
                byte[] b = src.info(path, version);
                String got = verifyInfo(path, b);
                if (!got.equals(version)) {
                    throw new SourceException(SourceException.Kind.INVALID, "returned info for version " + got + " instead of requested version " + version);
                }
                return b;
            });
            store.writeAtomically(target, info);
        });
    }

    private interface Fetch {
        void run() throws Exception;
    }

    private Artifact immutable(String kind, String path, String version, Path target, String type, boolean mayFetch, Fetch fetch)
            throws FetchException {
        if (store.existing(target).isPresent()) return Artifact.file(target, type, Artifact.CacheStatus.HIT, true);
        if (!mayFetch) throw noCopy(path + "@" + version + " ." + kind);
        String key = kind + " " + path + "@" + version;
        FetchException miss = notFound.get(key);
        if (miss != null) throw miss;
        try {
            return flights.run(key, () -> {
                // Another caller may have stored it between our check and taking the flight.
                if (store.existing(target).isPresent()) return Artifact.file(target, type, Artifact.CacheStatus.HIT, true);
                upstreamFetches.incrementAndGet();
                fetch.run();
                return Artifact.file(target, type, Artifact.CacheStatus.MISS, true);
            });
        } catch (FetchException e) {
            if (e.isNotFound()) notFound.put(key, e, negativeTtl);
            throw e;
        } catch (Exception e) {
            throw internal(key, e);
        }
    }

    // ---------------------------------------------------------------- queries

    /** An .info for something that is not a canonical version: resolved upstream every time the short cache expires. */
    public Artifact query(String path, String query, boolean mayFetch) throws FetchException {
        String key = "query " + path + "@" + query;
        if (!mayFetch) return fromStore(key, () -> StoredAnswers.query(store, path, query), path + "@" + query);
        byte[] cached = queries.get(key);
        if (cached != null) return Artifact.bytes(cached, Artifact.JSON, Artifact.CacheStatus.HIT, false);
        FetchException miss = notFound.get(key);
        if (miss != null) throw miss;
        try {
            return flights.run(key, () -> {
                upstreamFetches.incrementAndGet();
                byte[] info = chain.fetch(path + "@" + query + " .info", src -> {
                    byte[] b = src.info(path, query);
                    verifyInfo(path, b);
                    return b;
                });
                queries.put(key, info, listTtl);
                rememberInfo(path, info);
                return Artifact.bytes(info, Artifact.JSON, Artifact.CacheStatus.MISS, false);
            });
        } catch (FetchException e) {
            if (e.isNotFound()) notFound.put(key, e, negativeTtl);
            throw e;
        } catch (Exception e) {
            throw internal(key, e);
        }
    }

    /** The answer to a query names a canonical version: its .info is immutable, keep it. */
    private void rememberInfo(String path, byte[] info) {
        try {
            String v = JSON.readTree(info).get("Version").asText();
            Path target = store.versionFile(path, v, "info");
            if (store.existing(target).isEmpty()) store.writeAtomically(target, info);
        } catch (IOException | RuntimeException e) {
            log.warn("could not store resolved .info of {}: {}", path, e.toString());
        }
    }

    // ---------------------------------------------------------------- lists and @latest

    public Artifact list(String path, boolean mayFetch) throws FetchException {
        Path sidecar = store.upstreamListFile(path);
        String key = "list " + path;
        if (!mayFetch) return fromStore(key, () -> StoredAnswers.list(store, path), "any version of " + path);
        try {
            if (isFresh(sidecar)) return listArtifact(path, readOrEmpty(sidecar), Artifact.CacheStatus.HIT);
        } catch (IOException e) {
            throw internal(key, e);
        }
        FetchException miss = notFound.get(key);
        if (miss != null) return storedListOr(path, miss);
        try {
            return flights.run(key, () -> {
                if (isFresh(sidecar)) return listArtifact(path, readOrEmpty(sidecar), Artifact.CacheStatus.HIT);
                upstreamFetches.incrementAndGet();
                byte[] body;
                try {
                    body = chain.fetch(path + " version list", src -> normalizeList(src.list(path)));
                } catch (FetchException e) {
                    if (e.isNotFound()) {
                        notFound.put(key, e, negativeTtl);
                        return storedListOr(path, e);
                    }
                    Optional<byte[]> stale = read(sidecar);
                    if (stale.isPresent() || !store.storedVersions(path).isEmpty()) {
                        log.warn("serving stale version list of {}: {}", path, e.getMessage());
                        return listArtifact(path, stale.orElse(new byte[0]), Artifact.CacheStatus.STALE);
                    }
                    throw e;
                }
                store.writeAtomically(sidecar, body);
                return listArtifact(path, body, Artifact.CacheStatus.MISS);
            });
        } catch (FetchException e) {
            throw e;
        } catch (Exception e) {
            throw internal(key, e);
        }
    }

    private Artifact storedListOr(String path, FetchException notFound) throws FetchException {
        try {
            if (store.storedVersions(path).isEmpty()) throw notFound;
            return listArtifact(path, new byte[0], Artifact.CacheStatus.HIT);
        } catch (IOException e) {
            throw internal("list " + path, e);
        }
    }

    /** The upstream's list merged with what is stored: a version once cached stays listed even if upstream drops it. */
    private Artifact listArtifact(String path, byte[] upstream, Artifact.CacheStatus status) throws IOException {
        TreeMap<String, String> lines = new TreeMap<>((a, b) -> {
            int c = Semver.compare(a, b);
            return c != 0 ? c : a.compareTo(b);
        });
        for (String line : new String(upstream, StandardCharsets.UTF_8).split("\n")) {
            String v = line.strip().split("\\s+")[0];
            if (!v.isEmpty()) lines.put(v, line.strip());
        }
        for (String v : store.storedVersions(path)) lines.putIfAbsent(v, v);
        StringBuilder b = new StringBuilder();
        for (String l : lines.values()) b.append(l).append('\n');
        return Artifact.bytes(b.toString().getBytes(StandardCharsets.UTF_8), Artifact.TEXT, status, false);
    }

    /** Keeps the lines the go command would use: a valid, non-pseudo version, optionally followed by a timestamp. */
    static byte[] normalizeList(byte[] raw) throws SourceException {
        String text = new String(raw, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
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
        if (!mayFetch) return fromStore("latest " + path, () -> StoredAnswers.latest(store, path), "any version of " + path);
        if (isFresh(sidecar)) return Artifact.file(sidecar, Artifact.JSON, Artifact.CacheStatus.HIT, false);
        String key = "latest " + path;
        FetchException miss = notFound.get(key);
        if (miss != null) throw miss;
        try {
            return flights.run(key, () -> {
                if (isFresh(sidecar)) return Artifact.file(sidecar, Artifact.JSON, Artifact.CacheStatus.HIT, false);
                upstreamFetches.incrementAndGet();
                byte[] body;
                try {
                    body = chain.fetch(path + "@latest", src -> {
                        byte[] b = src.latest(path);
                        verifyInfo(path, b);
                        return b;
                    });
                } catch (FetchException e) {
                    if (e.isNotFound()) {
                        notFound.put(key, e, negativeTtl);
                        throw e;
                    }
                    if (Files.isRegularFile(sidecar)) {
                        log.warn("serving stale @latest of {}: {}", path, e.getMessage());
                        return Artifact.file(sidecar, Artifact.JSON, Artifact.CacheStatus.STALE, false);
                    }
                    throw e;
                }
                store.writeAtomically(sidecar, body);
                rememberInfo(path, body);
                return Artifact.bytes(body, Artifact.JSON, Artifact.CacheStatus.MISS, false);
            });
        } catch (FetchException e) {
            throw e;
        } catch (Exception e) {
            throw internal(key, e);
        }
    }

    private boolean isFresh(Path f) {
        return store.age(f).map(a -> a.compareTo(listTtl) < 0).orElse(false);
    }

    private static byte[] readOrEmpty(Path f) throws IOException {
        return read(f).orElse(new byte[0]);
    }

    private static Optional<byte[]> read(Path f) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(f));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- verification of what upstreams send

    /** Checks an .info/@latest body and returns the version it names. */
    static String verifyInfo(String path, byte[] body) throws SourceException {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.INVALID, "sent .info that is not JSON");
        }
        if (n == null || !n.isObject() || !n.path("Version").isTextual()) {
            throw new SourceException(SourceException.Kind.INVALID, "sent .info without a Version");
        }
        String v = n.get("Version").asText();
        if (!v.equals(ModulePath.canonicalVersion(v))) {
            throw new SourceException(SourceException.Kind.INVALID, "sent .info with non-canonical version \"" + v + "\"");
        }
        try {
            ModulePath.check(path, v);
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Kind.INVALID, "sent .info with an invalid version: " + e.getMessage());
        }
        JsonNode t = n.get("Time");
        if (t != null && !t.isNull()) {
            try {
                OffsetDateTime.parse(t.asText());
            } catch (DateTimeParseException e) {
                throw new SourceException(SourceException.Kind.INVALID, "sent .info with an invalid Time \"" + t.asText() + "\"");
            }
        }
        return v;
    }

    static void verifyGoMod(String path, String version, byte[] mod) throws SourceException {
        if (mod.length > MAX_GO_MOD) {
            throw new SourceException(SourceException.Kind.INVALID, "sent a go.mod larger than " + MAX_GO_MOD + " bytes");
        }
        try {
            // A fork used through a replace directive declares the original path, so the module line may differ.
            ModFile.parseLax("go.mod", mod);
        } catch (IllegalArgumentException e) {
            throw new SourceException(SourceException.Kind.INVALID, "sent a go.mod that does not parse: " + e.getMessage().replace('\n', ' '));
        }
    }

    /**
     * Checks a downloaded zip and returns its h1: hash. CheckZip reads only the headers; hashing then streams every
     * entry and stops at its declared size, so content that inflates past what its header says (a zip bomb) or
     * fails its CRC is refused here too, after reading no more than the checked total.
     */
    static String verifyZip(String path, String version, Path zip) throws SourceException {
        try {
            ModuleZip.checkZip(new ModuleVersion(path, version), zip);
            return DirHash.hashZip(zip);
        } catch (IOException | RuntimeException e) {
            // The file is local by now: whatever fails reading it is what the upstream sent.
            throw new SourceException(SourceException.Kind.INVALID, "sent an invalid module zip: " + String.valueOf(e.getMessage()).replace('\n', ' '));
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
                + "; load it into the data directory while online, or ask a modgate that can reach an upstream");
    }

    private static FetchException internal(String key, Exception e) {
        log.error("internal error serving {}", key, e);
        return new FetchException(500, "internal error serving " + key + ": " + e);
    }

    public List<String> storedVersions(String path) throws IOException {
        return store.storedVersions(path);
    }
}
