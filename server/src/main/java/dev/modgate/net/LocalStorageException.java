package dev.modgate.net;

import java.io.IOException;

/**
 * Writing to the data directory failed (disk full, permissions): modgate's own fault, never the upstream's, so the
 * upstream list is not walked further and the client gets a 5xx that says so.
 */
public final class LocalStorageException extends IOException {
    public LocalStorageException(IOException cause) {
        super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }

    /** Opens the file a source downloads into; every failure to create or write it is a LocalStorageException. */
    public static java.io.OutputStream open(java.nio.file.Path dest) throws LocalStorageException {
        try {
            return guard(java.nio.file.Files.newOutputStream(dest));
        } catch (IOException e) {
            throw new LocalStorageException(e);
        }
    }

    /** Wraps the stream a source writes into, so its write failures are told apart from the network's. */
    public static java.io.OutputStream guard(java.io.OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (LocalStorageException e) {
                    throw e;
                } catch (IOException e) {
                    throw new LocalStorageException(e);
                }
            }

            @Override public void close() throws IOException {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new LocalStorageException(e);
                }
            }
        };
    }
}
