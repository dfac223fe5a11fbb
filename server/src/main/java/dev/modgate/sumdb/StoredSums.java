package dev.modgate.sumdb;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Blob;
import dev.modgate.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The h1 sums of what the data directory stores for a version: what it serves. */
final class StoredSums {
    private StoredSums() {}

    /** The h1 of path@version's stored go.mod (goMod) or zip, or null when it is not stored. */
    static String h1(Storage store, String path, String version, boolean goMod) throws IOException {
        ModuleVersion mv = new ModuleVersion(path, version);
        Optional<Blob> stored = store.get(goMod ? ArtifactKind.MOD : ArtifactKind.ZIP, mv);
        if (stored.isEmpty()) return null;
        try (InputStream in = Channels.newInputStream(stored.get().open())) {
            if (goMod) return DirHash.hashGoMod(in.readAllBytes());
            // As computed on ingest (remembered beside it), else computed now from a copy (a zip is read at random).
            Optional<String> kept = store.zipHash(mv);
            if (kept.isPresent()) return kept.get();
            try (Storage.Staged copy = store.stage()) {
                Files.copy(in, copy.file(), StandardCopyOption.REPLACE_EXISTING);
                return DirHash.hashZip(copy.file());
            }
        } catch (NoSuchFileException e) {
            return null; // moved aside since by another process
        }
    }
}
