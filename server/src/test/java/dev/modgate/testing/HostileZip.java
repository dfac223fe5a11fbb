package dev.modgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip files byte by byte, including what no well-behaved writer produces: any entry name (duplicates,
 * "../", absolute), and sizes and CRCs that lie about the content. Deflated entries only, no zip64.
 */
public final class HostileZip {
    private record Entry(String name, byte[] deflated, long crc, long declaredSize) {}

    private final List<Entry> entries = new ArrayList<>();

    /** An honest entry. */
    public HostileZip add(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        return addRaw(name, deflate(data), crc.getValue(), data.length);
    }

    /** An entry whose headers declare declaredSize and crc, whatever the deflated data inflates to. */
    public HostileZip addRaw(String name, byte[] deflated, long crc, long declaredSize) {
        entries.add(new Entry(name, deflated, crc, declaredSize));
        return this;
    }

    public Path write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteArrayOutputStream central = new ByteArrayOutputStream();
            long offset = 0;
            for (Entry e : entries) {
                byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream local = new ByteArrayOutputStream();
                header(local, 0x04034b50, false, e, name, 0);
                local.write(name);
                local.writeTo(out);
                out.write(e.deflated);
                header(central, 0x02014b50, true, e, name, offset);
                central.write(name);
                offset += local.size() + e.deflated.length;
            }
            central.writeTo(out);
            ByteArrayOutputStream end = new ByteArrayOutputStream();
            le(end, 0x06054b50, 4);
            le(end, 0, 4); // disk numbers
            le(end, entries.size(), 2);
            le(end, entries.size(), 2);
            le(end, central.size(), 4);
            le(end, offset, 4);
            le(end, 0, 2);
            end.writeTo(out);
        }
        return file;
    }

    private static void header(ByteArrayOutputStream b, int signature, boolean central, Entry e, byte[] name, long offset) {
        le(b, signature, 4);
        if (central) le(b, 20, 2); // version made by
        le(b, 20, 2); // version needed
        le(b, 0x800, 2); // UTF-8 names
        le(b, Deflater.DEFLATED, 2);
        le(b, 0, 4); // time, date
        le(b, e.crc, 4);
        le(b, e.deflated.length, 4);
        le(b, e.declaredSize, 4);
        le(b, name.length, 2);
        le(b, 0, 2); // extra
        if (central) {
            le(b, 0, 2); // comment
            le(b, 0, 2); // disk
            le(b, 0, 2); // internal attributes
            le(b, 0, 4); // external attributes
            le(b, offset, 4);
        }
    }

    private static void le(ByteArrayOutputStream b, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b.write((int) (v >>> (8 * i)) & 0xff);
    }

    public static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    /**
     * A raw deflate stream that inflates to mib MiB of zero bytes, about a thousandth of that in size, built in
     * milliseconds: once the window holds zeros, the deflate block for the next MiB of zeros only copies from the
     * window, so that block can be repeated as often as wanted.
     */
    public static byte[] zeros(int mib) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] chunk = new byte[1 << 20];
        byte[] first = flushed(d, chunk);
        byte[] repeat = flushed(d, chunk);
        d.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        for (int i = 1; i < mib; i++) out.writeBytes(repeat);
        out.writeBytes(new byte[] {0x03, 0x00}); // a final, empty block with fixed codes
        return out.toByteArray();
    }

    private static byte[] flushed(Deflater d, byte[] input) {
        d.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        // SYNC_FLUSH ends on a byte boundary, so blocks can be concatenated; a buffer not filled means all is out.
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        return out.toByteArray();
    }
}
