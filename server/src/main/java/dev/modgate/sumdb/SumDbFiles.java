package dev.modgate.sumdb;

import dev.modgate.storage.FileLocks;
import dev.modgate.storage.DirStorage;
import dev.modgate.storage.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * What modgate keeps about one checksum database it uses, under {@code DATA/.modgate/sumdb/<name>/}:
 * <pre>
 *   latest           the newest signed tree head verified (what the go command keeps in GOPATH/pkg/sumdb)
 *   cache/lookup/... cache/tile/...   lookups and tiles, written only after they were verified
 *   proxy/...        answers passed through for clients that could not be verified yet (latest, tiles beyond
 *                    the verified tree): reused for a TTL (the file's mtime is its age), stale when unreachable
 *   SECURITY-ERROR   the report of a detected fork; while it exists nothing from this database is trusted
 * </pre>
 * Files are written whole ({@link StateDir#write}: a temporary file, fsync, rename).
 */
final class SumDbFiles {
    private final DirStorage store;
    private final Path dir;
    private final String name;

    SumDbFiles(DirStorage store, String name) throws IOException {
        this.store = store;
        this.name = name;
        this.dir = store.state().sumdb(name);
    }

    Path dir() { return dir; }

    Path latestFile() { return dir.resolve("latest"); }

    Path securityFile() { return dir.resolve("SECURITY-ERROR"); }

    /** A verified file: rel is "lookup/..." or "tile/...", as the checksum database serves it. */
    Path cacheFile(String rel) { return under(dir.resolve("cache"), rel); }

    /** An unverified answer kept for a TTL. */
    Path proxyFile(String rel) { return under(dir.resolve("proxy"), rel); }

    private static Path under(Path base, String rel) {
        Path p = base.resolve(rel).normalize();
        if (!p.startsWith(base) || p.equals(base)) throw new IllegalArgumentException("invalid checksum database path " + rel);
        return p;
    }

    static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null; // unreadable counts as absent: it is read again from the database
        }
    }

    void write(Path f, byte[] data) throws IOException {
        store.state().write(f, data);
    }

    Optional<Duration> age(Path f) {
        return store.state().age(f);
    }

    /**
     * Replaces latest's content old by updated unless it changed meanwhile; locked across threads and processes
     * (two modgates may share a data directory), so no verified tree head is ever overwritten unseen.
     */
    boolean compareAndSwapLatest(byte[] old, byte[] updated) throws IOException {
        long deadline = System.nanoTime() + store.lockWait().toNanos();
        try (FileLocks.Held ignored = FileLocks.acquire(dir.resolve("latest.lock"), deadline, "the tree head of checksum database " + name, "--lock-wait")) {
            byte[] now = read(latestFile());
            if (!Arrays.equals(now == null ? new byte[0] : now, old == null ? new byte[0] : old)) return false;
            write(latestFile(), updated);
            return true;
        }
    }
}
