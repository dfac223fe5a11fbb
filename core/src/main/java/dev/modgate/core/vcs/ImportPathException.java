package dev.modgate.core.vcs;

/** The repository for an import path cannot be determined; the message is the go command's. */
public class ImportPathException extends Exception {
    public ImportPathException(String message) {
        super(message);
    }
}
