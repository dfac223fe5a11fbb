package dev.modgate.storage;

import dev.modgate.module.Blob;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** A stored file of the data directory: one stat's attributes, opened as a FileChannel (mappable, zero-copy). */
final class FileBlob implements Blob {
    private final Path file;
    private final long size;
    private final long modified;
    private final Object identity;

    FileBlob(Path file, BasicFileAttributes a) {
        this.file = file;
        this.size = a.size();
        this.modified = a.lastModifiedTime().toMillis();
        Object key = a.fileKey();
        this.identity = key != null ? key : file;
    }

    @Override public long size() { return size; }

    @Override public long modifiedMillis() { return modified; }

    @Override public Object identity() { return identity; }

    @Override public SeekableByteChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override public String toString() { return file.toString(); }
}
