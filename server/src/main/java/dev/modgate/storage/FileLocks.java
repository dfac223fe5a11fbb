package dev.modgate.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks shared with other modgate processes on one data directory: an in-process lock (a JVM may hold only one
 * FileLock per file) and then the file's lock. A hung process must not hang every request after it, so both are
 * waited for only until a deadline; FileChannel.lock cannot be given one, so the file lock is polled.
 */
public final class FileLocks {
    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * One in-process lock per lock file for the whole JVM: a JVM may hold only one FileLock per file, and closing any
     * channel on the file drops it (POSIX record locks belong to the process), so two holders in one process must
     * never reach the file lock at once.
     */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private FileLocks() {}

    /** Both locks, released by close. */
    public interface Held extends AutoCloseable {
        @Override void close() throws IOException;
    }

    /**
     * Takes the in-process lock of lockFile, then its file lock, waiting until deadlineNanos (System.nanoTime) at most.
     *
     * @param what what the lock guards, for the message ("the version list of rsc.io/quote")
     * @param waitSetting the setting that bounds the wait, for the message ("--lock-wait")
     * @throws LockTimeoutException when the deadline passes first
     */
    public static Held acquire(Path lockFile, long deadlineNanos, String what, String waitSetting) throws IOException {
        ReentrantLock local = LOCAL.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        // A thread asking again for a lock it holds would wait on itself until the deadline: a bug, said at once.
        if (local.isHeldByCurrentThread()) throw new IllegalStateException("the lock on " + what + " is already held by this thread");
        long start = System.nanoTime();
        try {
            if (!local.tryLock(Math.max(0, deadlineNanos - start), TimeUnit.NANOSECONDS)) throw timeout(what, waitSetting, lockFile, start, "a request in this process");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for the lock on " + what);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = poll(ch, deadlineNanos);
            if (lock == null) throw timeout(what, waitSetting, lockFile, start, "another modgate process on this data directory");
            FileChannel channel = ch;
            return () -> {
                try {
                    channel.close(); // releases the file lock
                } finally {
                    local.unlock();
                }
            };
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (ch != null) ch.close();
            } finally {
                local.unlock();
            }
            throw e;
        }
    }

    private static FileLock poll(FileChannel ch, long deadlineNanos) throws IOException {
        long pause = FIRST_POLL_NANOS;
        while (true) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                // Cannot happen while every user goes through LOCAL; if it did, waiting would end in closing this
                // channel, which drops the process's lock on the file under its real holder. Refuse instead.
                throw new IllegalStateException("the file lock " + ch + " is held in this process outside FileLocks", e);
            }
            if (l != null) return l;
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) return null;
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted waiting for a file lock");
            }
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    private static LockTimeoutException timeout(String what, String waitSetting, Path lockFile, long startNanos, String holder) {
        return new LockTimeoutException("waited " + seconds(System.nanoTime() - startNanos) + " for the lock on " + what + ", held by " + holder
                + " (hung, or much slower than " + waitSetting + " allows)", lockFile);
    }

    private static String seconds(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0) : (ms / 1000) + "s";
    }
}
