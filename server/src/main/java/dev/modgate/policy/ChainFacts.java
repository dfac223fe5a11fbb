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
import java.util.Optional;

/** What the gate needs to know, asked of the module chain below it (so with its caches, checks and upstreams). */
final class ChainFacts implements PolicyGate.Facts {
    /** How long a download waits for its licence files to be read (a few ms each; a long queue after a restart). */
    private static final java.time.Duration LICENCE_WAIT = java.time.Duration.ofSeconds(60);
    private final Modules chain;
    private final StoredFacts stored;
    private final Storage storage;
    private final dev.modgate.licence.LicenceQueue licenceQueue;

    ChainFacts(Modules chain, Storage storage, dev.modgate.licence.LicenceQueue licences) {
        this.licenceQueue = licences;
        this.chain = chain;
        this.stored = new StoredFacts(storage);
        this.storage = storage;
    }

    @Override public dev.modgate.licence.ModuleLicences licences(ModuleVersion mv) throws Failure {
        // The zip is fetched, checked and stored as for any download (the client asked for it), then read off the
        // request's thread by the licence queue, which reads each distinct licence text once.
        chain.get(new ModuleRequest.File(ArtifactKind.ZIP, mv), Ask.INTERNAL);
        try {
            return licenceQueue.detection(mv.path(), mv.version()).get(LICENCE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Failure(Failure.Kind.BUSY, "the licence files of " + mv + " are still being read; try again in a minute", java.util.List.of(), false);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Failure(Failure.Kind.INTERNAL, "reading the licence files of " + mv + " failed (details in the modgate log)", java.util.List.of(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Failure.Kind.BUSY, "interrupted while the licence files of " + mv + " were read", java.util.List.of(), false);
        }
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
            return StoredFacts.infoTime(info.readAll());
        } catch (IOException e) {
            return null; // unreadable now: the Time counts as unknown (first seen decides)
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
