package dev.modgate.sumdb;

import dev.modgate.module.ArtifactChecks;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.module.ArtifactKind;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.QuarantineGeneration;
import dev.modgate.storage.Storage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a stored go.mod or zip that a checksum database contradicts out of the module tree, with the version's .info,
 * so it is neither served nor listed again (the next request fetches and verifies anew, and is refused while the
 * origin still serves it), into {@code DATA/.modgate/quarantine/<time>-<n>/} with a REPORT saying why: evidence for
 * the operator, not deleted. Then bumps {@link QuarantineGeneration}, so that other processes sharing the data
 * directory stop serving it from memory too.
 */
final class Quarantine {
    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final DirStorage store;
    private final QuarantineGeneration generation;
    private volatile ArtifactEvents events = ArtifactEvents.NONE;

    Quarantine(DirStorage store) {
        this.store = store;
        this.generation = new QuarantineGeneration(store);
    }

    /** Who must drop their in-memory copies with the files (the module chain's caches). */
    void connect(ArtifactEvents events) {
        this.events = events;
    }

    /**
     * Moves path@version's stored go.mod (goMod) or zip (with its .ziphash), and its .info, aside if the go.mod's or
     * zip's h1 is the one given; returns where to (for the log), or null when no such file is stored.
     */
    String move(String path, String version, boolean goMod, String h1, String report) throws IOException {
        if (!h1.equals(StoredSums.h1(store, path, version, goMod))) return null;
        // The .info goes too, for either refusal (Storage.moveAside): @v/list and @latest answer from the stored .info
        // files, so a version left with its .info would stay listed and a @latest candidate, even one the database
        // says does not exist. Fetched (and verified) anew if asked for again.
        String dir = store.moveAside(new ModuleVersion(path, version), goMod ? ArtifactKind.MOD : ArtifactKind.ZIP, report).orElse(null);
        if (dir == null) return null;
        dropUpstreamLatestNaming(path, version);
        try {
            generation.bump(); // other processes sharing the data directory may hold the .info/.mod in memory
        } catch (IOException e) {
            log.warn("could not tell other processes sharing {} that {}@{} was quarantined (they drop what they hold of it "
                    + "only when restarted): {}", store.describe(), path, version, e.toString());
        }
        events.removed(new ModuleVersion(path, version));
        return dir;
    }

    /** The upstream's remembered @latest answer, when it names the quarantined version, is not served again. */
    private void dropUpstreamLatestNaming(String path, String version) {
        try {
            var sidecar = store.sidecar(path, Storage.Sidecar.Kind.UPSTREAM_LATEST);
            if (sidecar.isPresent() && version.equals(ArtifactChecks.info(path, sidecar.get().content()))) {
                store.removeSidecar(path, Storage.Sidecar.Kind.UPSTREAM_LATEST);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not check the remembered @latest of {}: {}", path, e.toString());
        }
    }
}
