package dev.modgate.core.zip;

import java.util.List;

/** The outcome of checking a module's files: which are kept, which omitted, which invalid (zip.CheckedFiles). */
public record CheckedFiles(List<String> valid, List<FileError> omitted, List<FileError> invalid, String sizeError) {
    public record FileError(String path, String error) {
        @Override public String toString() { return path + ": " + error; }
    }
}
