package dev.modgate.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much room a file system has left, asked after a write of modgate's own failed (one statvfs, on failures only):
 * a failed write with less than this left is put down to the disk being full even when the system's words did not
 * say so (JGit, for one, does not always pass them on).
 */
public final class DiskSpace {
    /**
     * Not zero: a failed download or git fetch deletes its partial files before anyone asks, and a disk that ran out
     * while writing a pack has a few MB free again.
     */
    static final long NEARLY_FULL_BYTES = 16L << 20;

    private DiskSpace() {}

    /** True when the file system holding dir has less than 16 MiB usable (false when that cannot be told). */
    public static boolean nearlyFull(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < NEARLY_FULL_BYTES;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
