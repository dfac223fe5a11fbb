package dev.modgate.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

final class Sha256 {
    private Sha256() {}

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String of(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /** A stored artifact's SHA-256, read through the storage. */
    static String of(dev.modgate.module.Blob blob) throws IOException {
        try (InputStream in = java.nio.channels.Channels.newInputStream(blob.open())) {
            return of(in);
        }
    }

    private static String of(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        return HexFormat.of().formatHex(md.digest());
    }
}
