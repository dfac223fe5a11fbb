package dev.modgate.core.zip;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.nio.file.Path;

/** Module zip files (golang.org/x/mod/zip). */
public final class ModuleZip {
    private ModuleZip() {}

    /** CheckZip: throws ZipCheckException naming the rule the zip breaks. */
    public static CheckedFiles checkZip(ModuleVersion mv, Path zipFile) throws IOException { throw new UnsupportedOperationException("TODO"); }
}
