package dev.modgate.sumdb;

import dev.modgate.core.sumdb.SumDbServer;
import dev.modgate.core.sumdb.tlog.Hash;
import dev.modgate.core.sumdb.tlog.Tlog;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of modgate's private checksum database and their tree hashes, on disk and append-only:
 * <pre>
 *   records   per record: 4-byte big-endian length, the record text, its 32-byte record hash (a checksum that
 *             is also the leaf of the tree)
 *   hashes    every stored hash of the tree (tlog's stored hash index order), 32 bytes each; derived from records
 * </pre>
 * An append writes the record and fsyncs, then its hashes and fsyncs, and only then counts it in
 * {@link #treeSize}: a tree is never signed over data a crash could lose. Opening recovers from a crash at any
 * point: records are read up to the first incomplete or damaged one, and every hash is recomputed from them and
 * compared (rewritten where it differs); the damaged tail of records is cut only once the caller has checked that
 * nothing signed is lost ({@link #cutDamagedTail}).
 */
final class LogStore implements SumDbServer.Store, Closeable {
    private static final Logger log = LoggerFactory.getLogger(LogStore.class);
    /** Real records are two go.sum lines; anything this large is damage. */
    static final int MAX_RECORD = 64 << 10;

    private final FileChannel records;
    private final FileChannel hashes;
    private final Map<String, Long> index = new ConcurrentHashMap<>();
    private final Object appendLock = new Object();
    private long[] offsets = new long[1024]; // start of each record's entry; published by the volatile size
    private long recordsEnd;
    private long damagedFrom = -1;
    private volatile long size;

    LogStore(Path dir) throws IOException {
        this.records = FileChannel.open(dir.resolve("records"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.hashes = FileChannel.open(dir.resolve("hashes"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The complete records of the log in dir, read-only (nothing is repaired), by "path@version"; empty if none. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> out = new java.util.HashMap<>();
        Path f = dir.resolve("records");
        if (!java.nio.file.Files.exists(f)) return out;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = 0;
            while (pos + 4 <= size) {
                int len = readInt(ch, pos);
                if (len <= 0 || len > MAX_RECORD || pos + 4 + len + Hash.SIZE > size) break;
                byte[] text = read(ch, pos + 4, len);
                String key = keyOf(text);
                if (key == null || !Hash.of(read(ch, pos + 4 + len, Hash.SIZE)).equals(Tlog.recordHash(text))) break;
                out.putIfAbsent(key, text);
                pos += 4 + len + Hash.SIZE;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        long fileSize = records.size();
        long pos = 0;
        long n = 0;
        boolean repairing = false;
        while (pos + 4 <= fileSize) {
            int len = readInt(records, pos);
            if (len <= 0 || len > MAX_RECORD || pos + 4 + len + Hash.SIZE > fileSize) break;
            byte[] text = read(records, pos + 4, len);
            Hash stored = Hash.of(read(records, pos + 4 + len, Hash.SIZE));
            String key = keyOf(text);
            if (!stored.equals(Tlog.recordHash(text)) || key == null) break;
            repairing = checkHashes(n, text, repairing);
            addOffset(n, pos);
            index.putIfAbsent(key, n);
            pos += 4 + len + Hash.SIZE;
            n++;
        }
        long hashBytes = Tlog.storedHashCount(n) * Hash.SIZE;
        if (hashes.size() != hashBytes) {
            if (hashes.size() > hashBytes) hashes.truncate(hashBytes);
            repairing = true;
        }
        if (repairing) {
            hashes.force(true);
            log.info("private checksum database: recomputed tree hashes of {} records after an interrupted write", n);
        }
        if (pos < fileSize) {
            damagedFrom = pos;
            log.warn("private checksum database: {} bytes after record {} are an interrupted or damaged write", fileSize - pos, n);
        }
        recordsEnd = pos;
        size = n;
    }

    /** Recomputes record n's stored hashes; compares them with the file, or rewrites them once one differed. */
    private boolean checkHashes(long n, byte[] text, boolean repairing) throws IOException {
        List<Hash> hs = Tlog.storedHashes(n, text, this::readHashes);
        long at = Tlog.storedHashCount(n) * Hash.SIZE;
        byte[] want = concat(hs);
        if (!repairing && at + want.length <= hashes.size() && Arrays.equals(read(hashes, at, want.length), want)) return false;
        writeFully(hashes, ByteBuffer.wrap(want), at);
        return true;
    }

    /**
     * Cuts off the damaged or incomplete tail found on opening. Separate from opening so that a caller who finds
     * signed records missing can refuse to start without having destroyed anything.
     */
    void cutDamagedTail() throws IOException {
        if (damagedFrom < 0) return;
        records.truncate(damagedFrom);
        records.force(true);
        damagedFrom = -1;
    }

    // ---------------------------------------------------------------- appending

    /**
     * Appends a record for path@version unless one exists, and returns its id. Durable when it returns: the record
     * and its hashes are on disk before the tree counts it.
     */
    long append(String path, String version, byte[] text) throws IOException {
        String key = path + "@" + version;
        if (!key.equals(keyOf(text))) throw new IllegalArgumentException("record does not start with " + path + " " + version);
        if (text.length > MAX_RECORD) throw new IllegalArgumentException("record too large");
        synchronized (appendLock) {
            Long have = index.get(key);
            if (have != null) return have;
            long id = size;
            ByteBuffer entry = ByteBuffer.allocate(4 + text.length + Hash.SIZE);
            entry.putInt(text.length).put(text).put(Tlog.recordHash(text).bytes()).flip();
            writeFully(records, entry, recordsEnd);
            records.force(false); // the data, and the file size needed to read it back (fdatasync)
            byte[] hs = concat(Tlog.storedHashes(id, text, this::readHashes));
            writeFully(hashes, ByteBuffer.wrap(hs), Tlog.storedHashCount(id) * Hash.SIZE);
            hashes.force(false);
            addOffset(id, recordsEnd);
            recordsEnd += entry.capacity();
            index.put(key, id);
            size = id + 1;
            return id;
        }
    }

    private void addOffset(long id, long offset) {
        if (id >= offsets.length) offsets = Arrays.copyOf(offsets, Math.toIntExact(Math.max(id + 1, offsets.length * 2L)));
        offsets[(int) id] = offset;
    }

    // ---------------------------------------------------------------- SumDbServer.Store

    @Override public long treeSize() { return size; }

    @Override public List<byte[]> readRecords(long id, int n) throws IOException {
        long have = size; // read first: it publishes offsets
        if (id < 0 || n < 0 || id + n > have) throw new IOException("records " + id + ".." + (id + n) + " not in the log of " + have);
        long[] offs = offsets;
        List<byte[]> out = new ArrayList<>(n);
        for (long i = id; i < id + n; i++) {
            long pos = offs[(int) i];
            out.add(read(records, pos + 4, readInt(records, pos)));
        }
        return out;
    }

    @Override public OptionalLong lookup(String path, String version) {
        Long id = index.get(path + "@" + version);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    @Override public List<Hash> readHashes(long[] indexes) throws IOException {
        List<Hash> out = new ArrayList<>(indexes.length);
        for (long x : indexes) out.add(Hash.of(read(hashes, x * Hash.SIZE, Hash.SIZE)));
        return out;
    }

    /** The text of path@version's record, or null. */
    byte[] record(String path, String version) throws IOException {
        OptionalLong id = lookup(path, version);
        return id.isEmpty() ? null : readRecords(id.getAsLong(), 1).get(0);
    }

    // ---------------------------------------------------------------- file helpers

    /** "path@version" of a record whose first line is "path version h1:...", else null. */
    static String keyOf(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String[] f = (nl < 0 ? s : s.substring(0, nl)).split(" ");
        return f.length == 3 && !f[0].isEmpty() && !f[1].isEmpty() ? f[0] + "@" + f[1] : null;
    }

    private static byte[] concat(List<Hash> hs) {
        byte[] out = new byte[hs.size() * Hash.SIZE];
        for (int i = 0; i < hs.size(); i++) hs.get(i).copyTo(out, i * Hash.SIZE);
        return out;
    }

    private static int readInt(FileChannel ch, long pos) throws IOException {
        return ByteBuffer.wrap(read(ch, pos, 4)).getInt();
    }

    private static byte[] read(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) throw new EOFException("unexpected end of the private checksum database at " + (pos + b.position()));
        }
        return b.array();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) p += ch.write(b, p);
    }

    @Override public void close() throws IOException {
        try {
            records.close();
        } finally {
            hashes.close();
        }
    }
}
