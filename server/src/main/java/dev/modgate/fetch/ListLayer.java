package dev.modgate.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import dev.modgate.storage.Storage;
import dev.modgate.storage.Storage.Sidecar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @v/list} and {@code @latest}: an upstream's answer is reused for the list TTL (remembered beside the module
 * in storage, so a restart keeps it), served stale when every upstream fails (and, for the failure back-off after
 * such a failure, served stale at once instead of waiting out another timeout). A list is the upstream's merged with
 * the stored versions: a version once resolved stays listed even if the upstream drops it; a module the upstreams do
 * not know but storage has is listed from storage.
 */
public final class ListLayer implements Modules, ArtifactEvents {
    private static final Logger log = LoggerFactory.getLogger(ListLayer.class);
    /** A merged list is re-checked against storage at most this often (this process drops it at once when it stores a version). */
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Storage storage;
    private final Modules inner;
    private final Duration ttl;
    /** Lists merged in memory, by module path: a hit costs no storage access. */
    private final Cache<String, CachedList> lists = Caffeine.newBuilder().maximumSize(50_000).build();
    /** Upstream failures of a list or @latest, by request key, held for the back-off: stale answers are given at once meanwhile. */
    private final Cache<String, Failure> failing;

    /** @param backoff how long after an upstream failure stale answers are given without asking again */
    public ListLayer(Storage storage, Modules inner, Duration ttl, Duration backoff) {
        this.storage = storage;
        this.inner = inner;
        this.ttl = ttl;
        this.failing = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(backoff).build();
    }

    @Override public Optional<Artifact> now(ModuleRequest request, Ask ask) throws Failure {
        if (request instanceof ModuleRequest.List l && ask.mayFetch()) return cached(l.module());
        return inner.now(request, ask);
    }

    @Override public Artifact get(ModuleRequest request, Ask ask) throws Failure {
        return switch (request) {
            case ModuleRequest.List l -> list(l, ask);
            case ModuleRequest.Latest l -> latest(l, ask);
            default -> inner.get(request, ask);
        };
    }

    private Artifact list(ModuleRequest.List request, Ask ask) throws Failure {
        String path = request.module();
        Artifact fresh = freshList(path);
        if (fresh != null) return fresh;
        Failure recent = failing.getIfPresent(request.key());
        if (recent != null) return staleList(path, recent);
        Artifact upstream;
        try {
            upstream = inner.get(request, ask);
        } catch (Failure e) {
            if (e.isNotFound()) return storedListOr(path, e);
            if (!upstreamDown(e)) throw e;
            failing.put(request.key(), e);
            return staleList(path, e);
        }
        return merged(path, upstream.bytes(), upstream.cache());
    }

    private Artifact latest(ModuleRequest.Latest request, Ask ask) throws Failure {
        Optional<Sidecar> fresh = fresh(request.module(), Sidecar.Kind.UPSTREAM_LATEST);
        if (fresh.isPresent()) return Artifact.bytes(fresh.get().content(), Artifact.JSON, Artifact.CacheStatus.HIT, false);
        Failure recent = failing.getIfPresent(request.key());
        if (recent != null) return staleLatest(request, recent);
        try {
            return inner.get(request, ask);
        } catch (Failure e) {
            if (!upstreamDown(e)) throw e;
            failing.put(request.key(), e);
            return staleLatest(request, e);
        }
    }

    /**
     * Only the upstreams failing (not answering, or answering wrong) is a reason to serve the last answer stale and to
     * stop asking for the back-off; a failure of modgate's own (a full disk) is that request's answer, and the next
     * request tries again.
     */
    private static boolean upstreamDown(Failure e) {
        return e.kind() == Failure.Kind.UPSTREAM_FAILED || e.kind() == Failure.Kind.UPSTREAM_TIMEOUT;
    }

    /** The upstream's remembered answer while younger than the TTL. */
    Optional<Sidecar> fresh(String module, Sidecar.Kind kind) {
        return storage.sidecar(module, kind).filter(s -> s.age().compareTo(ttl) < 0);
    }

    /** A merged list, valid while the versions stamp is unchanged; last confirmed against storage at checkedAt (nanos). */
    private static final class CachedList {
        final long sidecarMtime, stamp;
        final Artifact artifact;
        volatile long checkedAt = System.nanoTime();

        CachedList(long sidecarMtime, long stamp, Artifact artifact) {
            this.sidecarMtime = sidecarMtime;
            this.stamp = stamp;
            this.artifact = artifact;
        }
    }

    /**
     * The version list while the upstream's answer is fresh and already merged in memory, else empty; costs one stat
     * at most once a second (another process storing a version or a new upstream answer shows within a second).
     */
    private Optional<Artifact> cached(String path) {
        CachedList c = lists.getIfPresent(path);
        if (c == null) return Optional.empty();
        if (System.currentTimeMillis() - c.sidecarMtime >= ttl.toMillis()) return Optional.empty();
        long now = System.nanoTime();
        if (now - c.checkedAt < RECHECK_NANOS) return Optional.of(c.artifact);
        // One look: the upstream's answer is rewritten by a rename into the same directory, so a new one, like a
        // version stored or moved aside, changes the stamp.
        if (storage.versionsStamp(path) != c.stamp) {
            lists.asMap().remove(path, c);
            return Optional.empty();
        }
        c.checkedAt = now;
        return Optional.of(c.artifact);
    }

    /**
     * The merged list while the upstream's answer is fresh, else null: from memory when neither it nor the stored
     * versions changed since it was merged. The stamp is read before the contents, and a merge is only kept when both
     * times are over two seconds old, so a change within the file system's timestamp granularity cannot hide behind
     * an unchanged time.
     */
    private Artifact freshList(String path) throws Failure {
        Optional<Artifact> cached = cached(path);
        if (cached.isPresent()) return cached.get();
        long stamp = storage.versionsStamp(path);
        Optional<Sidecar> fresh = fresh(path, Sidecar.Kind.UPSTREAM_LIST);
        if (fresh.isEmpty()) return null;
        Artifact a = merged(path, fresh.get().content(), Artifact.CacheStatus.HIT);
        long settled = System.currentTimeMillis() - 2000;
        long sidecarMtime = fresh.get().modifiedMillis();
        if (sidecarMtime > 0 && sidecarMtime < settled && stamp > 0 && stamp < settled) {
            a = new Artifact(null, a.bytes(), a.contentType(), a.cache(), false, Artifact.bytesEtag(a.bytes()));
            lists.put(path, new CachedList(sidecarMtime, stamp, a));
        }
        return a;
    }

    private Artifact staleList(String path, Failure failure) throws Failure {
        Optional<Sidecar> stale = storage.sidecar(path, Sidecar.Kind.UPSTREAM_LIST);
        try {
            if (stale.isEmpty() && storage.listedVersions(path).isEmpty()) throw failure;
        } catch (IOException e) {
            throw storage.failure(path + " version list", e);
        }
        log.warn("serving stale version list of {}: {}", path, failure.getMessage());
        return merged(path, stale.map(Sidecar::content).orElse(new byte[0]), Artifact.CacheStatus.STALE);
    }

    private Artifact staleLatest(ModuleRequest.Latest request, Failure failure) throws Failure {
        Optional<Sidecar> stale = storage.sidecar(request.module(), Sidecar.Kind.UPSTREAM_LATEST);
        if (stale.isEmpty()) throw failure;
        log.warn("serving stale {}: {}", request.key(), failure.getMessage());
        return Artifact.bytes(stale.get().content(), Artifact.JSON, Artifact.CacheStatus.STALE, false);
    }

    private Artifact storedListOr(String path, Failure notFound) throws Failure {
        try {
            if (storage.listedVersions(path).isEmpty()) throw notFound;
        } catch (IOException e) {
            throw storage.failure(path + " version list", e);
        }
        return merged(path, new byte[0], Artifact.CacheStatus.HIT);
    }

    /** The upstream's list merged with what is stored. */
    private Artifact merged(String path, byte[] upstream, Artifact.CacheStatus status) throws Failure {
        TreeMap<String, String> lines = new TreeMap<>(Semver.BY_VERSION.thenComparing(Comparable::compareTo));
        for (String line : new String(upstream, StandardCharsets.UTF_8).split("\n")) {
            String v = line.strip().split("\\s+")[0];
            if (!v.isEmpty()) lines.put(v, line.strip());
        }
        try {
            for (String v : storage.listedVersions(path)) lines.putIfAbsent(v, v);
        } catch (IOException e) {
            throw storage.failure(path + " version list", e);
        }
        StringBuilder b = new StringBuilder();
        for (String l : lines.values()) b.append(l).append('\n');
        return Artifact.bytes(b.toString().getBytes(StandardCharsets.UTF_8), Artifact.TEXT, status, false);
    }

    @Override public void stored(ModuleVersion version, ArtifactKind kind) {
        if (kind == ArtifactKind.INFO) lists.invalidate(version.path());
    }

    @Override public void removed(ModuleVersion version) {
        lists.invalidate(version.path());
    }
}
