package dev.modgate.core.dirhash;

import dev.modgate.core.text.GoStrings;
import dev.modgate.core.text.SlashPath;
import dev.modgate.core.zip.ZipEntryInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The "h1:" hash of golang.org/x/mod/sumdb/dirhash, as recorded in go.sum and the checksum database:
 * base64(sha256(summary)) where the summary has one line {@code hex(sha256(content)) + "  " + name + "\n"}
 * per file, ordered by name byte-wise.
 */
public final class DirHash {
    private DirHash() {}

    /** Hash1 of no files at all (an empty module zip). */
    public static final String EMPTY_HASH = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    /** Opens one of the named files for hashing; the hash closes the stream. */
    @FunctionalInterface
    public interface Opener {
        InputStream open(String name) throws IOException;
    }

    /**
     * Hash1 over the given file names (duplicates hash twice, as in Go).
     *
     * @throws IllegalArgumentException when a name contains a newline, which would make the summary ambiguous
     */
    public static String hash1(Collection<String> names, Opener opener) throws IOException {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(GoStrings.BYTE_ORDER);
        MessageDigest summary = sha256();
        MessageDigest file = sha256();
        byte[] buf = new byte[64 * 1024];
        for (String name : sorted) {
            if (name.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("dirhash: filenames with newlines are not supported");
            }
            try (InputStream in = opener.open(name)) {
                for (int n; (n = in.read(buf)) > 0; ) file.update(buf, 0, n);
            }
            String line = HexFormat.of().formatHex(file.digest()) + "  " + name + "\n";
            summary.update(GoStrings.toUtf8(line));
        }
        return "h1:" + Base64.getEncoder().encodeToString(summary.digest());
    }

    /**
     * HashDir: the hash of the files below dir, each named {@code path.Join(prefix, relative/path)}. Symbolic links
     * count as files and are followed when read, as in Go.
     */
    public static String hashDir(Path dir, String prefix) throws IOException {
        Map<String, Path> files = walk(dir, prefix);
        return hash1(files.keySet(), name -> Files.newInputStream(files.get(name)));
    }

    /**
     * DirFiles: every non-directory below dir in lexical walk order, named {@code path.Join(prefix, rel)}.
     *
     * @throws IOException also when dir itself is not a directory ("DIR is not a directory")
     */
    public static List<String> dirFiles(Path dir, String prefix) throws IOException {
        return new ArrayList<>(walk(dir, prefix).keySet());
    }

    private static Map<String, Path> walk(Path dir, String prefix) throws IOException {
        BasicFileAttributes root = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!root.isDirectory()) throw new IOException(dir + " is not a directory");
        Map<String, Path> byName = new HashMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isDirectory()) {
                    String rel = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    byName.put(SlashPath.join(prefix, rel), file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        // filepath.Walk visits in lexical order; the hash sorts anyway, but DirFiles callers see this order.
        Map<String, Path> sorted = new TreeMap<>(GoStrings.BYTE_ORDER);
        sorted.putAll(byName);
        return sorted;
    }

    /**
     * HashZip: Hash1 over every entry name of the zip exactly as stored (directory entries included), each
     * entry streamed, with its CRC-32 and declared size verified as Go's zip reader does. When names repeat,
     * each occurrence hashes the content of the last entry with that name, as in Go.
     */
    public static String hashZip(Path zipFile) throws IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            List<String> names = new ArrayList<>();
            Map<String, ZipEntry> entries = new HashMap<>();
            zip.stream().forEach(e -> {
                names.add(e.getName());
                entries.put(e.getName(), e);
            });
            return hash1(names, name -> ZipEntryInput.open(zip, entries.get(name)));
        }
    }

    /** The go.sum {@code /go.mod} hash: Hash1 of one file named "go.mod" with these bytes. */
    public static String hashGoMod(byte[] goMod) {
        try {
            return hash1(List.of("go.mod"), name -> new ByteArrayInputStream(goMod));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the content is in memory
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
