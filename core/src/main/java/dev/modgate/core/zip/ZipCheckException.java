package dev.modgate.core.zip;

import java.io.IOException;

/**
 * A module zip, file tree, module path or version breaks one of the go command's module zip rules. The message
 * is the go command's text. It is an IOException so that stream-shaped callers need one catch clause, but callers
 * that must tell "the module is invalid" from "reading failed" can catch it first.
 */
public class ZipCheckException extends IOException {
    private final transient CheckedFiles checkedFiles;

    public ZipCheckException(String message) {
        this(message, CheckedFiles.EMPTY, null);
    }

    public ZipCheckException(String message, Throwable cause) {
        this(message, CheckedFiles.EMPTY, cause);
    }

    public ZipCheckException(String message, CheckedFiles checkedFiles) {
        this(message, checkedFiles, null);
    }

    public ZipCheckException(String message, CheckedFiles checkedFiles, Throwable cause) {
        super(message, cause);
        this.checkedFiles = checkedFiles;
    }

    /** The per-file report when the failure came from checking files (empty otherwise), as Go returns it beside the error. */
    public CheckedFiles checkedFiles() {
        return checkedFiles;
    }
}
