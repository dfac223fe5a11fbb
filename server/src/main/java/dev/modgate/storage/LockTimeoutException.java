package dev.modgate.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A lock on the data directory stayed taken (by another process, or a stuck request) longer than modgate waits. */
public final class LockTimeoutException extends IOException {
    private final Path lockFile;

    LockTimeoutException(String message, Path lockFile) {
        super(message);
        this.lockFile = lockFile;
    }

    /** The lock file, for the log (not for clients: it names this server's files). */
    public Path lockFile() { return lockFile; }
}
