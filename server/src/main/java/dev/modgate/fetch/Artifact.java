package dev.modgate.fetch;

import java.nio.file.Path;

/**
 * What the HTTP layer sends: a stored file (streamed from disk) or a small in-memory body.
 *
 * @param immutable true for .info/.mod/.zip of canonical versions, which never change once published
 */
public record Artifact(Path file, byte[] bytes, String contentType, CacheStatus cache, boolean immutable) {
    /** SHARED: this request waited for another request's upstream fetch (single-flight). */
    public enum CacheStatus { HIT, MISS, STALE, SHARED }

    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String ZIP = "application/zip";

    public Artifact withCache(CacheStatus c) {
        return new Artifact(file, bytes, contentType, c, immutable);
    }

    public static Artifact file(Path file, String contentType, CacheStatus cache, boolean immutable) {
        return new Artifact(file, null, contentType, cache, immutable);
    }

    public static Artifact bytes(byte[] bytes, String contentType, CacheStatus cache, boolean immutable) {
        return new Artifact(null, bytes, contentType, cache, immutable);
    }
}
