package dev.modgate.testing;

import dev.modgate.core.module.CaseEncoding;
import dev.modgate.storage.Storage;
import java.nio.file.Path;

/**
 * Where a data directory keeps things, written down again for tests that look at (or damage) the files themselves:
 * production code reaches artifacts only through {@link Storage}. A test failing here after a layout change means
 * older data directories and other processes sharing one would break too.
 */
public final class DataDirLayout {
    private DataDirLayout() {}

    /** {@code <escaped module>/@v/<escaped version>.<ext>}: the GOPROXY layout. */
    public static Path versionFile(Path data, String module, String version, String ext) {
        return data.resolve(CaseEncoding.escapePath(module)).resolve("@v").resolve(CaseEncoding.escapeVersion(version) + "." + ext);
    }

    /** The same, for the data directory of a running store (a directory store describes itself by its path). */
    public static Path versionFile(Storage store, String module, String version, String ext) {
        return versionFile(Path.of(store.describe()), module, version, ext);
    }

    /** {@code .modgate/locks/<bucket>.lock}: one of 256 lock files, by the hash of the escaped module path. */
    public static Path moduleLockFile(Storage store, String module) {
        String bucket = Integer.toHexString(CaseEncoding.escapePath(module).hashCode() & 0xff);
        return Path.of(store.describe()).resolve(".modgate").resolve("locks").resolve(bucket + ".lock");
    }
}
