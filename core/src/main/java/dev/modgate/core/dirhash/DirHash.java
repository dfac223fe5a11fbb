package dev.modgate.core.dirhash;

import java.io.IOException;
import java.nio.file.Path;

/** The h1: hash of golang.org/x/mod/sumdb/dirhash. */
public final class DirHash {
    private DirHash() {}

    /** Hash1 over all entry names of a zip file, streaming each entry. */
    public static String hashZip(Path zipFile) throws IOException { throw new UnsupportedOperationException("TODO"); }
    /** The go.sum "/go.mod" hash: Hash1 of a single file named "go.mod" with these bytes. */
    public static String hashGoMod(byte[] goMod) { throw new UnsupportedOperationException("TODO"); }
}
