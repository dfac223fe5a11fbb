package dev.modgate.storage;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The data directory. It is itself a GOPROXY tree ({@code <escaped module>/@v/<escaped version>.info|.mod|.zip}
 * and {@code list}), so {@code GOPROXY=file:///that/dir} works and the directory can be copied elsewhere.
 * Files appear only whole: written to a temporary file under {@code .modgate/tmp}, fsynced, then renamed into
 * place, so a crash or a second modgate process on the same directory never sees half a file.
 *
 * <p>Beside the tree: {@code @v/.upstream-list} and {@code @v/.upstream-latest} remember the last answers of the
 * upstreams (their age is the file's mtime) and {@code <version>.ziphash} the zip's h1 as the go command's own
 * module cache keeps it. None of them is ever asked for by the go command. Module paths cannot start with a dot,
 * so {@code .modgate/} cannot collide with a module.
 */
public final class ModuleStore {
    private final Path root;
    private final Path tmpRoot;
    private final Path tmpDir;
    private final Path lockDir;
    /** Per lock file, for the whole JVM: several stores on one directory in one process (tests, prefetch) share them. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    public ModuleStore(Path dataDir) throws IOException {
        this.root = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        this.tmpRoot = root.resolve(".modgate").resolve("tmp");
        this.lockDir = root.resolve(".modgate").resolve("locks");
        Files.createDirectories(tmpRoot);
        Files.createDirectories(lockDir);
        cleanAbandonedTemps();
        // One directory per process: another process on the same data directory never sees our partial files
        // as abandoned while we are alive.
        this.tmpDir = Files.createDirectories(tmpRoot.resolve(hostName() + "-" + ProcessHandle.current().pid()));
    }

    public Path root() { return root; }

    public Path moduleDir(String modulePath) {
        Path p = root;
        for (String el : CaseEncoding.escapePath(modulePath).split("/")) p = p.resolve(el);
        if (!p.startsWith(root)) throw new IllegalArgumentException("module path escapes the data directory");
        return p;
    }

    public Path versionFile(String modulePath, String version, String ext) {
        return moduleDir(modulePath).resolve("@v").resolve(CaseEncoding.escapeVersion(version) + "." + ext);
    }

    public Path listFile(String modulePath) { return moduleDir(modulePath).resolve("@v").resolve("list"); }

    public Path upstreamListFile(String modulePath) { return moduleDir(modulePath).resolve("@v").resolve(".upstream-list"); }

    public Path upstreamLatestFile(String modulePath) { return moduleDir(modulePath).resolve("@v").resolve(".upstream-latest"); }

    /** The file if it exists and is a regular file. */
    public Optional<Path> existing(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Age of a file from its mtime, or empty when it does not exist. */
    public Optional<Duration> age(Path file) {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            return Optional.of(Duration.between(t.toInstant(), Instant.now()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh temporary file in this process's temp directory (same file system as the tree, so rename is atomic). */
    public Path newTempFile() throws IOException {
        return Files.createFile(tmpDir.resolve(UUID.randomUUID() + ".tmp"));
    }

    public void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = newTempFile();
        try {
            Files.write(tmp, data, StandardOpenOption.TRUNCATE_EXISTING);
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** fsyncs the temporary file and renames it to target. The temp file is gone afterwards. */
    public void commit(Path tmp, Path target) throws IOException {
        if (!target.startsWith(root)) throw new IllegalArgumentException("refusing to write outside the data directory: " + target);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data directory's file system cannot rename atomically: " + e.getMessage(), e);
        }
        fsyncDir(target.getParent());
    }

    private static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic there.
        }
    }

    /** Canonical, non-pseudo versions whose go.mod is stored, in semver order: what {@code @v/list} holds. */
    public List<String> storedVersions(String modulePath) throws IOException {
        return versionsWith(modulePath, "mod").stream().filter(v -> !PseudoVersion.isPseudo(v)).toList();
    }

    /** Every version (pseudo-versions included) with a stored file of this extension, in semver order. */
    public List<String> versionsWith(String modulePath, String ext) throws IOException {
        Path dir = moduleDir(modulePath).resolve("@v");
        if (!Files.isDirectory(dir)) return List.of();
        List<String> out = new ArrayList<>();
        String suffix = "." + ext;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                try {
                    String v = CaseEncoding.unescapeVersion(name.substring(0, name.length() - suffix.length()));
                    if (Semver.isValid(v)) out.add(v);
                } catch (IllegalArgumentException e) {
                    // Not one of ours: ignore.
                }
            }
        }
        Semver.sort(out);
        return out;
    }

    /**
     * Rewrites {@code @v/list} from the go.mod files present, as the go command does for its module cache. Locked
     * across threads and processes so two writers never drop each other's versions.
     */
    public void rebuildList(String modulePath) throws IOException {
        withModuleLock(modulePath, () -> {
            List<String> versions = storedVersions(modulePath);
            StringBuilder b = new StringBuilder();
            for (String v : versions) b.append(v).append('\n');
            writeAtomically(listFile(modulePath), b.toString().getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    public interface IoAction<T> {
        T run() throws IOException;
    }

    public <T> T withModuleLock(String modulePath, IoAction<T> action) throws IOException {
        // Modules share 256 lock files; the in-process lock must be per file too, because a JVM may hold only one
        // FileLock per file (a second one throws OverlappingFileLockException instead of waiting).
        String bucket = Integer.toHexString(CaseEncoding.escapePath(modulePath).hashCode() & 0xff);
        Path lockFile = lockDir.resolve(bucket + ".lock");
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        try {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.run();
            }
        } finally {
            local.unlock();
        }
    }

    /**
     * Removes temporary files left by processes that died: other hosts' or dead pids' directories older than a day,
     * and this host's directories whose process is gone.
     */
    private void cleanAbandonedTemps() throws IOException {
        String host = hostName();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmpRoot)) {
            for (Path d : ds) {
                String name = d.getFileName().toString();
                boolean ours = name.startsWith(host + "-");
                boolean dead = false;
                if (ours) {
                    try {
                        long pid = Long.parseLong(name.substring(host.length() + 1));
                        dead = ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true)
                                || pid == ProcessHandle.current().pid();
                    } catch (NumberFormatException e) {
                        dead = true;
                    }
                }
                boolean old = age(d).map(a -> a.toHours() >= 24).orElse(false);
                if (dead || old) deleteTree(d);
            }
        }
    }

    private static void deleteTree(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (NoSuchFileException | FileAlreadyExistsException ignored) {
            // Raced with another cleaner: fine.
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
