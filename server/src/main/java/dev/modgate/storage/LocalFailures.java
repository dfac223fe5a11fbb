package dev.modgate.storage;

import java.nio.file.FileSystemException;

/**
 * A failure of modgate's own disk (the data directory) as a client may see it: the status (507 when the file
 * system is full, else 500) and a reason naming what failed but never a path of this server; the path and the
 * exception go to the log, where the operator needs them.
 */
public final class LocalFailures {
    private LocalFailures() {}

    /** True when a failure (or one of its causes) is the file system saying it is full (ENOSPC, EDQUOT). */
    public static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (saysFull(t)) return true;
        return false;
    }

    /**
     * Whether this exception itself (not its causes) is the operating system saying the file system is full. Java
     * and JGit give no error code, only the system's words (strerror of ENOSPC, EDQUOT).
     */
    public static boolean saysFull(Throwable t) {
        String m = words(t);
        return m.contains("No space left") || m.contains("Disk quota");
    }

    /** Whether this exception itself is the operating system refusing to write a read-only file system (EROFS). */
    public static boolean saysReadOnly(Throwable t) {
        return words(t).contains("Read-only file system");
    }

    private static String words(Throwable t) {
        return String.valueOf(t instanceof FileSystemException f ? f.getReason() : t.getMessage());
    }

    /** 507 (Insufficient Storage) for a full disk, else 500. */
    public static int status(Throwable e) {
        return diskFull(e) ? 507 : 500;
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
