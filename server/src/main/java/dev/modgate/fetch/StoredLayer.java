package dev.modgate.fetch;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Blob;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import dev.modgate.storage.QuarantineGeneration;
import dev.modgate.storage.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored answers: a canonical version's .info, .mod or .zip once stored is answered from storage forever, never
 * asking upstream (.info/.mod from memory after the first read). When fetching is not allowed (offline mode,
 * Disable-Module-Fetch) every request is answered from storage alone ({@link StoredAnswers}) or is a NOT_FOUND that
 * says why; nothing below this layer is asked.
 */
public final class StoredLayer implements Modules, ArtifactEvents {
    private static final Logger log = LoggerFactory.getLogger(StoredLayer.class);

    private final Storage storage;
    private final Modules inner;
    private final boolean offline;
    private final HotFiles hot;
    /** Bumped by whichever process moves a file to the quarantine: it may be one we hold in memory. */
    private final QuarantineGeneration quarantined;

    /**
     * @param hotBytes the most bytes of .info/.mod files held in memory
     * @param quarantined the data directory's quarantine marker, or null when no other process can share the storage
     */
    public StoredLayer(Storage storage, Modules inner, boolean offline, long hotBytes, QuarantineGeneration quarantined) {
        this.storage = storage;
        this.inner = inner;
        this.offline = offline;
        this.hot = new HotFiles(hotBytes);
        this.quarantined = quarantined;
    }

    @Override public Optional<Artifact> now(ModuleRequest request, Ask ask) throws Failure {
        if (!(request instanceof ModuleRequest.File f)) return ask.mayFetch() ? inner.now(request, ask) : Optional.empty();
        try {
            return Optional.ofNullable(hit(f));
        } catch (IOException e) {
            throw storage.failure(request.key(), e);
        }
    }

    @Override public Artifact get(ModuleRequest request, Ask ask) throws Failure {
        try {
            if (request instanceof ModuleRequest.File f) {
                Artifact a = hit(f);
                if (a != null) return a;
                if (!ask.mayFetch()) throw noCopy(request.key());
                return inner.get(request, ask);
            }
            if (ask.mayFetch()) return inner.get(request, ask);
            Optional<Artifact> a = switch (request) {
                case ModuleRequest.List l -> StoredAnswers.list(storage, l.module());
                case ModuleRequest.Latest l -> StoredAnswers.latest(storage, l.module());
                case ModuleRequest.Query q -> StoredAnswers.query(storage, q.module(), q.query());
                case ModuleRequest.File f -> throw new IllegalStateException("answered above");
            };
            return a.orElseThrow(() -> noCopy(request instanceof ModuleRequest.Query ? request.module() + "@" + ((ModuleRequest.Query) request).query()
                    : "any version of " + request.module()));
        } catch (IOException e) {
            throw storage.failure(request.key(), e);
        }
    }

    /** The stored file, from memory when held, else from one look at storage; null when not stored. */
    private Artifact hit(ModuleRequest.File f) throws IOException {
        if (f.kind() != ArtifactKind.ZIP) {
            checkQuarantine();
            HotFiles.Entry e = hot.get(f);
            if (e != null) return new Artifact(null, e.bytes(), f.kind().contentType(), Artifact.CacheStatus.HIT, true, e.etag());
        }
        Optional<Blob> blob = storage.get(f.kind(), f.version());
        if (blob.isEmpty()) return null;
        if (f.kind() != ArtifactKind.ZIP) {
            HotFiles.Entry e = hot.load(f, blob.get());
            if (e != null) return new Artifact(null, e.bytes(), f.kind().contentType(), Artifact.CacheStatus.HIT, true, e.etag());
        }
        return Artifact.stored(blob.get(), f.kind().contentType(), Artifact.CacheStatus.HIT, true);
    }

    /** At most once a second a small read; then, if another process quarantined anything, all .info/.mod held go. */
    private void checkQuarantine() {
        if (quarantined == null || !quarantined.changed()) return;
        hot.clear();
        log.info("a stored file was moved to the quarantine (by this or another process sharing {}): dropped the .info and .mod files held in memory",
                storage.describe());
    }

    @Override public void removed(ModuleVersion version) {
        hot.drop(new ModuleRequest.File(ArtifactKind.INFO, version));
        hot.drop(new ModuleRequest.File(ArtifactKind.MOD, version));
    }

    /** The go command prints this body: say plainly why there is no answer and what would give one. */
    private Failure noCopy(String what) {
        String why = offline ? "modgate is offline (--offline)" : "fetching is disabled for this request (Disable-Module-Fetch: true)";
        return new Failure(Failure.Kind.NOT_FOUND, "not found: " + why + " and has no copy of " + what
                + "; load it into the data directory while online, or ask a modgate that can reach an upstream", List.of(), false);
    }
}
