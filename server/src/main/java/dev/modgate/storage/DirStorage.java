package dev.modgate.storage;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Blob;
import dev.modgate.module.Failure;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * so {@code .modgate/} ({@link StateDir}) cannot collide with a module.
 *
 * <p>Other packages reach artifacts only through {@link Storage} (an object store has no paths); the file-level
 * methods here are package-private, for {@link StateDir} and the tests of this package.
 */
public final class DirStorage implements Storage {
    private final Path root;
    private final StateDir state;
    private final Path tmpRoot;
    private final Path lockDir;
    private Path tmpDir;
    /** Held for the life of the process: other processes tell a live temp directory from an abandoned one by it. */
    private FileLock aliveLock;
    /**
     * Temp directories owned by this JVM. Never probe their .alive files: closing any channel on a file can drop
     * the JVM's own lock on it (POSIX record locks are per process).
     */
    private static final java.util.Set<Path> OWN_TMP_DIRS = ConcurrentHashMap.newKeySet();
    /** Directories with new entries not yet fsynced (see {@link #commitNew}); {@link #syncDirectories} empties it. */
    private final java.util.Set<Path> unsyncedDirs = ConcurrentHashMap.newKeySet();

    /** How long a lock another process holds is waited for, unless told otherwise: --fetch-timeout's default. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);

    private final Duration lockWait;

    public DirStorage(Path dataDir) throws IOException {
        this(dataDir, DEFAULT_LOCK_WAIT);
    }

    /** @param lockWait how long to wait for a lock of the data directory before giving up ({@link LockTimeoutException}) */
    public DirStorage(Path dataDir, Duration lockWait) throws IOException {
        this.lockWait = lockWait;
        this.root = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        this.state = new StateDir(root, this);
        this.tmpRoot = state.tmp();
        this.lockDir = state.locks();
        Files.createDirectories(tmpRoot);
        Files.createDirectories(lockDir);
        cleanAbandonedTemps();
        newTmpDir();
    }

    /**
     * One temporary directory per store, marked live by a lock on its {@code .alive} file, so another process on the
     * same data directory never deletes partial files that are still being written, however long we run.
     */
    private synchronized Path newTmpDir() throws IOException {
        Path dir = Files.createDirectories(tmpRoot.resolve(UUID.randomUUID().toString()));
        FileChannel ch = FileChannel.open(dir.resolve(".alive"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        aliveLock = ch.lock();
        OWN_TMP_DIRS.add(dir);
        tmpDir = dir;
        return dir;
    }

    Path root() { return root; }

    /** modgate's own state beside the module tree ({@code .modgate/}). */
    public StateDir state() { return state; }

    /** How long a lock of the data directory is waited for (other components' locks in it too, such as git mirrors'). */
    public Duration lockWait() { return lockWait; }

    Path moduleDir(String modulePath) {
        Path p = root;
        for (String el : CaseEncoding.escapePath(modulePath).split("/")) p = p.resolve(el);
        if (!p.normalize().startsWith(root)) throw new IllegalArgumentException("module path escapes the data directory");
        return p;
    }

    Path versionFile(String modulePath, String version, String ext) {
        return moduleDir(modulePath).resolve("@v").resolve(CaseEncoding.escapeVersion(version) + "." + ext);
    }

    Path listFile(String modulePath) { return moduleDir(modulePath).resolve("@v").resolve("list"); }

    Path upstreamListFile(String modulePath) { return moduleDir(modulePath).resolve("@v").resolve(".upstream-list"); }

    Path upstreamLatestFile(String modulePath) { return moduleDir(modulePath).resolve("@v").resolve(".upstream-latest"); }

    /** Age of a file from its mtime, or empty when it does not exist. */
    Optional<Duration> age(Path file) {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            return Optional.of(Duration.between(t.toInstant(), Instant.now()));
        } catch (IOException e) {
            // Missing, or a name the file system cannot hold: either way there is no fresh copy.
            return Optional.empty();
        }
    }

    /** A fresh temporary file in this process's temp directory (same file system as the tree, so rename is atomic). */
    Path newTempFile() throws IOException {
        Path dir;
        synchronized (this) {
            dir = Files.isDirectory(tmpDir) ? tmpDir : newTmpDir(); // someone removed it: recover rather than fail every fetch
        }
        return Files.createFile(dir.resolve(UUID.randomUUID() + ".tmp"));
    }

    /** Stores immutable bytes unless the target exists already (see {@link #commitNew}). */
    boolean writeNew(Path target, byte[] data) throws IOException {
        Path tmp = newTempFile();
        try {
            Files.write(tmp, data, StandardOpenOption.TRUNCATE_EXISTING);
            return commitNew(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes a file that can be derived or fetched again ({@code .ziphash}, the upstream sidecars) whole or not at
     * all, but without waiting for the disk (no fsync): after a power failure it may be empty, older or missing,
     * never part of another file, and whatever reads these files copes with that. A cold fetch waits for one fsync
     * less per artifact.
     */
    void writeDerived(Path target, byte[] data) throws IOException {
        checkInside(target);
        Path tmp = newTempFile();
        try {
            Files.write(tmp, data, StandardOpenOption.TRUNCATE_EXISTING);
            createParents(target, false);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the data directory's file system cannot rename atomically: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = newTempFile();
        try {
            Files.write(tmp, data, StandardOpenOption.TRUNCATE_EXISTING);
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Stores an immutable artifact: fsyncs the temporary file and links it into place only if the target does not
     * exist yet, so a file once served never changes, whoever (another thread, process, or import) raced us.
     *
     * <p>The file is fsynced before it gets its name, so no crash ever leaves a partial file under it. The new
     * directory entries are not fsynced here but by {@link #syncDirectories} (within a second while serving, at the
     * end of an import or prefetch, at shutdown): after a power failure in between, a new artifact may be missing,
     * and is fetched again, never present and incomplete. Syncing each directory as each file lands cost a cold
     * fetch about two fsyncs more per artifact, most of its time beyond the upstream's latency.
     *
     * @return false when the target already existed (the temporary file is then simply dropped)
     */
    boolean commitNew(Path tmp, Path target) throws IOException {
        checkInside(target);
        force(tmp);
        return linkNew(tmp, target);
    }

    /**
     * A temporary file holding data, already fsynced: for {@link #linkNew} under a lock, so that the lock is not held
     * while waiting for the disk.
     */
    Path writeSyncedTemp(byte[] data) throws IOException {
        Path tmp = newTempFile();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** {@link #commitNew} for a temporary file that is already fsynced ({@link #writeSyncedTemp}). */
    boolean linkNew(Path tmp, Path target) throws IOException {
        checkInside(target);
        createParents(target, false);
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            return false;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.FileSystemException fse && !(fse.getMessage() + "").contains("not supported")
                    && !(fse.getMessage() + "").contains("not permitted")) {
                throw fse;
            }
            // No hard links here (some network file systems): check-then-rename is the best that remains.
            if (Files.exists(target)) {
                Files.deleteIfExists(tmp);
                return false;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(tmp);
        unsyncedDirs.add(target.getParent());
        return true;
    }

    /**
     * fsyncs every directory that got new entries from {@link #commitNew} since the last call; returns how many.
     * Synchronized so that a caller returning knows the directories are on the disk, even those another caller took.
     */
    public synchronized int syncDirectories() {
        int n = 0;
        for (Path d : unsyncedDirs) {
            if (!unsyncedDirs.remove(d)) continue;
            fsyncDir(d);
            n++;
        }
        return n;
    }

    /** fsyncs the temporary file and renames it over target (lists and sidecars, which do change). */
    void commit(Path tmp, Path target) throws IOException {
        checkInside(target);
        force(tmp);
        createParents(target, true);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data directory's file system cannot rename atomically: " + e.getMessage(), e);
        }
        fsyncDir(target.getParent());
    }

    private void checkInside(Path target) {
        if (!target.normalize().startsWith(root)) throw new IllegalArgumentException("refusing to write outside the data directory: " + target);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Creates missing parent directories; each new one's parent is fsynced now (now) or by the next
     * {@link #syncDirectories}, so that a new module directory survives a crash.
     */
    private void createParents(Path target, boolean now) throws IOException {
        Path parent = target.getParent();
        if (Files.isDirectory(parent)) return;
        Path first = parent;
        while (first.getParent() != null && !Files.isDirectory(first.getParent())) first = first.getParent();
        Files.createDirectories(parent);
        for (Path d = parent; d != null && d.startsWith(root); d = d.getParent()) {
            if (now) fsyncDir(d);
            else unsyncedDirs.add(d);
            if (d.equals(first.getParent())) break;
        }
    }

    private static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic there.
        }
    }

    /**
     * Canonical, non-pseudo versions whose .info is stored, in semver order: what {@code @v/list} holds. The .info,
     * not the go.mod: a version's .info is stored only once a source resolved it as exactly that version (the go
     * command's Stat), while a go.mod may be fetched for any version asked for, and a source that serves one for a
     * version it does not list (a GOPROXY tree with graph-only go.mod files) would otherwise make modgate list a
     * version that the go command, listing from that source, does not (and whose .info is then a 404).
     */
    List<String> storedVersions(String modulePath) throws IOException {
        return versionsWith(modulePath, "info").stream().filter(v -> !PseudoVersion.isPseudo(v)).toList();
    }

    /** Every version (pseudo-versions included) with a stored file of this extension, in semver order. */
    List<String> versionsWith(String modulePath, String ext) throws IOException {
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
            writeList(modulePath);
            return null;
        });
    }

    /** {@link #rebuildList} for a caller already holding the module's lock ({@link #withModuleLock}). */
    void writeList(String modulePath) throws IOException {
        List<String> versions = storedVersions(modulePath);
        StringBuilder b = new StringBuilder();
        for (String v : versions) b.append(v).append('\n');
        // Derived from the .info files present (and rewritten with each one stored): no need to wait for the disk.
        writeDerived(listFile(modulePath), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs the action holding the module's lock, shared across threads and processes. Waits at most {@link #lockWait}
     * for it, then throws {@link LockTimeoutException} (a process that hangs holding it must not hang us too).
     */
    <T> T withModuleLock(String modulePath, IoAction<T> action) throws IOException {
        // Modules share 256 lock files; the in-process lock must be per file too, because a JVM may hold only one
        // FileLock per file (a second one throws OverlappingFileLockException instead of waiting).
        Path lockFile = moduleLockFile(modulePath);
        try (FileLocks.Held ignored = FileLocks.acquire(lockFile, System.nanoTime() + lockWait.toNanos(), "the version list of " + modulePath, "--lock-wait")) {
            return action.run();
        }
    }

    /** The lock file guarding the module's list (one of 256, shared by the modules whose escaped path hashes to it). */
    Path moduleLockFile(String modulePath) {
        String bucket = Integer.toHexString(CaseEncoding.escapePath(modulePath).hashCode() & 0xff);
        return lockDir.resolve(bucket + ".lock");
    }

    /**
     * Removes the temporary directories of processes that are gone: a directory whose {@code .alive} lock can be
     * taken has no live owner. One without the file (an owner that died while creating it, or a file system without
     * locks) is removed once it is an hour old.
     */
    private void cleanAbandonedTemps() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmpRoot)) {
            for (Path d : ds) {
                if (OWN_TMP_DIRS.contains(d)) continue;
                if (!Files.isDirectory(d)) {
                    Files.deleteIfExists(d);
                    continue;
                }
                Path alive = d.resolve(".alive");
                boolean abandoned;
                if (Files.exists(alive)) {
                    try (FileChannel ch = FileChannel.open(alive, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
                        abandoned = l != null;
                    } catch (IOException e) {
                        abandoned = age(d).map(a -> a.toHours() >= 24).orElse(false);
                    }
                } else {
                    abandoned = age(d).map(a -> a.toHours() >= 1).orElse(false);
                }
                if (abandoned) deleteTree(d);
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

    // ---------------------------------------------------------------- Storage: artifacts by kind and module@version

    @Override public Optional<Blob> get(ArtifactKind kind, ModuleVersion version) throws IOException {
        Path f = versionFile(version.path(), version.version(), kind.extension());
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new FileBlob(f, a)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.file.FileSystemException e) {
            // A name this file system cannot hold (too long), or a parent that is a file: nothing is stored there.
            if (Files.notExists(f)) return Optional.empty();
            throw e;
        }
    }

    @Override public boolean putNew(ArtifactKind kind, ModuleVersion version, byte[] content) throws IOException {
        Path target = versionFile(version.path(), version.version(), kind.extension());
        if (kind != ArtifactKind.MOD) return full(() -> writeNew(target, content));
        // A go.mod is linked under the module's lock, ordered with the list's rewrites by any process; it is on the
        // disk before the lock is taken (shared with 1/256 of all modules, and with other processes), so cold fetches
        // do not queue behind each other's fsyncs, and a process hanging with the lock stores nothing here.
        Path tmp = full(() -> writeSyncedTemp(content));
        try {
            return withModuleLock(version.path(), () -> linkNew(tmp, target));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override public boolean putNew(ArtifactKind kind, ModuleVersion version, Staged staged) throws IOException {
        return full(() -> commitNew(staged.file(), versionFile(version.path(), version.version(), kind.extension())));
    }

    @Override public Staged stage() throws IOException {
        Path tmp = full(this::newTempFile);
        return new Staged() {
            @Override public Path file() { return tmp; }

            @Override public void close() throws IOException { Files.deleteIfExists(tmp); }
        };
    }

    @Override public List<String> listedVersions(String module) throws IOException {
        return storedVersions(module);
    }

    @Override public List<String> versions(String module, ArtifactKind kind) throws IOException {
        return versionsWith(module, kind.extension());
    }

    @Override public long versionsStamp(String module) {
        try {
            return Files.getLastModifiedTime(moduleDir(module).resolve("@v")).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override public Optional<Sidecar> sidecar(String module, Sidecar.Kind kind) {
        Path f = sidecarFile(module, kind);
        try {
            long mtime = Files.getLastModifiedTime(f).toMillis();
            return Optional.of(new Sidecar(Files.readAllBytes(f), mtime));
        } catch (IOException e) {
            // Missing, or a name the file system cannot hold: either way there is no remembered answer.
            return Optional.empty();
        }
    }

    @Override public void putSidecar(String module, Sidecar.Kind kind, byte[] content) throws IOException {
        full(() -> {
            writeDerived(sidecarFile(module, kind), content);
            return null;
        });
    }

    private Path sidecarFile(String module, Sidecar.Kind kind) {
        return kind == Sidecar.Kind.UPSTREAM_LIST ? upstreamListFile(module) : upstreamLatestFile(module);
    }

    @Override public void putZipHash(ModuleVersion version, String h1) throws IOException {
        full(() -> {
            writeDerived(versionFile(version.path(), version.version(), "ziphash"), h1.getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    @Override public Optional<String> zipHash(ModuleVersion version) {
        try {
            String h = Files.readString(versionFile(version.path(), version.version(), "ziphash"), StandardCharsets.UTF_8).strip();
            return h.startsWith("h1:") ? Optional.of(h) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // missing, half-written by a crash (it is written without fsync), or unreadable
        }
    }

    @Override public void removeSidecar(String module, Sidecar.Kind kind) throws IOException {
        Files.deleteIfExists(sidecarFile(module, kind));
    }

    @Override public List<String> modules() throws IOException {
        List<String> out = new ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
                if (dir.equals(root)) return java.nio.file.FileVisitResult.CONTINUE;
                String name = dir.getFileName().toString();
                if (name.equals("@v")) {
                    try {
                        out.add(CaseEncoding.unescapePath(root.relativize(dir.getParent()).toString().replace('\\', '/')));
                    } catch (IllegalArgumentException e) {
                        // Not a module directory of ours: ignore.
                    }
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                // .modgate/ is state, not modules; no module path element starts with a dot or is @-anything else.
                return name.startsWith(".") || name.startsWith("@") ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        java.util.Collections.sort(out);
        return out;
    }

    @Override public Optional<String> moveAside(ModuleVersion version, ArtifactKind kind, String report) throws IOException {
        String path = version.path(), v = version.version();
        Path file = versionFile(path, v, kind.extension());
        if (!Files.isRegularFile(file)) return Optional.empty();
        Path dir = state.quarantine().resolve(QUARANTINE_STAMP.format(Instant.now()) + "-" + ProcessHandle.current().pid() + "-" + QUARANTINE_SEQ.incrementAndGet());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("REPORT"), report.endsWith("\n") ? report : report + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // moved by another thread or process just now
        }
        if (kind == ArtifactKind.ZIP) moveIfThere(versionFile(path, v, "ziphash"), dir); // derived; it may never have been written
        if (kind != ArtifactKind.INFO) moveIfThere(versionFile(path, v, "info"), dir);
        try {
            rebuildList(path);
        } catch (IOException e) {
            // The files are aside already, which is what matters: the served list is merged from the stored .info
            // files, and the next version stored rewrites this one.
            org.slf4j.LoggerFactory.getLogger(DirStorage.class).warn("could not rewrite the version list of {} after moving {} aside: {}",
                    path, version, e.toString());
        }
        return Optional.of(dir.toString());
    }

    private static final java.time.format.DateTimeFormatter QUARANTINE_STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);
    private static final java.util.concurrent.atomic.AtomicInteger QUARANTINE_SEQ = new java.util.concurrent.atomic.AtomicInteger();

    private static void moveIfThere(Path file, Path dir) throws IOException {
        try {
            Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // Not stored (or moved just now by another process).
        }
    }

    @Override public long stagingSpace() throws IOException {
        return Files.getFileStore(tmpRoot).getUsableSpace();
    }

    @Override public String describe() { return root.toString(); }

    @Override public Failure failure(String what, IOException e) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DirStorage.class);
        if (e instanceof LockTimeoutException lt) {
            // Not this request's fault nor the upstream's, and likely to pass: BUSY, saying which module and why.
            log.error("serving {}: {} ({})", what, lt.getMessage(), lt.lockFile());
            return new Failure(Failure.Kind.BUSY, "modgate could not serve " + what + ": " + lt.getMessage(), List.of(), false);
        }
        if (isFull(e)) {
            log.error("could not store {}: the data directory {} is full ({})", what, root, e.getMessage());
            return new Failure(Failure.Kind.STORAGE_FULL, "modgate could not store " + what + ": the data directory is full", List.of(), false);
        }
        log.error("could not serve {}: a local read or write failed in {}", what, root, e);
        return new Failure(Failure.Kind.INTERNAL, "modgate could not serve " + what + ": a local read or write failed ("
                + e.getClass().getSimpleName() + "; details in the modgate log)", List.of(), false);
    }

    /** Only what a write said (or {@link #full} made of it): a read failing on a nearly full disk is not "full". */
    private static boolean isFull(Throwable e) {
        return LocalFailures.diskFull(e);
    }

    private interface Write<T> {
        T run() throws IOException;
    }

    /**
     * Runs a write; when it fails saying the disk is full, or while the data directory's file system has (nearly) no
     * space left, the failure becomes a {@link StorageFullException}, the one type everything above looks for.
     */
    private <T> T full(Write<T> w) throws IOException {
        try {
            return w.run();
        } catch (StorageFullException | LockTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (LocalFailures.diskFull(e) || DiskSpace.nearlyFull(root)) throw new StorageFullException(e);
            throw e;
        }
    }
}
