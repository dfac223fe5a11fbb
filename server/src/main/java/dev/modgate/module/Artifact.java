package dev.modgate.module;

/**
 * An answer of the module chain: stored content ({@link Blob}, streamed) or a small body in memory.
 *
 * @param immutable true for .info/.mod/.zip of canonical versions, which never change once published
 * @param etag the entity tag when already known (for stored files held in memory: the one their file would get),
 *     else null and the HTTP layer derives one
 * @param policy what the policy gate noted about this answer for the client (the X-Modgate-Policy header: a dry-run
 *     decision that would have refused it, versions left out of a list), else null
 */
public record Artifact(Blob blob, byte[] bytes, String contentType, CacheStatus cache, boolean immutable, String etag, String policy) {
    /** SHARED: this request waited for another request's upstream fetch (single-flight). */
    public enum CacheStatus { HIT, MISS, STALE, SHARED }

    public static final String JSON = ArtifactKind.INFO.contentType();
    public static final String TEXT = ArtifactKind.MOD.contentType();
    public static final String ZIP = ArtifactKind.ZIP.contentType();

    public Artifact(Blob blob, byte[] bytes, String contentType, CacheStatus cache, boolean immutable, String etag) {
        this(blob, bytes, contentType, cache, immutable, etag, null);
    }

    public Artifact withCache(CacheStatus c) {
        return c == cache ? this : new Artifact(blob, bytes, contentType, c, immutable, etag, policy);
    }

    /**
     * The same bytes, but an answer a shared cache must ask about again after the short TTL: whether it may be served
     * can change (a policy gate in force: a new deny line, an approval ending) though the bytes never do.
     */
    public Artifact revocable() {
        return immutable ? new Artifact(blob, bytes, contentType, cache, false, etag, policy) : this;
    }

    /** The same answer with the policy gate's note for the client. */
    public Artifact withPolicy(String note) {
        return new Artifact(blob, bytes, contentType, cache, immutable, etag, note);
    }

    /** Stored content; its entity tag is the blob's, derived only when a response needs it. */
    public static Artifact stored(Blob blob, String contentType, CacheStatus cache, boolean immutable) {
        return new Artifact(blob, null, contentType, cache, immutable, null);
    }

    public static Artifact bytes(byte[] bytes, String contentType, CacheStatus cache, boolean immutable) {
        return new Artifact(null, bytes, contentType, cache, immutable, null);
    }

    /** The length of the body. */
    public long size() {
        return blob != null ? blob.size() : bytes.length;
    }

    /** The whole body in memory: for small artifacts (.info, .mod, lists) that a caller must read. */
    public byte[] readAll() throws java.io.IOException {
        if (bytes != null) return bytes;
        try (var ch = blob.open()) {
            long n = ch.size();
            if (n > Integer.MAX_VALUE - 16) throw new java.io.IOException("artifact too large to read into memory (" + n + " bytes)");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) n);
            while (b.hasRemaining() && ch.read(b) >= 0) { /* fill */ }
            if (b.hasRemaining()) throw new java.io.IOException("stored artifact shorter than its size (" + b.position() + " of " + n + " bytes)");
            return b.array();
        }
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
