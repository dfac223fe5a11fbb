package dev.modgate.http;

/** The request itself is malformed; the message is the one-line reason the client is told. */
public final class BadRequestException extends Exception {
    private final int status;

    public BadRequestException(String message) {
        this(400, message);
    }

    public BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() { return status; }
}
