package dev.modgate.core.sumdb.tlog;

import dev.modgate.core.text.GoBase64;
import java.util.Arrays;

/** A SHA-256 hash identifying a log record or tree node (tlog.Hash). Immutable; prints as base64. */
public final class Hash {
    /** Bytes in a hash. */
    public static final int SIZE = 32;

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The hash with the given 32 bytes (copied). */
    public static Hash of(byte[] bytes) {
        return of(bytes, 0);
    }

    /** The hash in the 32 bytes at offset (copied), e.g. from tile data. */
    public static Hash of(byte[] data, int offset) {
        if (offset < 0 || data.length - offset < SIZE) {
            throw new IllegalArgumentException("need " + SIZE + " bytes for a hash");
        }
        return new Hash(Arrays.copyOfRange(data, offset, offset + SIZE));
    }

    /** Takes ownership of a fresh 32-byte array. */
    static Hash wrap(byte[] bytes) {
        return new Hash(bytes);
    }

    /** tlog.ParseHash: the base64 form of a hash. */
    public static Hash parse(String s) throws TlogException {
        byte[] data;
        try {
            data = GoBase64.decode(s);
        } catch (IllegalArgumentException e) {
            throw new TlogException("malformed hash");
        }
        if (data.length != SIZE) {
            throw new TlogException("malformed hash");
        }
        return new Hash(data);
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the 32 bytes into dst at offset. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, SIZE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The base64 form, as Go prints a Hash. */
    @Override
    public String toString() {
        return GoBase64.encode(bytes);
    }
}
