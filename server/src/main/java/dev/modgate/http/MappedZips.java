package dev.modgate.http;

import dev.modgate.module.Blob;
import java.nio.channels.SeekableByteChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Stored zips up to a few MB kept mapped whole, by the request that asked for them (nginx's open_file_cache, one
 * step further). A repeated request for one costs the {@code stat} that found it in storage and a single socket write
 * from the mapping: no open, mmap or munmap. Mapping and unmapping a file per request cost more than the copy itself
 * (page faults on every first touch, a TLB shootdown across cores on every unmap; the numbers are in docs/bench.md,
 * "Measured on the way").
 *
 * <p>Stored zips never change (a canonical version's zip is written once, under a new name, and never replaced), but
 * an operator may delete one by hand (to make modgate fetch it anew): the look at storage of each hit drops an entry whose
 * file is gone or is another file now, so that takes effect at the next request, as it does for zips sent from the
 * file. Bounded in mapped bytes and in mappings (each is an entry in the kernel's map table, which is limited per
 * process); when full, entries not used since the last sweep are unmapped. An entry is unmapped only when no response
 * is still sending from it: each send holds a reference until its write completes.
 */
final class MappedZips {
    /** Larger zips are read into pooled buffers as they are sent, which keeps RSS flat for 100 MB downloads. */
    static final long MAX_FILE = 4L << 20;

    private final ConcurrentHashMap<Object, Entry> byPath = new ConcurrentHashMap<>();
    private final AtomicLong mappedBytes = new AtomicLong();
    private volatile boolean closed;
    private final long maxBytes;
    private final int maxEntries;

    MappedZips(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** A whole stored zip in memory, shared by the responses sending it. */
    static final class Entry {
        private final Mappings.Mapping mapping;
        private final Object identity;
        private final long mtimeMillis;
        private final String etag;
        /** One reference is the cache's own; each response sending from the mapping holds another. */
        private final AtomicInteger refs = new AtomicInteger(1);
        private volatile boolean used = true;

        private Entry(Mappings.Mapping mapping, Blob blob) {
            this.mapping = mapping;
            this.identity = blob.identity();
            this.mtimeMillis = blob.modifiedMillis();
            this.etag = blob.etag();
        }

        /** True while the stored zip is still the one mapped (same identity, size and modification time). */
        private boolean isStill(Blob blob) {
            return blob.size() == length() && blob.modifiedMillis() == mtimeMillis && Objects.equals(blob.identity(), identity);
        }

        long length() { return mapping.buffer().capacity(); }

        String etag() { return etag; }

        /** count bytes from offset, for one response; valid until {@link #release()}. */
        ByteBuffer slice(long offset, long count) {
            return mapping.buffer().slice((int) offset, (int) count);
        }

        /** A reference for one response, or false when the entry was unmapped meanwhile (the caller maps anew). */
        boolean acquire() {
            for (int r = refs.get(); r > 0; r = refs.get()) {
                if (refs.compareAndSet(r, r + 1)) {
                    used = true;
                    return true;
                }
            }
            return false;
        }

        void release() {
            if (refs.decrementAndGet() == 0) mapping.close();
        }
    }

    /**
     * The entry for a stored zip as storage has it now (the blob, from the look that found it), with a reference the
     * caller must release, or null (also when the zip was deleted or replaced meanwhile: the entry is then dropped).
     */
    Entry get(Object key, Blob blob) {
        Entry e = byPath.get(key);
        if (e == null) return null;
        if (!e.isStill(blob)) {
            if (byPath.remove(key, e)) forget(e);
            return null;
        }
        return e.acquire() ? e : null;
    }

    /**
     * Maps the stored zip a request path named and remembers it, returning it with a reference the caller must
     * release; null when the zip is too large to keep mapped or cannot be mapped (it is then sent from the file).
     */
    Entry map(Object key, Blob zip) throws IOException {
        if (!Mappings.available() || maxBytes <= 0 || closed) return null;
        Entry known = get(key, zip); // mapped meanwhile by a request for the same zip
        if (known != null) return known;
        if (zip.size() > MAX_FILE || zip.size() == 0) return null;
        Entry e;
        try (SeekableByteChannel opened = zip.open()) {
            // Only a local file can be mapped (a capability of the storage, not a requirement); the size checked
            // above, from the open file: a file replaced meanwhile is left to the ordinary send.
            if (!(opened instanceof FileChannel ch) || ch.size() != zip.size()) return null;
            try {
                e = new Entry(Mappings.map(ch, 0, zip.size()), zip);
            } catch (Throwable t) {
                // Out of address space or map entries: the zip is sent from the file instead, as larger ones are.
                LoggerFactory.getLogger(MappedZips.class).warn("could not map {} ({}); sending it from the file", zip, t.toString());
                return null;
            }
        }
        e.acquire();
        if (mappedBytes.addAndGet(e.length()) > maxBytes || byPath.size() >= maxEntries) sweep();
        Entry prev = byPath.put(key, e);
        if (prev != null) forget(prev);
        // Cleared (the server stopped) while this was being mapped: the caller still sends from it, nothing keeps it.
        if (closed && byPath.remove(key, e)) forget(e);
        return e;
    }

    /**
     * Drops entries not used since the previous sweep until a quarter of the budget is free (or a pass is done). The
     * unmapping (a handshake with every platform thread per mapping) is left to a virtual thread: sweeps run where a
     * request is being answered, often on a selector thread.
     */
    private synchronized void sweep() {
        List<Entry> dropped = new ArrayList<>();
        for (int pass = 0; pass < 2 && overThreeQuarters(); pass++) {
            Iterator<Map.Entry<Object, Entry>> it = byPath.entrySet().iterator();
            while (it.hasNext() && overThreeQuarters()) {
                Map.Entry<Object, Entry> me = it.next();
                Entry e = me.getValue();
                if (pass == 0 && e.used) {
                    e.used = false; // second chance: kept if used again before the next sweep
                    continue;
                }
                if (byPath.remove(me.getKey(), e)) {
                    mappedBytes.addAndGet(-e.length());
                    dropped.add(e);
                }
            }
        }
        if (!dropped.isEmpty()) Thread.ofVirtual().name("modgate-unmap").start(() -> dropped.forEach(Entry::release));
    }

    private boolean overThreeQuarters() {
        return mappedBytes.get() > maxBytes * 3 / 4 || byPath.size() > maxEntries * 3 / 4;
    }

    private void forget(Entry e) {
        mappedBytes.addAndGet(-e.length());
        e.release();
    }

    int size() { return byPath.size(); }

    long mappedBytes() { return mappedBytes.get(); }

    /** Unmaps everything not being sent, and maps nothing more (the server has stopped). */
    void clear() {
        closed = true;
        for (Object k : byPath.keySet()) {
            Entry e = byPath.remove(k);
            if (e != null) forget(e);
        }
    }
}
