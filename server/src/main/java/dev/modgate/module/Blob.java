package dev.modgate.module;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * A stored artifact's content as the storage holds it, without saying where: its size and modification time (from
 * one look at the storage), an identity that changes when the stored object is replaced, and a way to read it.
 * Optional capabilities are discovered, not required (as goproxy does with its readers): a local file's
 * {@link #open} returns a {@link java.nio.channels.FileChannel}, which the HTTP layer may map or send without copying.
 */
public interface Blob {
    long size();

    long modifiedMillis();

    /** Equal for the same stored object; different once it was deleted and stored anew (a file's inode). */
    Object identity();

    /** Opens the content for reading; the caller closes it. */
    SeekableByteChannel open() throws IOException;

    /** The entity tag: from size and modification time, as for any stored file. */
    default String etag() {
        return Artifact.fileEtag(size(), modifiedMillis());
    }
}
