package dev.modgate.net;

import java.io.IOException;

/**
 * A module source could not give what was asked. The kind decides what the go command's GOPROXY list does next:
 * NOT_FOUND lets it try the next entry after a comma, everything else only after a pipe.
 */
public class SourceException extends IOException {
    public enum Kind {
        /** 404 or 410: the source does not have it. */
        NOT_FOUND,
        /** The source answered with an error, or the connection failed. */
        FAILED,
        /** No answer in time. */
        TIMEOUT,
        /** The source answered, but what it sent is not a valid module artifact. */
        INVALID,
        /** modgate could not store what the source sent (disk full, permissions): not the source's fault. */
        LOCAL
    }

    private final Kind kind;

    public SourceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SourceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    public boolean isNotFound() { return kind == Kind.NOT_FOUND; }

    public static SourceException notFound(String message) { return new SourceException(Kind.NOT_FOUND, message); }
}
