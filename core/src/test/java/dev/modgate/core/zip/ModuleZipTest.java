package dev.modgate.core.zip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** zip_test.go's special cases and size-limit tables, vendor_test.go, and the safety of unzip. */
class ModuleZipTest {
    private static final ModuleVersion M = new ModuleVersion("example.com/m", "v1.0.0");
    private static final ModuleVersion LARGE = new ModuleVersion("example.com/large", "v1.0.0");

    @TempDir Path tmp;

    // ---- TestCreateFromDirSpecial

    @Test
    void createFromDirIgnoresEmptyDirectories() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src/empty")).getParent();
        assertThat(hashOfCreateFromDir(dir)).isEqualTo(DirHash.EMPTY_HASH);
    }

    @Test
    void createFromDirIgnoresSymlinks() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        Files.createSymbolicLink(dir.resolve("link"), dir);
        assertThat(hashOfCreateFromDir(dir)).isEqualTo(DirHash.EMPTY_HASH);
        Files.writeString(dir.resolve("target.go"), "package m\n");
        Files.createSymbolicLink(dir.resolve("file-link.go"), dir.resolve("target.go"));
        assertThat(ModuleZip.checkDir(dir).omitted()).containsExactly(
                new CheckedFiles.FileError(dir.resolve("file-link.go").toString(), "not a regular file"),
                new CheckedFiles.FileError(dir.resolve("link").toString(), "not a regular file"));
    }

    @Test
    void createFromDirOfAVendorDirectory() throws IOException {
        // The directory's own name does not make its files vendored.
        Path vendor = Files.createDirectories(tmp.resolve("vendor"));
        Files.writeString(vendor.resolve("go.mod"), "module example.com/m\n\ngo 1.13\n");
        assertThat(hashOfCreateFromDir(vendor)).isEqualTo("h1:XduFAgX/GaspZa8Jv4pfzoGEzNaU/r88PiCunijw5ok=");
    }

    private String hashOfCreateFromDir(Path dir) throws IOException {
        Path zip = tmp.resolve("out.zip");
        Files.deleteIfExists(zip);
        ModuleZip.createFromDir(M, dir, zip);
        return DirHash.hashZip(zip);
    }

    // ---- TestIsVendoredPackage (vendor_test.go, with the go 1.24 rule)

    @ParameterizedTest(name = "isVendoredPackage({0}, go1.24={1}) = {2}")
    @CsvSource(textBlock = """
            vendor/foo/foo.go,                 false, true
            pkg/vendor/foo/foo.go,             false, true
            longpackagename/vendor/foo/foo.go, false, true
            vendor/vendor.go,                  false, false
            vendor/modules.txt,                false, false
            pkg/vendor/vendor.go,              false, true
            longpackagename/vendor/vendor.go,  false, true
            vendor/foo/foo.go,                 true,  true
            pkg/vendor/foo/foo.go,             true,  true
            longpackagename/vendor/foo/foo.go, true,  true
            vendor/vendor.go,                  true,  false
            vendor/modules.txt,                true,  true
            pkg/vendor/vendor.go,              true,  false
            longpackagename/vendor/vendor.go,  true,  false
            x/vendor/modules.txt,              true,  false
            vendored/x/y.go,                   true,  false
            """)
    void isVendoredPackage(String path, boolean go124, boolean want) {
        assertThat(ModuleZip.isVendoredPackage(path, go124)).isEqualTo(want);
    }

    // ---- go directive of the root go.mod

    @ParameterizedTest(name = "[{index}] go124={1}")
    @CsvSource(delimiter = '|', textBlock = """
            module m\\ngo 1.24\\n|true
            go 1.24.0|true
            go 1.24rc1|true
            go 1.25|true
            go 2.0|true
            go 1.23.9|false
            go 1.23|false
            go 1.100|true
            go 1.24 // comment|true
            // go 1.24|false
            module m|false
            ''|false
            go 1.24.0rc1|false
            go v1.24|false
            go v1.24.1|true
            go 1.24-foo|true
            go 01.24|false
            go 1.24 1.25|false
            go 1.24\\ngo 1.25|false
            go "1.24"|false
            module m\\nmodule n\\ngo 1.24|false
            module "m\\ngo 1.24|false
            module 'm'\\ngo 1.24|false
            module m\\nrequire (\\n\\tx v1.0.0\\n)\\ngo 1.24|true
            module m\\nrequire (\\n\\tx\\n)\\ngo 1.24|false
            module m\\nreplace (\\n\\tanything goes here\\n)\\ngo 1.24|true
            module m\\nrequire (\\ngo 1.24|false
            go (\\n1.24\\n)|false
            module m\\nmodules.txt is excluded in 1.24+. See golang.org/issue/63395\\ngo 1.24|true
            module m /* c */\\ngo 1.24|false
            module m {x}\\ngo 1.24|false
            x {a, b}\\ngo 1.24|true
            toolchain go1.25\\ngo 1.24|true
            """)
    void goDirective(String goMod, boolean want) {
        byte[] data = goMod.replace("\\n", "\n").replace("\\t", "\t").getBytes(UTF_8);
        assertThat(GoDirective.atLeastGo124(data)).isEqualTo(want);
    }

    // ---- size limits: TestCreateSizeLimits, TestUnzipSizeLimits

    /** A regular file of that many zero bytes (fakeFile with nil data), or with the given content. */
    private static ModuleFile fake(String name, long size) {
        return ModuleFile.of(name, size, () -> new ZeroInput(size));
    }

    record SizeCase(String desc, List<ModuleFile> files, String wantCheckFilesErr, String wantCreateErr,
                    String wantCheckZipErr, String wantUnzipErr) {
        @Override public String toString() { return desc; }
    }

    private static final long MAX = ModuleZip.MAX_ZIP_FILE;

    static Stream<SizeCase> sizeLimitTests() {
        String tree = "module source tree too large", total = "total uncompressed size of module contents too large";
        return Stream.of(
                new SizeCase("one_large", List.of(fake("large.go", MAX)), null, null, null, null),
                new SizeCase("one_too_large", List.of(fake("large.go", MAX + 1)), tree, tree, total, total),
                new SizeCase("total_large", List.of(fake("small.go", 10), fake("large.go", MAX - 10)), null, null, null, null),
                new SizeCase("total_too_large", List.of(fake("small.go", 10), fake("large.go", MAX - 9)), tree, tree, total, total),
                new SizeCase("large_gomod", List.of(fake("go.mod", ModuleZip.MAX_GO_MOD)), null, null, null, null),
                same("too_large_gomod", List.of(fake("go.mod", ModuleZip.MAX_GO_MOD + 1)), "go.mod file too large"),
                new SizeCase("large_license", List.of(fake("LICENSE", ModuleZip.MAX_LICENSE)), null, null, null, null),
                same("too_large_license", List.of(fake("LICENSE", ModuleZip.MAX_LICENSE + 1)), "LICENSE file too large"));
    }

    private static SizeCase same(String desc, List<ModuleFile> files, String err) {
        return new SizeCase(desc, files, err, err, err, err);
    }

    static Stream<SizeCase> createSizeLimitTests() {
        return Stream.concat(sizeLimitTests(), Stream.of(
                // A size that is negative as int64, as a uint64 zip header size can be.
                same("negative", List.of(fake("neg.go", Long.MIN_VALUE)), "module source tree too large"),
                new SizeCase("size_is_a_lie", List.of(ModuleFile.of("lie.go", 1, () -> new java.io.ByteArrayInputStream("package large".getBytes(UTF_8)))),
                        null, "larger than declared size", null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createSizeLimitTests")
    void createSizeLimits(SizeCase t) {
        expect(() -> ModuleZip.checkFiles(t.files), t.wantCheckFilesErr);
        expect(() -> ModuleZip.create(LARGE, t.files, OutputStream.nullOutputStream()), t.wantCreateErr);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizeLimitTests")
    void unzipSizeLimits(SizeCase t) throws IOException {
        Path zip = tmp.resolve("limits.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            ZipWriter w = new ZipWriter(out);
            for (ModuleFile f : t.files) {
                try (InputStream in = f.open()) {
                    in.transferTo(w.startEntry("example.com/large@v1.0.0/" + f.path()));
                }
            }
            w.finish();
        }
        expect(() -> ModuleZip.checkZip(LARGE, zip), t.wantCheckZipErr);
        Path dir = tmp.resolve("limits");
        expect(() -> ModuleZip.unzip(LARGE, zip, dir), t.wantUnzipErr);
    }

    private static void expect(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String wantErr) {
        if (wantErr == null) {
            assertThatCode(call).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(call).isInstanceOf(ZipCheckException.class).hasMessageContaining(wantErr);
        }
    }

    // ---- TestUnzipSizeLimitsSpecial

    @Test
    void zipFileOfExactlyTheLimitIsOpened() throws IOException {
        Path zip = tmp.resolve("large.zip");
        try (RandomAccessFile f = new RandomAccessFile(zip.toFile(), "rw")) {
            f.setLength(MAX);
        }
        // Not a zip at all: the size check let it through to the zip reader.
        assertThatThrownBy(() -> ModuleZip.unzip(M, zip, tmp.resolve("out")))
                .isInstanceOf(ZipCheckException.class).hasMessageContaining("not a valid zip file");
    }

    @Test
    void zipFileOverTheLimitIsNotOpened() throws IOException {
        Path zip = tmp.resolve("too_large.zip");
        try (RandomAccessFile f = new RandomAccessFile(zip.toFile(), "rw")) {
            f.setLength(MAX + 1);
        }
        assertThatThrownBy(() -> ModuleZip.unzip(M, zip, tmp.resolve("out")))
                .isInstanceOf(ZipCheckException.class)
                .hasMessageContaining("module zip file is too large (524288001 bytes; limit is 524288000 bytes)");
        assertThatThrownBy(() -> ModuleZip.checkZip(M, zip))
                .isInstanceOf(ZipCheckException.class)
                .satisfies(e -> assertThat(((ZipCheckException) e).checkedFiles().sizeError()).startsWith("module zip file is too large"));
    }

    @Test
    void declaredSizeSmallerThanContent() throws IOException {
        byte[] zip = zipOf("example.com/m@v1.0.0/go.mod", new byte[0x0BAD]);
        // Patch the uncompressed size in the data descriptor and the central directory, as zip_test.go does.
        assertThat(replaceAll(zip, new byte[] {(byte) 0xAD, 0x0B, 0, 0}, new byte[] {(byte) 0xAC, 0, 0, 0})).isEqualTo(2);
        Path file = Files.write(tmp.resolve("lie.zip"), zip);
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> ModuleZip.unzip(M, file, out))
                .isInstanceOf(ZipCheckException.class)
                .hasMessageContaining("uncompressed size of file example.com/m@v1.0.0/go.mod is larger than declared size (172 bytes)");
        // Never more than the declared size reaches the disk.
        assertThat(Files.size(out.resolve("go.mod"))).isLessThanOrEqualTo(172 + 64 * 1024);
        assertThatThrownBy(() -> DirHash.hashZip(file)).isInstanceOf(ZipCheckException.class);
    }

    @Test
    void declaredSizeLargerThanContent() throws IOException {
        byte[] zip = zipOf("example.com/m@v1.0.0/go.mod", new byte[0x0BAD]);
        assertThat(replaceAll(zip, new byte[] {(byte) 0xAD, 0x0B, 0, 0}, new byte[] {(byte) 0xAE, 0x0B, 0, 0})).isEqualTo(2);
        Path file = Files.write(tmp.resolve("short.zip"), zip);
        assertThatThrownBy(() -> ModuleZip.unzip(M, file, tmp.resolve("out")))
                .isInstanceOf(ZipCheckException.class).hasMessageContaining("is smaller than declared size (2990 bytes)");
    }

    @Test
    void checksumMismatch() throws IOException {
        byte[] content = "module example.com/m\n".getBytes(UTF_8);
        byte[] zip = zipOf("example.com/m@v1.0.0/go.mod", content);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        long v = crc.getValue();
        byte[] le = {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
        byte[] bad = le.clone();
        bad[0] ^= 1;
        assertThat(replaceAll(zip, le, bad)).isEqualTo(2);
        Path file = Files.write(tmp.resolve("crc.zip"), zip);
        assertThatCode(() -> ModuleZip.checkZip(M, file)).doesNotThrowAnyException(); // checkZip reads no content
        assertThatThrownBy(() -> ModuleZip.unzip(M, file, tmp.resolve("out")))
                .isInstanceOf(ZipCheckException.class).hasMessageContaining("zip: checksum error");
        assertThatThrownBy(() -> DirHash.hashZip(file)).isInstanceOf(ZipCheckException.class).hasMessageContaining("checksum error");
    }

    @Test
    void notAZip() throws IOException {
        Path file = Files.writeString(tmp.resolve("x.zip"), "not a zip");
        assertThatThrownBy(() -> ModuleZip.checkZip(M, file))
                .isInstanceOf(ZipCheckException.class).hasMessage("zip: not a valid zip file");
    }

    // ---- unzip safety

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ../evil.go                  | malformed file path "../evil.go": invalid path element ".."
            a/../../evil.go             | file path is not clean
            /etc/evil.go                | malformed file path "/etc/evil.go": empty path element
            ..                          | malformed file path "..": invalid path element ".."
            x/./y.go                    | file path is not clean
            ..\\\\evil.go               | malformed file path
            C:/evil.go                  | malformed file path
            .git/config                 | ''
            """)
    void unzipRefusesEscapingNames(String name, String wantErr) throws IOException {
        Path file = Files.write(tmp.resolve("evil.zip"), zipOf("example.com/m@v1.0.0/" + name, "x".getBytes(UTF_8)));
        Path out = tmp.resolve("out");
        if (wantErr.isEmpty()) {
            ModuleZip.unzip(M, file, out);
            assertThat(out.resolve(name)).hasContent("x");
            return;
        }
        assertThatThrownBy(() -> ModuleZip.unzip(M, file, out)).isInstanceOf(ZipCheckException.class).hasMessageContaining(wantErr);
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.map(p -> tmp.relativize(p).toString())).containsExactlyInAnyOrder("", "evil.zip");
        }
    }

    @Test
    void unzipRefusesDirectoryAndFileAndCaseCollisions() throws IOException {
        assertUnzipFails(List.of("a", "a/b"), "entry \"a\" is both a file and a directory");
        assertUnzipFails(List.of("a/b", "A/c"), "case-insensitive file name collision: \"a\" and \"A\"");
        assertUnzipFails(List.of("x.go", "x.go"), "multiple entries for file \"x.go\"");
        assertUnzipFails(List.of("\u212A.go", "k.go"), "case-insensitive file name collision");
    }

    private void assertUnzipFails(List<String> names, String wantErr) throws IOException {
        Path file = tmp.resolve("collide.zip");
        try (OutputStream out = Files.newOutputStream(file)) {
            ZipWriter w = new ZipWriter(out);
            for (String n : names) w.startEntry("example.com/m@v1.0.0/" + n).write('x');
            w.finish();
        }
        Path dir = tmp.resolve("collide");
        assertThatThrownBy(() -> ModuleZip.unzip(M, file, dir)).isInstanceOf(ZipCheckException.class).hasMessageContaining(wantErr);
        assertThat(dir).doesNotExist();
    }

    @Test
    void unzipWantsAnEmptyTarget() throws IOException {
        Path file = Files.write(tmp.resolve("ok.zip"), zipOf("example.com/m@v1.0.0/a.go", "package a\n".getBytes(UTF_8)));
        Path dir = Files.createDirectories(tmp.resolve("target"));
        Files.writeString(dir.resolve("other"), "");
        assertThatThrownBy(() -> ModuleZip.unzip(M, file, dir)).isInstanceOf(IOException.class)
                .isNotInstanceOf(ZipCheckException.class)
                .hasMessageEndingWith("target directory " + dir + " exists and is not empty");
        Files.delete(dir.resolve("other"));
        ModuleZip.unzip(M, file, dir);
        assertThat(dir.resolve("a.go")).hasContent("package a");
        assertThat(Files.getPosixFilePermissions(dir.resolve("a.go"))).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
    }

    @Test
    void moduleAndVersionAreCheckedFirst() throws IOException {
        Path file = Files.write(tmp.resolve("ok.zip"), zipOf("example.com/m@v1.0.0/a.go", new byte[0]));
        assertThatThrownBy(() -> ModuleZip.checkZip(new ModuleVersion("example.com/m", "v1.0"), file))
                .isInstanceOf(ZipCheckException.class).hasMessage("version \"v1.0\" is not canonical (should be \"v1.0.0\")");
        assertThatThrownBy(() -> ModuleZip.checkZip(new ModuleVersion("example.com/m/v2", "v1.0.0"), file))
                .isInstanceOf(ZipCheckException.class).hasMessageContaining("invalid version: should be v2, not v1");
        assertThatThrownBy(() -> ModuleZip.unzip(new ModuleVersion("example.com/m", "v1.0.0+x"), file, tmp.resolve("o")))
                .isInstanceOf(ZipCheckException.class)
                .hasMessage("unzip " + file + ": version \"v1.0.0+x\" is not canonical (should be \"v1.0.0\")");
    }

    // ---- create

    @Test
    void createKeepsInputOrderAndWritesGoLayout() throws IOException {
        List<ModuleFile> files = List.of(ModuleFile.of("z.go", "package z\n".getBytes(UTF_8)),
                ModuleFile.of("a.go", "package a\n".getBytes(UTF_8)), ModuleFile.of("~x\u00e9.txt", new byte[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModuleZip.create(M, files, out);
        byte[] zip = out.toByteArray();
        Path file = Files.write(tmp.resolve("m.zip"), zip);
        try (ZipFile z = new ZipFile(file.toFile())) {
            assertThat(z.stream().map(e -> e.getName())).containsExactly(
                    "example.com/m@v1.0.0/z.go", "example.com/m@v1.0.0/a.go", "example.com/m@v1.0.0/~x\u00e9.txt");
            assertThat(z.stream().map(e -> e.getMethod())).containsOnly(java.util.zip.ZipEntry.DEFLATED);
            assertThat(z.stream().map(e -> e.getExtra())).containsOnlyNulls();
        }
        // Local header of the first entry: version 20, flags 0x0008 (data descriptor), deflate, time 0, date 0.
        assertThat(java.util.Arrays.copyOfRange(zip, 0, 14)).containsExactly(
                0x50, 0x4b, 0x03, 0x04, 20, 0, 0x08, 0, 8, 0, 0, 0, 0, 0);
        // The same files give the same bytes.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ModuleZip.create(M, files, again);
        assertThat(again.toByteArray()).isEqualTo(zip);
    }

    @Test
    void createLeavesOutOmittedFilesAndReportsInvalidOnes() throws IOException {
        List<ModuleFile> files = List.of(ModuleFile.of("a.go", new byte[0]),
                ModuleFile.of("link.go", ModuleFile.Type.SYMLINK, 0, InputStream::nullInputStream),
                ModuleFile.of("dir", ModuleFile.Type.DIRECTORY, 0, InputStream::nullInputStream),
                ModuleFile.of(".hg_archival.txt", new byte[0]));
        CheckedFiles cf = ModuleZip.checkFiles(files);
        assertThat(cf.valid()).containsExactly("a.go");
        assertThat(cf.omitted()).extracting(Object::toString).containsExactly(
                "link.go: file is a symbolic link", "dir: not a regular file", ".hg_archival.txt: file is inserted by 'hg archive' and is always omitted");
        assertThatThrownBy(() -> ModuleZip.create(M, List.of(ModuleFile.of("/abs.go", new byte[0]), ModuleFile.of("x/", new byte[0])),
                OutputStream.nullOutputStream()))
                .isInstanceOf(ZipCheckException.class)
                .hasMessage("create zip: /abs.go: file path is not relative\nx/: file path is not clean");
    }

    @Test
    void manyEntriesUseZip64Records() throws IOException {
        List<ModuleFile> files = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) files.add(ModuleFile.of("f" + i, new byte[] {(byte) i}));
        Path file = tmp.resolve("many.zip");
        ModuleZip.create(M, files, file);
        // 70,000 entries need the zip64 end records; Java's reader and the checks must agree on all of them.
        assertThat(ModuleZip.checkZip(M, file).valid()).hasSize(70_000);
        try (ZipFile z = new ZipFile(file.toFile())) {
            assertThat(z.size()).isEqualTo(70_000);
        }
        assertThat(DirHash.hashZip(file)).isEqualTo(DirHash.hash1(
                files.stream().map(f -> "example.com/m@v1.0.0/" + f.path()).toList(),
                name -> new java.io.ByteArrayInputStream(new byte[] {(byte) Integer.parseInt(name.substring(name.lastIndexOf("/f") + 2))})));
    }

    @Test
    void hashZipUsesTheLastOfDuplicateEntries() throws IOException {
        Path file = tmp.resolve("dup.zip");
        try (OutputStream out = Files.newOutputStream(file)) {
            ZipWriter w = new ZipWriter(out);
            w.startEntry("a").write("1".getBytes(UTF_8));
            w.startEntry("a").write("22".getBytes(UTF_8));
            w.finish();
        }
        // dirhash.HashZip maps each name to its last entry and hashes that content once per occurrence.
        assertThat(DirHash.hashZip(file)).isEqualTo(DirHash.hash1(List.of("a", "a"), n -> new java.io.ByteArrayInputStream("22".getBytes(UTF_8))));
    }

    // ---- helpers

    private static byte[] zipOf(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter w = new ZipWriter(out);
        w.startEntry(name).write(content);
        w.finish();
        return out.toByteArray();
    }

    private static int replaceAll(byte[] data, byte[] from, byte[] to) {
        int n = 0;
        outer:
        for (int i = 0; i <= data.length - from.length; i++) {
            for (int k = 0; k < from.length; k++) if (data[i + k] != from[k]) continue outer;
            System.arraycopy(to, 0, data, i, to.length);
            n++;
        }
        return n;
    }

    /** An endless-looking stream of size zero bytes without allocating them. */
    private static final class ZeroInput extends InputStream {
        private long left;

        ZeroInput(long size) { this.left = Math.max(size, 0); }

        @Override public int read() { return left-- > 0 ? 0 : -1; }

        @Override public int read(byte[] b, int off, int len) {
            if (left <= 0) return -1;
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
