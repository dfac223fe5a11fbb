package dev.modgate.source;

import dev.modgate.net.SourceException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where modules come from: an upstream GOPROXY, or (later) version control. Paths and versions are plain
 * (not case-encoded) and already validated. Every method throws {@link SourceException} with kind NOT_FOUND when the
 * source does not have the thing, so callers can apply the GOPROXY list's fall-through rules.
 */
public interface ModuleSource {
    /** How this source is named in error messages and logs, e.g. {@code https://proxy.golang.org} or {@code direct}. */
    String name();

    /** The raw {@code @v/list} body. */
    byte[] list(String path) throws IOException;

    /** The raw {@code @latest} body. */
    byte[] latest(String path) throws IOException;

    /** The raw {@code .info} body for a version or any other query (branch, commit, version prefix). */
    byte[] info(String path, String query) throws IOException;

    /** The go.mod of a canonical version. */
    byte[] mod(String path, String version) throws IOException;

    /** Streams the zip of a canonical version into {@code dest} (created or truncated), at most {@code maxBytes}. */
    void zip(String path, String version, Path dest, long maxBytes) throws IOException;
}
