package dev.modgate.storage;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Blob;
import dev.modgate.module.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where module artifacts are kept, by kind and module@version: the module chain's only view of storage. Immutable
 * artifacts are put once and never replaced; sidecars (an upstream's last list and @latest answer, a zip's h1) may be
 * rewritten. Today one implementation, {@link DirStorage}, a data directory that is itself a GOPROXY tree; an object
 * store is one more class behind this interface.
 */
public interface Storage {
    /** The stored artifact, or empty; costs one look at the storage (a stat). */
    Optional<Blob> get(ArtifactKind kind, ModuleVersion version) throws IOException;

    /**
     * Stores immutable content unless the artifact is stored already (by anyone: another thread, process or import),
     * in which case nothing changes and the answer is false. Durable before it is visible.
     */
    boolean putNew(ArtifactKind kind, ModuleVersion version, byte[] content) throws IOException;

    /** {@link #putNew(ArtifactKind, ModuleVersion, byte[])} for content staged in a temporary file (a zip). */
    boolean putNew(ArtifactKind kind, ModuleVersion version, Staged staged) throws IOException;

    /** A temporary file to download into, beside the storage, deleted when closed unless put. */
    Staged stage() throws IOException;

    /**
     * Canonical, non-pseudo versions whose .info is stored, in semver order: what the stored {@code @v/list} holds (a
     * version's .info is stored only once a source resolved it as exactly that version).
     */
    List<String> listedVersions(String module) throws IOException;

    /** Every version (pseudo-versions included) with a stored artifact of this kind, in semver order. */
    List<String> versions(String module, ArtifactKind kind) throws IOException;

    /**
     * A number that changes whenever an artifact of the module is stored or removed or one of its sidecars is
     * rewritten (the @v directory's modification time), or -1 when nothing is stored: what is derived from the stored
     * versions and the upstream's answers stays valid while it is unchanged.
     */
    long versionsStamp(String module);

    /** Rewrites the stored {@code @v/list} from the stored versions (after a version was added or removed). */
    void rebuildList(String module) throws IOException;

    /** An upstream's remembered answer for a module, with its age, or empty. */
    Optional<Sidecar> sidecar(String module, Sidecar.Kind kind);

    /** Remembers an upstream's answer (whole or not at all; it may be lost in a crash and is then asked for again). */
    void putSidecar(String module, Sidecar.Kind kind, byte[] content) throws IOException;

    /** Remembers a stored zip's h1 beside it, as the go command's module cache does. */
    void putZipHash(ModuleVersion version, String h1) throws IOException;

    /**
     * The h1 remembered by {@link #putZipHash}, or empty when none is (never remembered, lost in a crash, unreadable):
     * the caller then computes it from the zip.
     */
    Optional<String> zipHash(ModuleVersion version);

    /** Forgets an upstream's remembered answer (it is asked for again); nothing happens when none is remembered. */
    void removeSidecar(String module, Sidecar.Kind kind) throws IOException;

    /**
     * Every module with at least one stored artifact, sorted: a walk of the whole storage, for exports and audits,
     * never on a request's path.
     */
    List<String> modules() throws IOException;

    /**
     * Takes a version's artifact of this kind (with its zip hash for a zip) and the version's .info out of the served
     * artifacts, as one would take evidence aside: afterwards {@link #get}, {@link #versions} and {@link
     * #listedVersions} no longer see them and the list is rebuilt, but they are kept, with the report, where an
     * operator finds them. The .info goes too because the list and @latest are answered from the .info files.
     *
     * @return where they were kept (for the log, never for clients), or empty when the artifact was not stored
     *     (or another thread or process moved it just now)
     */
    Optional<String> moveAside(ModuleVersion version, ArtifactKind kind, String report) throws IOException;

    /** Bytes free where {@link #stage} puts its files: an import checks that what it stages fits. */
    long stagingSpace() throws IOException;

    /**
     * The h1 the go command computes for a stored go.mod or zip (kind MOD or ZIP), or empty when it is not stored: a
     * zip's as recorded when it was stored ({@link #zipHash}), else computed now from a staged copy (the zip hasher
     * reads the file at random). The one place anything asks what storage vouches for (checksum databases, bundles).
     */
    default Optional<String> h1(ArtifactKind kind, ModuleVersion version) throws IOException {
        if (kind == ArtifactKind.INFO) throw new IllegalArgumentException("an .info has no h1");
        Optional<Blob> stored = get(kind, version);
        if (stored.isEmpty()) return Optional.empty();
        try (java.io.InputStream in = java.nio.channels.Channels.newInputStream(stored.get().open())) {
            if (kind == ArtifactKind.MOD) return Optional.of(dev.modgate.core.dirhash.DirHash.hashGoMod(in.readAllBytes()));
            Optional<String> kept = zipHash(version);
            if (kept.isPresent()) return kept;
            try (Staged copy = stage()) {
                java.nio.file.Files.copy(in, copy.file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return Optional.of(dev.modgate.core.dirhash.DirHash.hashZip(copy.file()));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // moved aside since (by another thread or process)
        }
    }

    /** How long a lock held by another process is waited for. */
    Duration lockWait();

    /** Where this storage is, for log lines and messages (never sent to clients). */
    String describe();

    /**
     * The failure a client sees when storage failed while answering for {@code what}: STORAGE_FULL when the storage
     * is full, BUSY when a lock stayed taken, else INTERNAL; never a path of this server (the log gets the details).
     */
    Failure failure(String what, IOException e);

    /** A temporary file being filled; {@link #file} is for the writer only, never an artifact's place. */
    interface Staged extends AutoCloseable {
        java.nio.file.Path file();

        @Override void close() throws IOException;
    }

    /** An upstream's last answer about a module, and when it was given. */
    record Sidecar(byte[] content, long modifiedMillis) {
        public enum Kind { UPSTREAM_LIST, UPSTREAM_LATEST }

        public Duration age() {
            return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - modifiedMillis));
        }
    }
}
