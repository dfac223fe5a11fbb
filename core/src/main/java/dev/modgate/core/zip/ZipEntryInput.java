package dev.modgate.core.zip;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The content of one zip entry, checked as Go's archive/zip checks it while reading: never more bytes than the
 * central directory declares (so a lying header cannot inflate past its budget), and at the end exactly the
 * declared size and CRC-32. java.util.zip.ZipFile checks neither for deflated entries.
 */
public final class ZipEntryInput extends FilterInputStream {
    private final String name;
    private final long declared;
    private final long declaredCrc;
    private final CRC32 crc = new CRC32();
    private long count;
    private boolean verified;

    private ZipEntryInput(InputStream in, ZipEntry entry) {
        super(in);
        this.name = entry.getName();
        this.declared = entry.getSize();
        this.declaredCrc = entry.getCrc();
    }

    /**
     * Opens entry, which must come from zip. Reading fails with {@link ZipCheckException} when the content is
     * larger or smaller than declared or its CRC-32 differs.
     */
    public static InputStream open(ZipFile zip, ZipEntry entry) throws IOException {
        return new ZipEntryInput(zip.getInputStream(entry), entry);
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (ZipException e) {
            // A corrupt deflate stream makes the zip invalid, like a wrong size or checksum.
            throw new ZipCheckException("zip: corrupt content in file " + name + ": " + e.getMessage(), e);
        }
        if (n < 0) {
            verifyEnd();
            return -1;
        }
        count += n;
        if (count > declared) {
            throw new ZipCheckException("uncompressed size of file " + name + " is larger than declared size (" + declared + " bytes)");
        }
        crc.update(b, off, n);
        return n;
    }

    @Override public long skip(long n) throws IOException {
        // Skipped bytes must still be counted and checksummed.
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    @Override public boolean markSupported() { return false; }

    private void verifyEnd() throws ZipCheckException {
        if (verified) return;
        verified = true;
        if (count != declared) {
            throw new ZipCheckException("uncompressed size of file " + name + " is smaller than declared size (" + declared + " bytes)");
        }
        if (declaredCrc != -1 && crc.getValue() != declaredCrc) {
            throw new ZipCheckException("zip: checksum error in file " + name);
        }
    }
}
