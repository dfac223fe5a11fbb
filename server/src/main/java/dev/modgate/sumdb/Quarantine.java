package dev.modgate.sumdb;

import dev.modgate.fetch.ModuleService;
import dev.modgate.storage.ModuleStore;
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

/**
 * Moves a stored go.mod or zip that a checksum database contradicts out of the module tree, so it is never served
 * again (the next request fetches and verifies anew, and is refused while the origin still serves it), into
 * {@code DATA/.modgate/quarantine/<time>-<n>/} with a REPORT saying why: evidence for the operator, not deleted.
 */
final class Quarantine {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final ModuleStore store;
    private volatile ModuleService service;

    Quarantine(ModuleStore store) {
        this.store = store;
    }

    /** The pipeline whose in-memory copies must be dropped with the files. */
    void attach(ModuleService service) {
        this.service = service;
    }

    /**
     * Moves path@version's stored go.mod (goMod) or zip (with its .ziphash) aside if its h1 is the one given; returns
     * where to, or null when no such file is stored.
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
        if (!goMod) {
            Path hash = store.versionFile(path, version, "ziphash");
            try {
                Files.move(hash, dir.resolve(hash.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                // Derived; it may never have been written.
            }
        } else {
            store.rebuildList(path); // @v/list holds the versions whose go.mod is stored
        }
        ModuleService s = service;
        if (s != null) s.forget(path, version);
        return dir;
    }
}
