package dev.modgate.core.sumdb.tlog;

import java.util.ArrayList;
import java.util.List;

/** Stored hashes in a list (x/mod's testHashStorage), checking that reads come in increasing index order. */
final class MemoryHashes implements HashReader {
    final List<Hash> hashes = new ArrayList<>();

    void append(List<Hash> more) {
        hashes.addAll(more);
    }

    int size() {
        return hashes.size();
    }

    Hash get(long i) {
        return hashes.get((int) i);
    }

    @Override
    public List<Hash> readHashes(long[] indexes) {
        for (int i = 1; i < indexes.length; i++) {
            if (indexes[i - 1] >= indexes[i]) {
                throw new IllegalStateException("indexes out of order");
            }
        }
        List<Hash> out = new ArrayList<>(indexes.length);
        for (long x : indexes) {
            out.add(hashes.get((int) x));
        }
        return out;
    }
}
