package dev.modgate.policy;

import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Blob;
import dev.modgate.module.GoRevInfoJson;
import dev.modgate.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
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
        if (info == null) return null;
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

    private byte[] read(ArtifactKind kind, ModuleVersion mv) {
        try {
            Optional<Blob> b = storage.get(kind, mv);
            if (b.isEmpty() || b.get().size() > 1 << 20) return null;
            try (SeekableByteChannel ch = b.get().open()) {
                ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
                while (buf.hasRemaining() && ch.read(buf) >= 0) { /* fill */ }
                return buf.array();
            }
        } catch (IOException e) {
            return null;
        }
    }
}
