package dev.modgate.bundle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the tar streams {@link TarWriter} writes (and ordinary ustar/pax ones). Entries other than regular files are
 * reported with their type so the caller can refuse them; sizes are bounded by the caller.
 */
public final class TarReader {
    private static final int BLOCK = 512;
    private final InputStream in;
    private long remaining;
    private long padding;

    public record Entry(String name, long size, char type) {}

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end. Its content is read through {@link #content()} before the next call. */
    public Entry next() throws IOException {
        skipRest();
        String paxPath = null;
        while (true) {
            byte[] h = readBlock();
            if (h == null || isZero(h)) return null;
            verifyChecksum(h);
            String name = cString(h, 0, 100);
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty() && h[257] == 'u') name = prefix + "/" + name;
            long size = parseOctal(h, 124, 12);
            if (size < 0) throw new IOException("tar: negative size for " + name);
            char type = (char) (h[156] == 0 ? '0' : h[156]);
            if (type == 'x') {
                if (size > 1 << 20) throw new IOException("tar: pax header too large");
                paxPath = parsePax(readFully(size));
                skip(pad(size));
                continue;
            }
            if (type == 'g') {
                skip(size + pad(size));
                continue;
            }
            remaining = size;
            padding = pad(size);
            return new Entry(paxPath != null ? paxPath : name, size, type);
        }
    }

    /** The current entry's bytes; reading past its end returns -1. */
    public InputStream content() {
        return new InputStream() {
            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw new EOFException("tar: truncated entry");
                remaining -= n;
                return n;
            }
        };
    }

    private void skipRest() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    private static String parsePax(byte[] data) throws IOException {
        String path = null;
        int i = 0;
        while (i < data.length) {
            int sp = indexOf(data, (byte) ' ', i);
            if (sp < 0) throw new IOException("tar: malformed pax header");
            int len;
            try {
                len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("tar: malformed pax header");
            }
            if (len <= 0 || i + len > data.length) throw new IOException("tar: malformed pax header");
            String rec = new String(data, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq > 0 && rec.substring(0, eq).equals("path")) path = rec.substring(eq + 1);
            i += len;
        }
        return path;
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }

    private byte[] readBlock() throws IOException {
        byte[] b = new byte[BLOCK];
        int n = in.readNBytes(b, 0, BLOCK);
        if (n == 0) return null;
        if (n < BLOCK) throw new EOFException("tar: truncated header");
        return b;
    }

    private byte[] readFully(long size) throws IOException {
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) throw new EOFException("tar: truncated entry");
        return b;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new EOFException("tar: truncated archive");
                s = 1;
            }
            n -= s;
        }
    }

    private static long pad(long size) {
        long rem = size % BLOCK;
        return rem == 0 ? 0 : BLOCK - rem;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long want = parseOctal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        if (sum != want) throw new IOException("tar: header checksum mismatch (not a tar file, or corrupted)");
    }

    private static String cString(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long parseOctal(byte[] h, int off, int len) throws IOException {
        long v = 0;
        int i = off;
        while (i < off + len && (h[i] == ' ' || h[i] == 0)) i++;
        for (; i < off + len && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') throw new IOException("tar: bad number in header");
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }
}
