package dev.modgate.core.zip;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of checking a module's files (zip.CheckedFiles): which are kept, which omitted and why, which are
 * invalid and why, and whether the total size is over the limit.
 *
 * @param valid     paths to include in the zip (for checkZip, full entry names; for checkDir, file system paths)
 * @param omitted   files left out of a zip by rule (vendored packages, nested modules, symlinks...)
 * @param invalid   files that make the module invalid
 * @param sizeError the size-limit message, or null
 */
public record CheckedFiles(List<String> valid, List<FileError> omitted, List<FileError> invalid, String sizeError) {
    public CheckedFiles {
        valid = List.copyOf(valid);
        omitted = List.copyOf(omitted);
        invalid = List.copyOf(invalid);
    }

    static final CheckedFiles EMPTY = new CheckedFiles(List.of(), List.of(), List.of(), null);

    /** A file and the go command's reason for omitting it or rejecting it. */
    public record FileError(String path, String error) {
        @Override public String toString() { return path + ": " + error; }
    }

    /** CheckedFiles.Err: the size error if any, else the invalid files one per line, else empty. */
    public Optional<String> error() {
        if (sizeError != null) return Optional.of(sizeError);
        if (!invalid.isEmpty()) return Optional.of(invalid.stream().map(FileError::toString).collect(Collectors.joining("\n")));
        return Optional.empty();
    }

    public boolean isValid() {
        return error().isEmpty();
    }
}
