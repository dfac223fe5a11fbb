package dev.modgate.storage;

import java.io.IOException;

/** A write failed because the data directory's file system is full: clients get STORAGE_FULL (507), nothing partial is kept. */
public final class StorageFullException extends IOException {
    public StorageFullException(IOException cause) {
        super("the data directory is full", cause);
    }
}
