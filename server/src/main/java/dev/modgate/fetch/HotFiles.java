package dev.modgate.fetch;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small stored files that never change (.info and .mod of canonical versions) kept in memory with their entity tag,
 * so a cache hit costs no system call at all: no stat, no open, no read. Bounded in total bytes; when full, an
 * arbitrary part is dropped (they are re-read from disk on the next request). Files never change once stored, so an
 * entry never goes stale; one deleted from disk by hand is still served from memory until dropped. One moved to the
 * quarantine is dropped at once by the process that moved it, and within about a second by every other process
 * sharing the data directory ({@code ModuleService} watches {@code QuarantineGeneration} and then clears all).
 */
final class HotFiles {
    /** Larger files are not kept (a go.mod may be up to 16 MB; nearly all are a few hundred bytes). */
    static final int MAX_FILE = 64 * 1024;

    record Entry(byte[] bytes, String etag) {}

    private final ConcurrentHashMap<Path, Entry> map = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;

    HotFiles(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    Entry get(Path file) {
        return map.get(file);
    }

    /**
     * Reads a stored file into memory: the entry, or null when the file does not exist or is too large to keep
     * (the caller then serves it from disk).
     */
    Entry load(Path file) throws IOException {
        Entry e = map.get(file);
        if (e != null) return e;
        BasicFileAttributes a;
        byte[] data;
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile() || a.size() > MAX_FILE) return null;
            ByteBuffer buf = ByteBuffer.allocate((int) a.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) { /* fill */ }
            if (buf.hasRemaining()) return null; // shorter than it said: not one of ours, serve from disk
            data = buf.array();
        } catch (NoSuchFileException e2) {
            return null;
        }
        e = new Entry(data, Artifact.fileEtag(a.size(), a.lastModifiedTime().toMillis()));
        if (maxBytes <= 0) return e;
        if (bytes.addAndGet(data.length) > maxBytes) shrink();
        Entry prev = map.putIfAbsent(file, e);
        if (prev != null) {
            bytes.addAndGet(-data.length);
            return prev;
        }
        return e;
    }

    /** Drops a file's entry (its file was moved away). */
    void drop(Path file) {
        Entry e = map.remove(file);
        if (e != null) bytes.addAndGet(-e.bytes().length);
    }

    /** Drops every entry. */
    void clear() {
        // One by one, so that a load racing with this keeps the byte count right.
        for (Path p : map.keySet()) drop(p);
    }

    /** Drops entries until a quarter of the budget is free again. */
    private void shrink() {
        Iterator<java.util.Map.Entry<Path, Entry>> it = map.entrySet().iterator();
        while (bytes.get() > maxBytes * 3 / 4 && it.hasNext()) {
            java.util.Map.Entry<Path, Entry> e = it.next();
            if (map.remove(e.getKey(), e.getValue())) bytes.addAndGet(-e.getValue().bytes().length);
        }
    }

    int size() { return map.size(); }
}
