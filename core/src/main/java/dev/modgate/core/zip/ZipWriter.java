package dev.modgate.core.zip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import dev.modgate.core.text.GoStrings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A streaming zip writer laid out like Go's archive/zip {@code Writer.Create}: deflated entries with data
 * descriptors, zero modification time and date, no extra fields or attributes, zip64 records only when sizes,
 * offsets or the entry count need them. java.util.zip.ZipOutputStream cannot write a zero DOS time without also
 * adding a time-zone-dependent extended timestamp. The deflate stream itself is zlib's, not Go's, so the bytes
 * differ from the go command's; only the content hash (h1:) is meant to match.
 */
final class ZipWriter {
    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final int UINT16_MAX = 0xFFFF;
    private static final int VERSION_20 = 20, VERSION_45 = 45;
    private static final int FLAG_DATA_DESCRIPTOR = 0x8, FLAG_UTF8 = 0x800;

    private final Counting out;
    private final List<Header> headers = new ArrayList<>();
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final byte[] deflateBuf = new byte[64 * 1024];
    private EntryStream current;
    private boolean finished;

    private static final class Header {
        final byte[] name;
        final int flags;
        final long offset;
        long crc, compressed, uncompressed;

        Header(byte[] name, int flags, long offset) {
            this.name = name;
            this.flags = flags;
            this.offset = offset;
        }

        boolean zip64() { return compressed >= UINT32_MAX || uncompressed >= UINT32_MAX; }
    }

    ZipWriter(OutputStream out) {
        this.out = new Counting(new BufferedOutputStream(out, 64 * 1024));
    }

    /** Starts an entry (ending the previous one); write its uncompressed content to the returned stream. */
    OutputStream startEntry(String name) throws IOException {
        if (finished) throw new IllegalStateException("zip already finished");
        endEntry();
        byte[] nameBytes = GoStrings.toUtf8(name);
        // Go flags names as UTF-8 unless they stay within the ASCII subset that legacy code pages share
        // (no control characters, no '\\', '~' or higher); names that are not UTF-8 at all get no flag.
        boolean legacySafe = name.chars().allMatch(c -> c >= 0x20 && c <= 0x7d && c != 0x5c);
        boolean utf8 = !legacySafe && GoStrings.isValidUtf8(name);
        Header h = new Header(nameBytes, FLAG_DATA_DESCRIPTOR | (utf8 ? FLAG_UTF8 : 0), out.count);
        headers.add(h);
        le32(0x04034b50);
        le16(VERSION_20);
        le16(h.flags);
        le16(Deflater.DEFLATED);
        le16(0); // time
        le16(0); // date
        le32(0); // crc, sizes: in the data descriptor
        le32(0);
        le32(0);
        le16(nameBytes.length);
        le16(0); // extra
        out.write(nameBytes);
        deflater.reset();
        current = new EntryStream(h);
        return current;
    }

    /** Ends the last entry and writes the central directory. Does not close the underlying stream. */
    void finish() throws IOException {
        if (finished) return;
        endEntry();
        finished = true;
        deflater.end();
        long start = out.count;
        for (Header h : headers) {
            boolean zip64 = h.zip64() || h.offset >= UINT32_MAX;
            le32(0x02014b50);
            le16(VERSION_20); // version made by, as Go: compatibility byte 0
            le16(h.zip64() ? VERSION_45 : VERSION_20);
            le16(h.flags);
            le16(Deflater.DEFLATED);
            le16(0);
            le16(0);
            le32(h.crc);
            if (zip64) {
                le32(UINT32_MAX);
                le32(UINT32_MAX);
            } else {
                le32(h.compressed);
                le32(h.uncompressed);
            }
            le16(h.name.length);
            le16(zip64 ? 28 : 0);
            le16(0); // comment
            le16(0); // disk
            le16(0); // internal attributes
            le32(0); // external attributes
            le32(Math.min(h.offset, UINT32_MAX));
            out.write(h.name);
            if (zip64) {
                le16(0x0001);
                le16(24);
                le64(h.uncompressed);
                le64(h.compressed);
                le64(h.offset);
            }
        }
        long end = out.count;
        long records = headers.size(), size = end - start, offset = start;
        if (records >= UINT16_MAX || size >= UINT32_MAX || offset >= UINT32_MAX) {
            le32(0x06064b50);
            le64(56 - 12);
            le16(VERSION_45);
            le16(VERSION_45);
            le32(0);
            le32(0);
            le64(records);
            le64(records);
            le64(size);
            le64(offset);
            le32(0x07064b50);
            le32(0);
            le64(end);
            le32(1);
            records = UINT16_MAX;
            size = UINT32_MAX;
            offset = UINT32_MAX;
        }
        le32(0x06054b50);
        le16(0);
        le16(0);
        le16((int) records);
        le16((int) records);
        le32(size);
        le32(offset);
        le16(0); // comment
        out.flush();
    }

    private void endEntry() throws IOException {
        if (current == null) return;
        EntryStream e = current;
        current = null;
        e.finishDeflate();
        Header h = e.header;
        h.crc = e.crc.getValue();
        h.uncompressed = e.count;
        h.compressed = out.count - e.dataStart;
        le32(0x08074b50);
        le32(h.crc);
        if (h.zip64()) {
            le64(h.compressed);
            le64(h.uncompressed);
        } else {
            le32(h.compressed);
            le32(h.uncompressed);
        }
    }

    private final class EntryStream extends OutputStream {
        final Header header;
        final CRC32 crc = new CRC32();
        final long dataStart = out.count;
        long count;
        boolean done;

        EntryStream(Header header) { this.header = header; }

        @Override public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (done) throw new IOException("zip entry " + new String(header.name, StandardCharsets.UTF_8) + " already ended");
            crc.update(b, off, len);
            count += len;
            deflater.setInput(b, off, len);
            while (!deflater.needsInput()) drain();
        }

        void finishDeflate() throws IOException {
            done = true;
            deflater.finish();
            while (!deflater.finished()) drain();
        }

        private void drain() throws IOException {
            int n = deflater.deflate(deflateBuf);
            out.write(deflateBuf, 0, n);
        }

        /** Closing the entry stream does not end the entry: the next startEntry or finish does. */
        @Override public void close() {}
    }

    private void le16(int v) throws IOException {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }

    private void le32(long v) throws IOException {
        le16((int) (v & 0xffff));
        le16((int) ((v >>> 16) & 0xffff));
    }

    private void le64(long v) throws IOException {
        le32(v & UINT32_MAX);
        le32(v >>> 32);
    }

    /** Tracks the offset of everything written, for local header offsets and the central directory. */
    private static final class Counting extends OutputStream {
        private final OutputStream out;
        long count;

        Counting(OutputStream out) { this.out = out; }

        @Override public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override public void flush() throws IOException { out.flush(); }
    }
}
