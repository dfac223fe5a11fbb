package dev.modgate.sumdb;

import dev.modgate.storage.DirStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What was served while the public checksum database could not be reached, so that it is verified once it answers
 * again ({@link LateVerification}): in {@code DATA/.modgate/sumdb/NAME/unverified/}, one file per go.mod or zip,
 * holding the go.sum line of what was served ("path version[/go.mod] h1:..."), named by a hash of its first two
 * fields. Durable (written whole and fsynced before the download is served), shared by every process on the data
 * directory (prefetch --data records into it too), and removed once the database agreed.
 */
final class ServedUnverified {
    /** One go.mod or zip served unverified; age is how long ago it was recorded. */
    record Entry(String path, String version, boolean goMod, String h1, Duration age) {
        String what() { return path + "@" + version + (goMod ? "/go.mod" : ""); }
    }

    private final DirStorage store;
    private final Path dir;

    ServedUnverified(DirStorage store, Path dir) {
        this.store = store;
        this.dir = dir;
    }

    Path dir() { return dir; }

    /** Records it before it is served: throws when that is impossible (the caller then must not serve it). */
    void add(String path, String version, boolean goMod, String h1) throws IOException {
        Path f = file(path, version, goMod);
        byte[] line = (path + " " + version + (goMod ? "/go.mod " : " ") + h1 + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] have = SumDbFiles.read(f);
        if (have != null && java.util.Arrays.equals(have, line)) return;
        store.state().write(f, line);
    }

    boolean has(String path, String version, boolean goMod) {
        return Files.exists(file(path, version, goMod));
    }

    /** The h1 recorded as served, or null. */
    String h1(String path, String version, boolean goMod) {
        Entry e = parse(file(path, version, goMod));
        return e == null ? null : e.h1();
    }

    void remove(String path, String version, boolean goMod) throws IOException {
        Files.deleteIfExists(file(path, version, goMod));
    }

    /** Every entry, oldest first; unreadable or foreign files are skipped. */
    List<Entry> all() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Entry e = parse(f);
                if (e != null) out.add(e);
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort((a, b) -> b.age().compareTo(a.age()));
        return out;
    }

    private Entry parse(Path f) {
        byte[] b = SumDbFiles.read(f);
        if (b == null) return null;
        String[] fields = new String(b, StandardCharsets.UTF_8).strip().split(" ");
        if (fields.length != 3 || !fields[2].startsWith("h1:")) return null;
        boolean goMod = fields[1].endsWith("/go.mod");
        String version = goMod ? fields[1].substring(0, fields[1].length() - "/go.mod".length()) : fields[1];
        if (!f.equals(file(fields[0], version, goMod))) return null;
        return new Entry(fields[0], version, goMod, fields[2], store.state().age(f).orElse(Duration.ZERO));
    }

    private Path file(String path, String version, boolean goMod) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((path + " " + version + (goMod ? "/go.mod" : "")).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 20));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
