package dev.modgate.storage;

import dev.modgate.module.Failure;
import java.nio.file.FileSystemException;
import java.util.List;

/**
 * A failure of modgate's own disk (the data directory) as a client may see it: its kind (STORAGE_FULL when the file
 * system is full, else INTERNAL) and a reason naming what failed but never a path of this server; the path and the
 * exception go to the log, where the operator needs them.
 *
 * <p>"Full" is decided here and nowhere else: a {@link StorageFullException} (storage's own writes, which also look
 * at the free space left, {@link DiskSpace}), or the operating system's ENOSPC or EDQUOT. Java reports an errno only as
 * its text, so those two texts are matched here, once; a full disk's free space alone cannot be the test, since it
 * misses inode exhaustion and quotas and would call every failure "full" on a nearly full disk.
 */
public final class LocalFailures {
    private LocalFailures() {}

    /** True when a failure (or one of its causes) is the data directory's file system being full. */
    public static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageFullException) return true;
            String words = errno(t);
            if (words.contains("No space left on device") || words.contains("Disk quota exceeded")) return true;
        }
        return false;
    }

    /** True when a write failed because the file system is mounted read-only (EROFS). */
    public static boolean readOnly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (errno(t).contains("Read-only file system")) return true;
        return false;
    }

    /** The system's words for an errno: a FileSystemException's reason, else the message (plain IOExceptions from writes). */
    private static String errno(Throwable t) {
        return String.valueOf(t instanceof FileSystemException f ? f.getReason() : t.getMessage());
    }

    /** STORAGE_FULL for a full disk, else INTERNAL. */
    public static Failure.Kind kind(Throwable e) {
        return diskFull(e) ? Failure.Kind.STORAGE_FULL : Failure.Kind.INTERNAL;
    }

    /** The failure for a client: "modgate could not WHAT: the data directory is full" or "...: a local read or write failed (...)". */
    public static Failure failure(String what, Throwable e) {
        return new Failure(kind(e), reason(what, e), List.of(), false);
    }

    /** "modgate could not WHAT: the data directory is full" or "...: a local read or write failed (...)". */
    public static String reason(String what, Throwable e) {
        return "modgate could not " + what + ": " + cause(e);
    }

    /** What went wrong, without a path: "the data directory is full (...)" or "a local read or write failed (...)". */
    public static String cause(Throwable e) {
        return diskFull(e) ? "the data directory is full (free space there; nothing already stored is lost)"
                : "a local read or write failed (" + e.getClass().getSimpleName() + "; details in the modgate log)";
    }
}
