package dev.modgate.testing;

import dev.modgate.module.Blob;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** A file as storage would hand it out (one stat's attributes), for tests of what consumes stored artifacts. */
public record PathBlob(Path file, long size, long modifiedMillis, Object identity) implements Blob {
    public static PathBlob of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new PathBlob(file, a.size(), a.lastModifiedTime().toMillis(), a.fileKey());
    }

    @Override public SeekableByteChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }
}
