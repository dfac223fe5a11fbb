package dev.modgate.storage;

import dev.modgate.module.Failure;
import java.util.List;

/**
 * A failure of modgate's own disk (the data directory) as a client may see it: its kind (STORAGE_FULL when the file
 * system is full, else INTERNAL) and a reason naming what failed but never a path of this server; the path and the
 * exception go to the log, where the operator needs them. "Full" is decided once, here, from the exception's type
 * ({@link StorageFullException}) or the state of the data directory's file system after the failure
 * ({@link DiskSpace}), never from the words of an error message.
 */
public final class LocalFailures {
    private LocalFailures() {}

    /** True when a failure (or one of its causes) is the data directory's file system being full. */
    public static boolean diskFull(Throwable e) {
        boolean io = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageFullException) return true;
            io |= t instanceof java.io.IOException;
        }
        return io && DiskSpace.dataDirectoryNearlyFull();
    }

    /** True when a write failed because the data directory's file system is mounted read-only. */
    public static boolean readOnly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) return DiskSpace.dataDirectoryReadOnly();
        }
        return false;
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
