package dev.modgate.policy;

import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Blob;
import dev.modgate.module.GoRevInfoJson;
import dev.modgate.storage.Storage;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What the gate needs to know, from the data directory alone: for commands that decide about stored versions
 * without a module chain (bundle export and import). The latest go.mod is the newest stored one.
 */
public final class StoredFacts implements PolicyGate.Facts {
    private final Storage storage;

    public StoredFacts(Storage storage) {
        this.storage = storage;
    }

    @Override public Instant published(ModuleVersion mv) {
        return publishedIfStored(mv);
    }

    @Override public Instant publishedIfStored(ModuleVersion mv) {
        byte[] info = read(ArtifactKind.INFO, mv);
        return info == null ? null : infoTime(info);
    }

    /** An .info's Time, or null: checked on ingest, so a Time that still does not parse counts as unknown. */
    static Instant infoTime(byte[] info) {
        try {
            String t = GoRevInfoJson.decode(info).time();
            return t == null ? null : OffsetDateTime.parse(t).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override public Instant storedSince(ModuleVersion mv) {
        long first = Long.MAX_VALUE;
        for (ArtifactKind k : ArtifactKind.values()) {
            try {
                Optional<Blob> b = storage.get(k, mv);
                if (b.isPresent()) first = Math.min(first, b.get().modifiedMillis());
            } catch (IOException e) {
                // unknown: counts as first seen now, which only holds it longer
            }
        }
        return first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first);
    }

    @Override public byte[] latestGoMod(String module) {
        try {
            Optional<String> latest = LatestVersion.any(storage.versions(module, ArtifactKind.MOD));
            return latest.isEmpty() ? null : read(ArtifactKind.MOD, new ModuleVersion(module, latest.get()));
        } catch (IOException e) {
            return null;
        }
    }

    /** Licences from the stored zip alone (nothing fetched): a version whose zip is not stored has none to judge. */
    @Override public dev.modgate.licence.ModuleLicences licences(ModuleVersion mv) throws dev.modgate.module.Failure {
        try {
            Optional<java.io.InputStream> zip = openZip(storage, mv);
            if (zip.isEmpty()) return new dev.modgate.licence.ModuleLicences(java.util.List.of());
            try (java.io.InputStream in = zip.get()) {
                return detector().detect(in, mv.path(), mv.version());
            }
        } catch (IOException e) {
            throw new dev.modgate.module.Failure(dev.modgate.module.Failure.Kind.INTERNAL, "reading the licence files of " + mv + " failed: " + e.getMessage());
        }
    }

    private dev.modgate.licence.LicenceDetector detector;

    private synchronized dev.modgate.licence.LicenceDetector detector() {
        if (detector == null) detector = new dev.modgate.licence.LicenceDetector(new dev.modgate.licence.LicenceMatcher());
        return detector;
    }

    /** A stored zip as a stream, or empty when it is not stored. */
    public static Optional<java.io.InputStream> openZip(Storage storage, ModuleVersion mv) throws IOException {
        Optional<Blob> b = storage.get(ArtifactKind.ZIP, mv);
        if (b.isEmpty()) return Optional.empty();
        return Optional.of(java.nio.channels.Channels.newInputStream(b.get().open()));
    }

    private byte[] read(ArtifactKind kind, ModuleVersion mv) {
        try {
            Optional<Blob> b = storage.get(kind, mv);
            if (b.isEmpty() || b.get().size() > 1 << 20) return null; // .info and .mod only: never a zip into memory
            return dev.modgate.module.Artifact.stored(b.get(), kind.contentType(), dev.modgate.module.Artifact.CacheStatus.HIT, true).readAll();
        } catch (IOException e) {
            return null;
        }
    }
}
