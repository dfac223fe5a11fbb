package dev.modgate.fetch;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactChecks;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Blob;
import dev.modgate.module.Checksums;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import dev.modgate.storage.Storage;
import dev.modgate.storage.Storage.Sidecar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bottom of the module chain: fetch from the upstream chain, check what came as the go command would
 * ({@link ArtifactChecks}), verify h1 sums against the checksum databases, store, and tell the listeners. Nothing is
 * stored that failed a check; what is stored is never replaced.
 */
public final class Ingest implements Modules {
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);

    private final Storage storage;
    private final UpstreamChain chain;
    private final Checksums checksums;
    private final ArtifactEvents events;
    private final Duration listTtl;
    private final AtomicLong upstreamFetches = new AtomicLong();

    /** @param listTtl how long an upstream's list or @latest stays fresh (one fetched meanwhile by another request is used) */
    public Ingest(Storage storage, UpstreamChain chain, Checksums checksums, ArtifactEvents events, Duration listTtl) {
        this.storage = storage;
        this.chain = chain;
        this.checksums = checksums;
        this.events = events;
        this.listTtl = listTtl;
    }

    /** Fetches started against the upstream chain since start (each may try several upstreams). */
    public long upstreamFetches() { return upstreamFetches.get(); }

    @Override public Artifact get(ModuleRequest request, Ask ask) throws Failure {
        try {
            return switch (request) {
                case ModuleRequest.File f -> file(f);
                case ModuleRequest.Query q -> query(q);
                case ModuleRequest.List l -> list(l);
                case ModuleRequest.Latest l -> latest(l);
            };
        } catch (IOException e) {
            throw storage.failure(request.key(), e);
        }
    }

    // ---------------------------------------------------------------- immutable artifacts

    private Artifact file(ModuleRequest.File f) throws Failure, IOException {
        // Another request (or process) may have stored it since the layers above looked.
        Optional<Blob> stored = storage.get(f.kind(), f.version());
        if (stored.isPresent()) return Artifact.stored(stored.get(), f.kind().contentType(), Artifact.CacheStatus.HIT, true);
        upstreamFetches.incrementAndGet();
        String path = f.module(), version = f.version().version();
        String what = f.key();
        byte[] small = switch (f.kind()) {
            case INFO -> {
                byte[] info = chain.fetch(path, what, src -> {
                    byte[] b = src.info(path, version);
                    ArtifactChecks.infoFor(path, version, b);
                    return b;
                });
                yield storeInfo(f.version(), info) ? info : null; // stored first by another: serve that
            }
            case MOD -> {
                byte[] mod = chain.fetch(path, what, src -> {
                    byte[] b = src.mod(path, version);
                    ArtifactChecks.goMod(b);
                    return b;
                });
                checksums.verify(path, version, true, DirHash.hashGoMod(mod));
                if (!storage.putNew(ArtifactKind.MOD, f.version(), mod)) yield null; // stored first by another: serve that
                events.stored(f.version(), ArtifactKind.MOD);
                yield mod;
            }
            case ZIP -> {
                storeZip(f.version());
                yield null;
            }
        };
        Blob blob = storage.get(f.kind(), f.version()).orElseThrow(() -> new IOException(what + " vanished right after it was stored"));
        // The bytes in hand when this request stored them (the file is never replaced), with the entity tag later hits
        // get; else the stored file, which another request or process put there first and which may differ.
        return small != null ? new Artifact(null, small, f.kind().contentType(), Artifact.CacheStatus.MISS, true, blob.etag())
                : Artifact.stored(blob, f.kind().contentType(), Artifact.CacheStatus.MISS, true);
    }

    private void storeZip(ModuleVersion mv) throws Failure, IOException {
        String path = mv.path(), version = mv.version();
        try (Storage.Staged staged = storage.stage()) {
            String h1 = chain.fetch(path, mv + " .zip", src -> {
                src.zip(path, version, staged.file(), ArtifactChecks.MAX_ZIP);
                return ArtifactChecks.zip(path, version, staged.file());
            });
            // After the chain, not inside it: a mismatch is no reason to try another upstream, it is an attack.
            checksums.verify(path, version, false, h1);
            if (storage.putNew(ArtifactKind.ZIP, mv, staged)) {
                bestEffort("record the h1 of", mv, () -> storage.putZipHash(mv, h1));
                log.info("stored {} .zip ({})", mv, h1);
            }
            // Also when another process stored it first: this one fetched and verified it, and its private log
            // (which that process may not have) must hear of it now, not at the next lookup.
            events.stored(mv, ArtifactKind.ZIP);
        }
    }

    /**
     * Stores a version's .info unless one is stored; the version is listed from then on, as its source resolved it
     * (see Storage.listedVersions). False when another request or process stored one first.
     */
    private boolean storeInfo(ModuleVersion mv, byte[] info) throws IOException {
        if (!storage.putNew(ArtifactKind.INFO, mv, info)) return false;
        bestEffort("update the version list of", mv, () -> storage.rebuildList(mv.path()));
        events.stored(mv, ArtifactKind.INFO);
        return true;
    }

    // ---------------------------------------------------------------- queries, lists and @latest

    private Artifact query(ModuleRequest.Query q) throws Failure {
        upstreamFetches.incrementAndGet();
        byte[] info = chain.fetch(q.module(), q.key(), src -> {
            byte[] b = src.info(q.module(), q.query());
            ArtifactChecks.info(q.module(), b);
            return b;
        });
        rememberInfo(q.module(), info);
        return Artifact.bytes(info, Artifact.JSON, Artifact.CacheStatus.MISS, false);
    }

    /** The answer to a query names a canonical version: its .info is immutable, keep it (unless already kept). */
    private void rememberInfo(String path, byte[] info) {
        try {
            // The version the go command reads from it (the body passed ArtifactChecks.info), not the first "Version" key.
            String v = ArtifactChecks.info(path, info);
            storeInfo(new ModuleVersion(path, v), info);
        } catch (IOException | RuntimeException e) {
            log.warn("could not store resolved .info of {}: {}", path, e.toString());
        }
    }

    private Artifact list(ModuleRequest.List l) throws Failure, IOException {
        Optional<Sidecar> fresh = fresh(l.module(), Sidecar.Kind.UPSTREAM_LIST);
        if (fresh.isPresent()) return Artifact.bytes(fresh.get().content(), Artifact.TEXT, Artifact.CacheStatus.HIT, false);
        upstreamFetches.incrementAndGet();
        byte[] body = chain.fetch(l.module(), l.key(), src -> normalizeList(src.list(l.module())));
        // Remembered for the TTL and for outages; the answer in hand is good whether or not that write succeeds.
        bestEffort("remember the version list of", new ModuleVersion(l.module(), ""), () -> storage.putSidecar(l.module(), Sidecar.Kind.UPSTREAM_LIST, body));
        return Artifact.bytes(body, Artifact.TEXT, Artifact.CacheStatus.MISS, false);
    }

    private Artifact latest(ModuleRequest.Latest l) throws Failure, IOException {
        Optional<Sidecar> fresh = fresh(l.module(), Sidecar.Kind.UPSTREAM_LATEST);
        if (fresh.isPresent()) return Artifact.bytes(fresh.get().content(), Artifact.JSON, Artifact.CacheStatus.HIT, false);
        upstreamFetches.incrementAndGet();
        byte[] body = chain.fetch(l.module(), l.key(), src -> {
            byte[] b = src.latest(l.module());
            ArtifactChecks.info(l.module(), b);
            return b;
        });
        bestEffort("remember @latest of", new ModuleVersion(l.module(), ""), () -> storage.putSidecar(l.module(), Sidecar.Kind.UPSTREAM_LATEST, body));
        rememberInfo(l.module(), body);
        return Artifact.bytes(body, Artifact.JSON, Artifact.CacheStatus.MISS, false);
    }

    /** One fetched by a request that finished just before this one took the flight. */
    private Optional<Sidecar> fresh(String module, Sidecar.Kind kind) {
        return storage.sidecar(module, kind).filter(s -> s.age().compareTo(listTtl) < 0);
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

    private interface IoStep {
        void run() throws IOException;
    }

    /** Bookkeeping after an artifact is safely stored must not turn the request into an error. */
    private static void bestEffort(String what, ModuleVersion mv, IoStep step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            log.warn("could not {} {}: {}", what, mv, e.toString());
        }
    }
}
