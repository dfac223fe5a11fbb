package dev.modgate.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the data directory's file system is full or read-only, from its state rather than from an error's words:
 * Java reports ENOSPC and EROFS only as text. Asked after a write failed, so the cost (one statvfs) is paid on failures
 * only. Every write modgate makes goes into a data directory, so a failed write while one is full is put down to that.
 */
public final class DiskSpace {
    /**
     * Below this, a failed write is put down to the disk being full. Not zero: a failed download or git fetch deletes
     * its partial files before anyone asks, and a disk that ran out while writing a pack has a few MB free again.
     */
    static final long NEARLY_FULL_BYTES = 16L << 20;

    /** The data directories of this process (normally one), registered by {@link DirStorage}. */
    private static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();

    private DiskSpace() {}

    static void register(Path dataDir) {
        DATA_DIRS.add(dataDir);
    }

    /** True when the file system holding dir has less than 16 MiB usable (false when that cannot be told). */
    public static boolean nearlyFull(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < NEARLY_FULL_BYTES;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean dataDirectoryNearlyFull() {
        for (Path d : DATA_DIRS) if (nearlyFull(d)) return true;
        return false;
    }

    static boolean dataDirectoryReadOnly() {
        for (Path d : DATA_DIRS) {
            try {
                if (Files.getFileStore(d).isReadOnly()) return true;
            } catch (IOException | RuntimeException e) {
                // Cannot tell: not read-only as far as we know.
            }
        }
        return false;
    }
}
