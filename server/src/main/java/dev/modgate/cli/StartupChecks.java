package dev.modgate.cli;

import dev.modgate.source.UpstreamList;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mistakes in what modgate is pointed at, found before it starts rather than as a path or a class name in a failed
 * request: each message says what is wrong and what to do.
 */
final class StartupChecks {
    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {}

    /**
     * The data directory exists (created when missing) and the user running modgate can write it: probed by
     * creating a file, since permissions alone do not tell (a read-only mount, an immutable directory, root).
     *
     * @param origin where the path came from ("--data", "MODGATE_DATA", "data in the config file")
     */
    static void dataDir(Path given, String origin) throws IOException {
        Path dir = given.toAbsolutePath().normalize();
        String fix = "give " + origin + " a directory the user running modgate (" + System.getProperty("user.name") + ") can write";
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("data directory " + dir + " (" + origin + ") is a file, not a directory: " + fix + " (it is created when missing)");
        }
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IOException("cannot create data directory " + dir + " (" + origin + "): " + p + " is a file, not a directory: " + fix);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            throw new IOException("cannot create data directory " + dir + " (" + origin + "): " + reason(e) + ": " + fix);
        }
        try {
            Files.delete(Files.createTempFile(dir, ".modgate-write-check-", ".tmp"));
        } catch (FileSystemException e) {
            throw new IOException("data directory " + dir + " (" + origin + ") is not writable (" + reason(e) + "): " + fix + ", or fix its permissions");
        }
    }

    /**
     * A file or directory the user named (--netrc, --ssh-dir) must exist: it is read at start, and a named one that
     * is missing is a typo that would otherwise only show as failed fetches. Defaults (~/.netrc, ~/.ssh) may be absent.
     */
    static void named(Path p, String origin, boolean directory) throws IOException {
        String what = directory ? "directory" : "file";
        if (!Files.exists(p)) {
            throw new IOException(origin + " " + p + " does not exist: create it, fix the path, or leave " + origin + " out");
        }
        if (directory != Files.isDirectory(p)) {
            throw new IOException(origin + " " + p + " is not a " + what + ": name a " + what);
        }
        if (!Files.isReadable(p)) {
            throw new IOException(origin + " " + p + " cannot be read (permission denied): let the user running modgate ("
                    + System.getProperty("user.name") + ") read it");
        }
    }

    /**
     * The upstream list's syntax (UpstreamList), and file:// upstreams: one that exists but is not a directory is an error; a missing one only a warning, since it
     * is read at every request and may appear later (a mount, a tree copied in); until then the go command's rule
     * applies, every module is "not found" there.
     */
    static void upstreams(String upstream, String origin) {
        UpstreamList list;
        try {
            list = UpstreamList.parse(upstream);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage());
        }
        for (UpstreamList.Entry e : list.entries()) {
            if (e.type() != UpstreamList.Type.URL || !e.url().regionMatches(true, 0, "file://", 0, 7)) continue;
            Path dir = Path.of(URI.create(e.url()));
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(origin + ": upstream " + e.url() + " is a file, not a directory (a GOPROXY tree): fix the path");
            }
            if (!Files.exists(dir)) {
                log.warn("upstream {} does not exist (yet): until it does, every module is \"not found\" there ({})", e.url(), origin);
            }
        }
    }

    /** The operating system's reason, without the path repeated. */
    static String reason(FileSystemException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        String r = e.getReason();
        return r == null ? e.getClass().getSimpleName() : r;
    }
}
