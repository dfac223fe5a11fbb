package dev.modgate.core.sumdb.tlog;

import java.io.IOException;
import java.util.List;

/** Reads stored hashes of a log's tree by their stored hash index (tlog.HashReader; see {@link Tlog#storedHashIndex}). */
@FunctionalInterface
public interface HashReader {
    /**
     * The hashes at the given stored hash indexes, one per index in the same order. Callers in this package
     * ask for indexes in increasing order, which storage may rely on to read sequentially.
     */
    List<Hash> readHashes(long[] indexes) throws IOException;
}
