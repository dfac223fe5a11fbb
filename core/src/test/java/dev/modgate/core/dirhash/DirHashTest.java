package dev.modgate.core.dirhash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** golang.org/x/mod/sumdb/dirhash hash_test.go, plus facts about real go.sum lines. */
class DirHashTest {
    @TempDir Path tmp;

    private static String h(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(UTF_8)));
    }

    private static String htop(String s) throws Exception {
        return "h1:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(UTF_8)));
    }

    private static final DirHash.Opener DATA_FOR = name -> new ByteArrayInputStream(("data for " + name).getBytes(UTF_8));

    @Test
    void hash1() throws Exception {
        String want = htop(h("data for abc") + "  abc\n" + h("data for xyz") + "  xyz\n");
        assertThat(DirHash.hash1(List.of("xyz", "abc"), DATA_FOR)).isEqualTo(want).isEqualTo("h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=");
        assertThatThrownBy(() -> DirHash.hash1(List.of("xyz", "a\nbc"), DATA_FOR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dirhash: filenames with newlines are not supported");
    }

    @Test
    void hash1SortsByBytesNotUtf16() throws Exception {
        // In UTF-16 order the emoji (a surrogate pair, 0xD83D...) sorts first; in Go's byte order U+FF21 does.
        String a = "\uFF21", b = "\uD83D\uDE00";
        String want = htop(h("data for " + a) + "  " + a + "\n" + h("data for " + b) + "  " + b + "\n");
        assertThat(DirHash.hash1(List.of(b, a), DATA_FOR)).isEqualTo(want);
    }

    @Test
    void emptyHash() throws Exception {
        assertThat(DirHash.hash1(List.of(), DATA_FOR)).isEqualTo(DirHash.EMPTY_HASH).isEqualTo(htop(""));
    }

    @Test
    void hashDir() throws Exception {
        Files.writeString(tmp.resolve("xyz"), "data for xyz");
        Files.writeString(tmp.resolve("abc"), "data for abc");
        String want = htop(h("data for abc") + "  prefix/abc\n" + h("data for xyz") + "  prefix/xyz\n");
        assertThat(DirHash.hashDir(tmp, "prefix")).isEqualTo(want).isEqualTo("h1:rLyfpGMAgqOnGE2aKOY5Xb6cOc0/YQhPjHBHBwkblhs=");
        // path.Join cleans the prefix, so a trailing slash makes no difference.
        assertThat(DirHash.hashDir(tmp, "prefix/")).isEqualTo(want);
    }

    @Test
    void hashZip() throws Exception {
        Path zip = tmp.resolve("test.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("prefix/xyz"));
            z.write("data for xyz".getBytes(UTF_8));
            z.putNextEntry(new ZipEntry("prefix/abc"));
            z.write("data for abc".getBytes(UTF_8));
        }
        String want = htop(h("data for abc") + "  prefix/abc\n" + h("data for xyz") + "  prefix/xyz\n");
        assertThat(DirHash.hashZip(zip)).isEqualTo(want);
    }

    @Test
    void hashZipIncludesDirectoryEntries() throws Exception {
        Path zip = tmp.resolve("dirs.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("m@v1.0.0/"));
            z.putNextEntry(new ZipEntry("m@v1.0.0/a"));
            z.write("a".getBytes(UTF_8));
        }
        assertThat(DirHash.hashZip(zip)).isEqualTo(htop(h("") + "  m@v1.0.0/\n" + h("a") + "  m@v1.0.0/a\n"));
    }

    @Test
    void dirFiles() throws Exception {
        Files.writeString(tmp.resolve("xyz"), "data for xyz");
        Files.writeString(tmp.resolve("abc"), "data for abc");
        Files.createDirectory(tmp.resolve("subdir"));
        Files.writeString(tmp.resolve("subdir/xyz"), "data for subdir xyz");
        String prefix = "foo/bar@v2.3.4";
        assertThat(DirHash.dirFiles(tmp, prefix)).containsExactly(prefix + "/abc", prefix + "/subdir/xyz", prefix + "/xyz");

        Path file = tmp.resolve("abc");
        assertThatThrownBy(() -> DirHash.dirFiles(file, prefix)).isInstanceOf(IOException.class).hasMessage(file + " is not a directory");
    }

    @Test
    void goModHashMatchesRealGoSumLines() {
        // github.com/pkg/errors v0.9.1/go.mod, as in every go.sum that depends on it.
        assertThat(DirHash.hashGoMod("module github.com/pkg/errors\n".getBytes(UTF_8)))
                .isEqualTo("h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=");
        assertThat(DirHash.hashGoMod(new byte[0])).isEqualTo(GoSum.EMPTY_GO_MOD_HASH);
    }
}
