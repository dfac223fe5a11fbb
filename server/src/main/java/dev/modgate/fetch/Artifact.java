package dev.modgate.fetch;

import java.nio.file.Path;

/**
 * What the HTTP layer sends: a stored file (streamed from disk) or a small in-memory body.
 *
 * @param immutable true for .info/.mod/.zip of canonical versions, which never change once published
 * @param etag the entity tag when already known (for stored files held in memory: the one their file would get),
 *     else null and the HTTP layer derives one
 */
public record Artifact(Path file, byte[] bytes, String contentType, CacheStatus cache, boolean immutable, String etag) {
    /** SHARED: this request waited for another request's upstream fetch (single-flight). */
    public enum CacheStatus { HIT, MISS, STALE, SHARED }

    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String ZIP = "application/zip";

    public Artifact withCache(CacheStatus c) {
        return new Artifact(file, bytes, contentType, c, immutable, etag);
    }

    public static Artifact file(Path file, String contentType, CacheStatus cache, boolean immutable) {
        return new Artifact(file, null, contentType, cache, immutable, null);
    }

    public static Artifact bytes(byte[] bytes, String contentType, CacheStatus cache, boolean immutable) {
        return new Artifact(null, bytes, contentType, cache, immutable, null);
    }

    /** The entity tag of an in-memory body: the start of its SHA-256. */
    public static String bytesEtag(byte[] b) {
        try {
            return "\"" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b), 0, 12) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entity tag of a stored file, from its size and modification time. */
    public static String fileEtag(long size, long mtimeMillis) {
        return "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtimeMillis) + "\"";
    }
}
