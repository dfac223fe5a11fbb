package dev.modgate.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.module.Blob;
import dev.modgate.module.ModuleRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Small stored files that never change (.info and .mod of canonical versions) kept in memory with their entity tag,
 * so a cache hit costs no system call at all: no stat, no open, no read. Bounded in total bytes (Caffeine evicts the
 * least useful entries; they are read again on the next request). Files never change once stored, so an entry never
 * goes stale; one moved to the quarantine is dropped at once by the process that moved it ({@link #drop}), and within
 * about a second by every other process sharing the data directory ({@link StoredLayer} then clears all).
 */
final class HotFiles {
    /** Larger files are not kept (a go.mod may be up to 16 MB; nearly all are a few hundred bytes). */
    static final int MAX_FILE = 64 * 1024;

    record Entry(byte[] bytes, String etag) {}

    private final Cache<ModuleRequest.File, Entry> cache;

    /** @param maxBytes the most bytes of files held (0: none) */
    HotFiles(long maxBytes) {
        this.cache = Caffeine.newBuilder().maximumWeight(maxBytes).weigher((ModuleRequest.File k, Entry e) -> e.bytes().length + 64).build();
    }

    Entry get(ModuleRequest.File file) {
        return cache.getIfPresent(file);
    }

    /**
     * Reads a stored file into memory and keeps it: the entry, or null when it is too large to keep or shorter than
     * its size said (the caller then serves it from storage).
     */
    Entry load(ModuleRequest.File file, Blob blob) throws IOException {
        Entry e = cache.getIfPresent(file);
        if (e != null) return e;
        if (blob.size() > MAX_FILE) return null;
        ByteBuffer buf = ByteBuffer.allocate((int) blob.size());
        try (SeekableByteChannel ch = blob.open()) {
            while (buf.hasRemaining() && ch.read(buf) >= 0) { /* fill */ }
            if (buf.hasRemaining() || ch.read(ByteBuffer.allocate(1)) >= 0) return null; // changed since the stat: not one of ours
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        }
        e = new Entry(buf.array(), blob.etag());
        Entry prev = cache.asMap().putIfAbsent(file, e);
        return prev != null ? prev : e;
    }

    /** Drops a file's entry (its file was moved away). */
    void drop(ModuleRequest.File file) {
        cache.invalidate(file);
    }

    /** Drops every entry. */
    void clear() {
        cache.invalidateAll();
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
