package dev.modgate.prefetch;

import java.io.IOException;

/**
 * What prefetch needs from modgate: the same three artifacts the go command asks for. Implemented over a data
 * directory (the normal fetch pipeline in this process) or over a running modgate's HTTP API.
 */
public interface ModuleFetcher extends AutoCloseable {
    /** Outcome of one fetch: how many bytes, and whether they had to come from an upstream. */
    record Fetched(long bytes, boolean downloaded) {}

    /** Resolves a query (a version, "latest", a branch) to a canonical version, as {@code .info} does. */
    String resolve(String path, String query) throws IOException;

    /** The version {@code @latest} names. */
    String latest(String path) throws IOException;

    byte[] goMod(String path, String version) throws IOException;

    /** The versions {@code @v/list} lists. */
    java.util.List<String> versions(String path) throws IOException;

    Fetched mod(String path, String version) throws IOException;

    Fetched zip(String path, String version) throws IOException;

    Fetched info(String path, String version) throws IOException;

    /** The failure is permanent (404, bad request, invalid module): retrying cannot help. */
    final class PermanentException extends IOException {
        public PermanentException(String message) {
            super(message);
        }
    }

    @Override default void close() throws Exception {}
}
