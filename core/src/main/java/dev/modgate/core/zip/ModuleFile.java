package dev.modgate.core.zip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One file of a module source tree (zip.File), from a directory, a zip, a VCS object store or memory. The
 * attributes are those of the file itself, not of a link target, and must be known without opening the file.
 */
public interface ModuleFile {
    enum Type { REGULAR, DIRECTORY, SYMLINK, OTHER }

    /** A clean slash-separated path relative to the module root. */
    String path();

    Type type();

    /** The size the file claims; create() refuses a file whose content turns out larger. */
    long size();

    /** The content of a regular file. */
    InputStream open() throws IOException;

    /** Opens a file's content on demand. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    /** A regular file whose content is in memory. */
    static ModuleFile of(String path, byte[] data) {
        byte[] copy = data.clone();
        return of(path, copy.length, () -> new ByteArrayInputStream(copy));
    }

    /** A regular file of the given size whose content is opened on demand. */
    static ModuleFile of(String path, long size, Content content) {
        return of(path, Type.REGULAR, size, content);
    }

    static ModuleFile of(String path, Type type, long size, Content content) {
        record Simple(String path, Type type, long size, Content content) implements ModuleFile {
            @Override public InputStream open() throws IOException { return content.open(); }
            @Override public String toString() { return path + " (" + type + ", " + size + " bytes)"; }
        }
        return new Simple(path, type, size, content);
    }
}
