package dev.modgate.policy;

import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.GoRevInfoJson;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import dev.modgate.storage.Storage;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** What the gate needs to know, asked of the module chain below it (so with its caches, checks and upstreams). */
final class ChainFacts implements PolicyGate.Facts {
    private final Modules chain;
    private final StoredFacts stored;

    ChainFacts(Modules chain, Storage storage) {
        this.chain = chain;
        this.stored = new StoredFacts(storage);
    }

    @Override public Instant published(ModuleVersion mv) throws Failure {
        try {
            return time(chain.get(new ModuleRequest.File(ArtifactKind.INFO, mv), Ask.INTERNAL));
        } catch (Failure f) {
            if (f.isNotFound()) return null;
            throw f;
        }
    }

    @Override public Instant publishedIfStored(ModuleVersion mv) {
        try {
            Optional<Artifact> a = chain.now(new ModuleRequest.File(ArtifactKind.INFO, mv), Ask.INTERNAL.storedOnly());
            return a.isPresent() ? time(a.get()) : null;
        } catch (Failure f) {
            return null;
        }
    }

    private static Instant time(Artifact info) {
        try {
            String t = GoRevInfoJson.decode(info.readAll()).time();
            return t == null ? null : OffsetDateTime.parse(t).toInstant();
        } catch (IOException | RuntimeException e) {
            return null; // checked on ingest; a Time that still does not parse counts as unknown
        }
    }

    @Override public Instant storedSince(ModuleVersion mv) {
        return stored.storedSince(mv);
    }

    @Override public byte[] latestGoMod(String module) throws Failure {
        try {
            String latest = LatestVersion.tagged(PolicyLayer.versions(chain.get(new ModuleRequest.List(module), Ask.INTERNAL))).orElse(null);
            if (latest == null) {
                latest = GoRevInfoJson.decode(chain.get(new ModuleRequest.Latest(module), Ask.INTERNAL).readAll()).version();
            }
            if (latest == null) return null;
            return chain.get(new ModuleRequest.File(ArtifactKind.MOD, module, latest), Ask.INTERNAL).readAll();
        } catch (Failure f) {
            if (f.isNotFound()) return null;
            throw f;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
