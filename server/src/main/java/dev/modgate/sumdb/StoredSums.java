package dev.modgate.sumdb;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.storage.Storage;
import java.io.IOException;

/** The h1 sums of what storage holds for a version: what it serves. */
final class StoredSums {
    private StoredSums() {}

    /** The h1 of path@version's stored go.mod (goMod) or zip, or null when it is not stored. */
    static String h1(Storage store, String path, String version, boolean goMod) throws IOException {
        return store.h1(goMod ? ArtifactKind.MOD : ArtifactKind.ZIP, new ModuleVersion(path, version)).orElse(null);
    }
}
