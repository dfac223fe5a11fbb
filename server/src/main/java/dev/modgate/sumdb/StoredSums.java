package dev.modgate.sumdb;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.storage.ModuleStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The h1 sums of what the data directory stores for a version: what it serves. */
final class StoredSums {
    private StoredSums() {}

    /** The h1 of path@version's stored go.mod (goMod) or zip, or null when it is not stored. */
    static String h1(ModuleStore store, String path, String version, boolean goMod) throws IOException {
        Path f = store.versionFile(path, version, goMod ? "mod" : "zip");
        try {
            if (goMod) return DirHash.hashGoMod(Files.readAllBytes(f));
            if (!Files.isRegularFile(f)) return null;
            // As computed on ingest (the .ziphash beside it), else computed now.
            byte[] kept = SumDbFiles.read(store.versionFile(path, version, "ziphash"));
            String h = kept == null ? "" : new String(kept, StandardCharsets.UTF_8).strip();
            return h.startsWith("h1:") ? h : DirHash.hashZip(f);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
