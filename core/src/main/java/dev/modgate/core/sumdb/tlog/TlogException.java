package dev.modgate.core.sumdb.tlog;

import java.io.IOException;

/**
 * Log data is malformed or inconsistent: a tile, hash, tree note or record, or a proof that does not check.
 * The message is golang.org/x/mod/sumdb/tlog's error text. It is an IOException because such data arrives
 * through the same {@link HashReader} and {@link TileReader} calls as I/O failures and is handled alike: the
 * data read cannot be used.
 */
public class TlogException extends IOException {
    public TlogException(String message) {
        super(message);
    }
}
