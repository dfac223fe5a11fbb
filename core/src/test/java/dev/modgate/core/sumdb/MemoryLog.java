package dev.modgate.core.sumdb;

import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.Tlog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** An in-memory log (x/mod's TestServer storage): records, their stored hashes, and an index by module@version. */
final class MemoryLog implements SumDbServer.Store {
    private final List<byte[]> records = new ArrayList<>();
    private final List<Hash> hashes = new ArrayList<>();
    private final Map<String, Long> lookup = new HashMap<>();

    /** Appends a record (its hashes first, then the record, so a concurrent reader never sees it half added). */
    synchronized long add(String path, String version, byte[] text) throws IOException {
        long id = records.size();
        hashes.addAll(Tlog.storedHashes(id, text, this::readHashesLocked));
        records.add(text);
        lookup.put(path + "@" + version, id);
        return id;
    }

    @Override
    public synchronized List<Hash> readHashes(long[] indexes) {
        return readHashesLocked(indexes);
    }

    private List<Hash> readHashesLocked(long[] indexes) {
        List<Hash> out = new ArrayList<>(indexes.length);
        for (long x : indexes) {
            out.add(hashes.get((int) x));
        }
        return out;
    }

    @Override
    public synchronized long treeSize() {
        return records.size();
    }

    @Override
    public synchronized List<byte[]> readRecords(long id, int n) throws IOException {
        if (id < 0 || id + n > records.size()) {
            throw new IOException("missing records");
        }
        return List.copyOf(records.subList((int) id, (int) id + n));
    }

    @Override
    public synchronized OptionalLong lookup(String path, String version) {
        Long id = lookup.get(path + "@" + version);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }
}
