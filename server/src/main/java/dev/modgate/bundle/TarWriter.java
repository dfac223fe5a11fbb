package dev.modgate.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX tar stream (ustar, with a pax "path" record for names that do not fit in 100 bytes), readable by
 * GNU tar, bsdtar and {@link TarReader}. Only regular files: a bundle holds nothing else.
 */
public final class TarWriter implements AutoCloseable {
    private static final int BLOCK = 512;
    private final OutputStream out;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    public void add(String name, long size, long mtimeSeconds, InputStream content) throws IOException {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 100 || !isAscii(utf8)) {
            byte[] pax = paxRecord("path", name);
            writeHeader("PaxHeaders/" + shortName(name), pax.length, mtimeSeconds, (byte) 'x');
            out.write(pax);
            pad(pax.length);
            writeHeader(shortName(name), size, mtimeSeconds, (byte) '0');
        } else {
            writeHeader(name, size, mtimeSeconds, (byte) '0');
        }
        long copied = content.transferTo(out);
        if (copied != size) throw new IOException(name + " changed while being written (" + copied + " bytes, expected " + size + ")");
        pad(size);
    }

    public void add(String name, byte[] data, long mtimeSeconds) throws IOException {
        add(name, data.length, mtimeSeconds, new java.io.ByteArrayInputStream(data));
    }

    /** A pax record is "LEN key=value\n" where LEN counts the whole record including its own digits. */
    static byte[] paxRecord(String key, String value) {
        byte[] body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
        int len = body.length;
        int digits = String.valueOf(len).length();
        while (String.valueOf(len + digits).length() != digits) digits++;
        return ((len + digits) + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    private static String shortName(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder();
        for (int i = Math.max(0, b.length - 90); i < b.length; i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '_');
        }
        return s.toString();
    }

    private void writeHeader(String name, long size, long mtime, byte type) throws IOException {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = type;
        byte[] magic = "ustar\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        if (s.length() > len - 1) throw new IllegalArgumentException("value too large for tar header: " + v);
        int pad = len - 1 - s.length();
        for (int i = 0; i < pad; i++) h[off + i] = '0';
        for (int i = 0; i < s.length(); i++) h[off + pad + i] = (byte) s.charAt(i);
        h[off + len - 1] = 0;
    }

    private void pad(long size) throws IOException {
        int rem = (int) (size % BLOCK);
        if (rem != 0) out.write(new byte[BLOCK - rem]);
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) if (x < 0x20) return false;
        return true;
    }

    /** Two zero blocks end the archive. */
    @Override public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.close();
    }
}
