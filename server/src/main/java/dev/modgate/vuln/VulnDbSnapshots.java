package dev.modgate.vuln;

import dev.modgate.storage.FileLocks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The vulnerability database's snapshots in {@code DATA/.modgate/vulndb/}:
 * <pre>
 *   current                   the name of the snapshot in force, replaced whole (temporary file, rename)
 *   20240123T173306Z-3f2a…/   a snapshot: index/*.json, ID/*.json as published, a .json.gz of each, manifest.json
 *   .staging-…/               a snapshot being made (renamed into place once valid)
 *   lock                      held while a snapshot is switched to, against other modgate processes
 * </pre>
 * A database becomes a snapshot only whole and valid ({@link SnapshotCheck}); {@code current} then names it, and
 * the {@value #KEEP_PREVIOUS} snapshots before it are kept, older ones deleted. Any number of processes may read;
 * switching is under the lock.
 */
public final class VulnDbSnapshots {
    /** Snapshots kept besides the one in force: to go back to, and for readers still on them. */
    public static final int KEEP_PREVIOUS = 3;
    static final String CURRENT = "current";
    private static final String STAGING = ".staging-";
    /** A staging directory this old was left by a process that died. */
    private static final Duration ABANDONED = Duration.ofDays(1);
    /** How often a reader looks whether another process switched the snapshot. */
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path root;
    private final Duration lockWait;
    private final Map<String, Snapshot> open = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VulnDbSnapshots.class);
    private volatile String lastFailure;
    private volatile Seen seen = new Seen(null, System.nanoTime() - 2 * RECHECK_NANOS);

    private record Seen(Snapshot snapshot, long atNanos) {}

    /**
     * @param root     {@code DATA/.modgate/vulndb} ({@code storage.StateDir.vulndbIn}); created when a snapshot is made
     * @param lockWait how long switching waits for another process switching
     */
    public VulnDbSnapshots(Path root, Duration lockWait) {
        this.root = root.toAbsolutePath().normalize();
        this.lockWait = lockWait;
    }

    public Path root() { return root; }

    /**
     * The snapshot in force, or empty before the first sync or import. Looked up again at most once a second, so that
     * a switch by another process (modgate vulndb sync beside a server) is seen within a second.
     */
    public Optional<Snapshot> current() throws IOException {
        Seen s = seen;
        if (System.nanoTime() - s.atNanos < RECHECK_NANOS) return Optional.ofNullable(s.snapshot);
        return Optional.ofNullable(readCurrent());
    }

    /**
     * The vulnerability index over the snapshot in force (nothing affected while there is none): what the policy's
     * vuln lines ask. Its entries are cached per snapshot name; call once and keep it.
     */
    public VulnIndex index() {
        return VulnIndex.over(() -> {
            Snapshot s = inForce();
            return s == null ? "none" : s.name();
        }, module -> {
            Snapshot s = inForce();
            if (s == null) return java.util.List.of();
            try {
                return s.entries(module);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // the gate logs it and decides without the database
            }
        });
    }

    /**
     * The snapshot in force, or null: {@link #current} for callers that cannot fail (the policy gate asks it on every
     * decision). A {@code current} file that cannot be read counts as no snapshot; each new reason is logged once.
     */
    public Snapshot inForce() {
        try {
            Snapshot s = current().orElse(null);
            lastFailure = null;
            return s;
        } catch (IOException e) {
            seen = new Seen(null, System.nanoTime());
            String reason = String.valueOf(e.getMessage());
            if (!reason.equals(lastFailure)) log.warn("no vulnerability database snapshot in force: {}", reason);
            lastFailure = reason;
            return null;
        }
    }

    /** The snapshot in force, looked up now (and remembered for {@link #current}). */
    Snapshot readCurrent() throws IOException {
        long now = System.nanoTime();
        Snapshot c = lookUpCurrent();
        seen = new Seen(c, now);
        return c;
    }

    private Snapshot lookUpCurrent() throws IOException {
        Path f = root.resolve(CURRENT);
        String name;
        try {
            name = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        if (!SnapshotManifest.NAME.matcher(name).matches()) throw new IOException(f + " does not name a snapshot: run modgate vulndb sync or import again");
        // Deleted by hand: as if there were none, so that the next sync or import makes one.
        if (!Files.isDirectory(root.resolve(name))) return null;
        return snapshot(name);
    }

    private Snapshot snapshot(String name) throws IOException {
        Snapshot s = open.get(name);
        if (s != null) return s;
        s = Snapshot.open(root.resolve(name));
        // Another process pruned the ones it replaced: forget them (and their module indexes) here too.
        open.keySet().removeIf(n -> !Files.isDirectory(root.resolve(n)));
        Snapshot raced = open.putIfAbsent(name, s);
        return raced != null ? raced : s;
    }

    /** The OSV entries the snapshot in force lists for a module path ({@link Snapshot#entries}); empty without one. */
    public List<byte[]> entries(String modulePath) throws IOException {
        Optional<Snapshot> c = current();
        return c.isEmpty() ? List.of() : c.get().entries(modulePath);
    }

    /** Every snapshot kept, newest modified time first. */
    public List<Snapshot> all() throws IOException {
        List<Snapshot> out = new ArrayList<>();
        for (String name : snapshotNames()) out.add(snapshot(name));
        out.sort(Comparator.comparing(Snapshot::name).reversed());
        return out;
    }

    private List<String> snapshotNames() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(root)) return names;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (SnapshotManifest.NAME.matcher(n).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) names.add(n);
            }
        }
        return names;
    }

    /** A new, empty directory to fill with a database's files for {@link #install}. */
    Path newStaging() throws IOException {
        Files.createDirectories(root);
        Path d = Files.createTempDirectory(root, STAGING);
        Files.createDirectories(d.resolve("index"));
        Files.createDirectories(d.resolve("ID"));
        return d;
    }

    /** What {@link #install} did: the snapshot in force now, whether it changed, and the one before. */
    public record Installed(Snapshot snapshot, boolean switched, Snapshot previous) {}

    /**
     * Makes the staging directory a snapshot and switches to it: checks it ({@link SnapshotCheck}), adds the
     * .json.gz files and the manifest, renames it into place, names it in {@code current}, deletes snapshots beyond
     * the ones kept. The staging directory is gone afterwards, whatever happened. A database older than the one in
     * force is refused unless forced; the same one as in force changes nothing.
     */
    Installed install(Path staging, boolean force) throws IOException {
        SnapshotCheck.Checked checked;
        try {
            checked = SnapshotCheck.check(staging);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        return install(staging, checked, force);
    }

    /** {@link #install} of a staging directory {@link SnapshotCheck} passed already ({@link IncomingSnapshot}). */
    Installed install(Path staging, SnapshotCheck.Checked checked, boolean force) throws IOException {
        try {
            gzipEach(staging);
            SnapshotManifest manifest = SnapshotManifest.of(staging, checked);
            String name = manifest.name();
            Files.write(staging.resolve(SnapshotManifest.FILE), manifest.toJson());
            syncTree(staging);
            try (FileLocks.Held lock = FileLocks.acquire(root.resolve("lock"), System.nanoTime() + lockWait.toNanos(),
                    "the vulnerability database snapshots", "--lock-wait")) {
                Snapshot before = readCurrent();
                if (before != null && before.name().equals(name)) return new Installed(before, false, before);
                if (before != null && checked.modified().isBefore(before.modified()) && !force) throw older(checked.modified(), before);
                Path target = root.resolve(name);
                if (!Files.isDirectory(target)) {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                    syncDir(root);
                }
                writeCurrent(name);
                Snapshot now = snapshot(name);
                seen = new Seen(now, System.nanoTime());
                prune(name);
                return new Installed(now, true, before);
            }
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) deleteTree(staging);
        }
    }

    static VulnDbException older(Instant modified, Snapshot current) {
        return new OlderThanInForce(modified, current);
    }

    /** A database older than the snapshot in force, not switched to: callers with another way to force say so. */
    public static final class OlderThanInForce extends VulnDbException {
        private final Instant modified;
        private final transient Snapshot inForce;

        OlderThanInForce(Instant modified, Snapshot inForce) {
            super("the database (modified " + modified + ") is older than the snapshot in force, " + inForce.name()
                    + " (modified " + inForce.modified() + "): nothing switched; give --force to go back to it");
            this.modified = modified;
            this.inForce = inForce;
        }

        /** The refused database's modified time. */
        public Instant modified() { return modified; }

        public Snapshot inForce() { return inForce; }
    }

    /** A staging directory to fill with a database carried from elsewhere (a bundle), file by file. */
    public IncomingSnapshot incoming() throws IOException {
        return new IncomingSnapshot(this, newStaging());
    }

    /** A kept snapshot by name ({@code modgate vulndb status} shows them), or empty. */
    public Optional<Snapshot> named(String name) throws IOException {
        if (!SnapshotManifest.NAME.matcher(name).matches() || !Files.isDirectory(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        return Optional.of(snapshot(name));
    }

    /**
     * The kept snapshot before this one: the newest of those with an earlier name (names start with the database's
     * modified time), or empty when none is kept.
     */
    public Optional<Snapshot> before(Snapshot s) throws IOException {
        for (Snapshot k : all()) if (k.name().compareTo(s.name()) < 0) return Optional.of(k);
        return Optional.empty();
    }

    /** A .json.gz beside every .json that has none yet (those linked from the previous snapshot have theirs). */
    private static void gzipEach(Path dir) throws IOException {
        for (String sub : new String[] {"index", "ID"}) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve(sub), "*.json")) {
                for (Path p : s) {
                    Path gz = p.resolveSibling(p.getFileName() + VulnDbPaths.GZ);
                    if (Files.exists(gz, LinkOption.NOFOLLOW_LINKS)) continue;
                    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz, StandardOpenOption.CREATE_NEW), 64 << 10)) {
                        Files.copy(p, out);
                    }
                }
            }
        }
    }

    private void writeCurrent(String name) throws IOException {
        Path tmp = Files.createTempFile(root, ".current-", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDir(root);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes snapshots beyond the one in force and the {@value #KEEP_PREVIOUS} newest others, and abandoned staging. */
    private void prune(String current) throws IOException {
        List<String> others = new ArrayList<>(snapshotNames());
        others.remove(current);
        others.sort(Comparator.reverseOrder());
        for (int i = KEEP_PREVIOUS; i < others.size(); i++) {
            deleteTree(root.resolve(others.get(i)));
            open.remove(others.get(i));
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root, STAGING + "*")) {
            for (Path p : s) {
                Instant made = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                if (made.isBefore(Instant.now().minus(ABANDONED))) deleteTree(p);
            }
        }
    }

    /** Every file's content and every directory entry on disk before the snapshot is named anywhere. */
    private static void syncTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    ch.force(true);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                syncDir(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every platform can sync a directory; the rename itself is still atomic.
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
