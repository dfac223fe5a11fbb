package dev.modgate.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code DATA/.modgate/quarantine/.generation}: rewritten (atomically, with a new random token) each time a stored
 * file is moved to the quarantine, so that every process sharing the data directory (two servers, a {@code prefetch
 * --data} run) learns that something it may hold in memory is gone from the disk. Only the process that moved the
 * file can drop that file's entries at once; the others drop all they hold of .info/.mod files when the token changes.
 */
public final class QuarantineGeneration {
    /** How often a process looks at the marker: at most one small read a second, none on the other requests. */
    static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final DirStorage store;
    private final Path file;
    private final AtomicLong nextCheck;
    private volatile byte[] seen;

    public QuarantineGeneration(DirStorage store) {
        this.store = store;
        this.file = file(store.state());
        this.seen = read();
        this.nextCheck = new AtomicLong(System.nanoTime() + CHECK_EVERY_NANOS);
    }

    static Path file(StateDir state) {
        return state.quarantine().resolve(".generation");
    }

    /** Tells every process sharing the data directory that a stored file was moved to the quarantine. */
    public void bump() throws IOException {
        byte[] token = (UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8);
        store.state().writeDerived(file, token);
        seen = token; // this process drops what it holds itself (ArtifactEvents.removed)
    }

    /**
     * True when another process moved a file to the quarantine since the last call that returned true. Costs a clock
     * read on nearly every call; at most once a second (one caller at a time) it reads the marker.
     */
    public boolean changed() {
        long now = System.nanoTime();
        long next = nextCheck.get();
        if (now - next < 0 || !nextCheck.compareAndSet(next, now + CHECK_EVERY_NANOS)) return false;
        byte[] current = read();
        if (Arrays.equals(current, seen)) return false;
        seen = current;
        return true;
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return seen; // unreadable now: treated as unchanged, read again a second later
        }
    }
}
