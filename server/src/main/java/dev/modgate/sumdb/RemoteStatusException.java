package dev.modgate.sumdb;

import java.io.IOException;

/** A checksum database answered something other than 200; the status is passed on to clients where it matters. */
final class RemoteStatusException extends IOException {
    private final int status;

    RemoteStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() { return status; }

    boolean isNotFound() { return status == 404 || status == 410; }
}
