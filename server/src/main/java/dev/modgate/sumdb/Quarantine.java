package dev.modgate.sumdb;

import dev.modgate.module.ArtifactChecks;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.storage.ModuleStore;
import dev.modgate.storage.QuarantineGeneration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
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
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final ModuleStore store;
    private final QuarantineGeneration generation;
    private volatile ArtifactEvents events = ArtifactEvents.NONE;

    Quarantine(ModuleStore store) {
        this.store = store;
        this.generation = new QuarantineGeneration(store);
    }

    /** Who must drop their in-memory copies with the files (the module chain's caches). */
    void connect(ArtifactEvents events) {
        this.events = events;
    }

    /**
     * Moves path@version's stored go.mod (goMod) or zip (with its .ziphash), and its .info, aside if the go.mod's or
     * zip's h1 is the one given; returns where to, or null when no such file is stored.
     */
    Path move(String path, String version, boolean goMod, String h1, String report) throws IOException {
        Path file = store.versionFile(path, version, goMod ? "mod" : "zip");
        if (!Files.isRegularFile(file) || !h1.equals(StoredSums.h1(store, path, version, goMod))) return null;
        Path dir = store.root().resolve(".modgate").resolve("quarantine")
                .resolve(STAMP.format(Instant.now()) + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("REPORT"), report.endsWith("\n") ? report : report + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return null; // moved by another thread or process just now
        }
        if (!goMod) moveIfThere(store.versionFile(path, version, "ziphash"), dir); // derived; it may never have been written
        // The .info goes too, for either refusal: @v/list and @latest answer from the stored .info files
        // (ModuleStore.storedVersions), so a version left with its .info would stay listed and a @latest candidate,
        // even one the database says does not exist. Fetched (and verified) anew if asked for again.
        moveIfThere(store.versionFile(path, version, "info"), dir);
        dropUpstreamLatestNaming(path, version);
        store.rebuildList(path);
        try {
            generation.bump(); // other processes sharing the data directory may hold the .info/.mod in memory
        } catch (IOException e) {
            log.warn("could not tell other processes sharing {} that {}@{} was quarantined (they drop what they hold of it "
                    + "only when restarted): {}", store.root(), path, version, e.toString());
        }
        events.removed(new ModuleVersion(path, version));
        return dir;
    }

    private static void moveIfThere(Path file, Path dir) throws IOException {
        try {
            Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // Not stored (or moved just now by another process).
        }
    }

    /** The upstream's remembered @latest answer, when it names the quarantined version, is not served again. */
    private void dropUpstreamLatestNaming(String path, String version) {
        Path sidecar = store.upstreamLatestFile(path);
        try {
            if (version.equals(ArtifactChecks.info(path, Files.readAllBytes(sidecar)))) Files.deleteIfExists(sidecar);
        } catch (NoSuchFileException e) {
            // None remembered.
        } catch (IOException | RuntimeException e) {
            log.warn("could not check the remembered @latest of {}: {}", path, e.toString());
        }
    }
}
