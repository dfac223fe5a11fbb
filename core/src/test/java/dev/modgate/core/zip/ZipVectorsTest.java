package dev.modgate.core.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.modgate.core.dirhash.DirHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The txtar tests of golang.org/x/mod/zip (testdata/*), one dynamic test per file, run as zip_test.go runs them. */
class ZipVectorsTest {
    @TempDir Path tmp;

    private static Stream<DynamicTest> each(String dir, ThrowingTest body) {
        return ZipTestCase.files(dir).stream().map(file -> DynamicTest.dynamicTest(dir + "/" + file.getFileName(), file.toUri(),
                () -> body.run(ZipTestCase.read(file))));
    }

    private interface ThrowingTest {
        void run(ZipTestCase t) throws Exception;
    }

    private Path newDir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    /** Either the operation fails with an error containing wantErr, or it succeeds and then the hash is checked. */
    private static boolean expectOutcome(ZipTestCase t, ThrowingOp op) throws Exception {
        try {
            op.run();
        } catch (ZipCheckException e) {
            if (t.wantErr().isEmpty()) fail("unexpected error: " + e.getMessage(), e);
            assertThat(e.getMessage()).contains(t.wantErr());
            return false;
        }
        if (!t.wantErr().isEmpty()) fail("unexpected success; want error containing " + t.wantErr());
        return true;
    }

    private interface ThrowingOp {
        void run() throws Exception;
    }

    @TestFactory
    Stream<DynamicTest> create() {
        return each("create", t -> {
            Path zip = tmp.resolve(t.name() + ".zip");
            if (expectOutcome(t, () -> ModuleZip.create(t.module(), ZipTestCase.moduleFiles(t.files()), zip))) {
                assertThat(DirHash.hashZip(zip)).isEqualTo(t.hash());
                // What create writes, unzip and checkZip accept, and the extracted tree hashes the same.
                ModuleZip.checkZip(t.module(), zip);
                Path out = tmp.resolve(t.name() + ".out");
                ModuleZip.unzip(t.module(), zip, out);
                assertThat(DirHash.hashDir(out, t.path() + "@" + t.version())).isEqualTo(t.hash());
            } else {
                assertThat(zip).doesNotExist();
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> createFromDir() {
        return each("create_from_dir", t -> {
            Path dir = newDir(t.name());
            ZipTestCase.writeTree(t.files(), dir);
            Path zip = tmp.resolve(t.name() + ".zip");
            if (expectOutcome(t, () -> ModuleZip.createFromDir(t.module(), dir, zip))) {
                assertThat(DirHash.hashZip(zip)).isEqualTo(t.hash());
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> unzip() {
        return each("unzip", t -> {
            Path zip = tmp.resolve(t.name() + ".zip");
            ZipTestCase.writeZip(t.files(), zip);
            Path dir = tmp.resolve(t.name());
            if (expectOutcome(t, () -> ModuleZip.unzip(t.module(), zip, dir))) {
                assertThat(DirHash.hashDir(dir, t.path() + "@" + t.version() + "/")).isEqualTo(t.hash());
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> checkFiles() {
        return each("check_files", t -> {
            CheckedFiles cf;
            try {
                cf = ModuleZip.checkFiles(ZipTestCase.moduleFiles(t.files()));
            } catch (ZipCheckException e) {
                cf = e.checkedFiles();
                assertThat(e.getMessage()).isEqualTo(cf.error().orElseThrow());
            }
            assertThat(ZipTestCase.format(cf)).isEqualTo(t.want());
            assertInvalidFilesAreTheError(cf);
        });
    }

    @TestFactory
    Stream<DynamicTest> checkDir() {
        return each("check_dir", t -> {
            Path dir = newDir(t.name());
            ZipTestCase.writeTree(t.files(), dir);
            CheckedFiles cf;
            try {
                cf = ModuleZip.checkDir(dir);
            } catch (ZipCheckException e) {
                cf = e.checkedFiles();
                assertThat(e.getMessage()).isEqualTo(cf.error().orElseThrow());
            }
            assertThat(ZipTestCase.format(cf).replace(dir.toString(), "$work")).isEqualTo(t.want());
            assertInvalidFilesAreTheError(cf);
        });
    }

    @TestFactory
    Stream<DynamicTest> checkZip() {
        return each("check_zip", t -> {
            Path zip = tmp.resolve(t.name() + ".zip");
            ZipTestCase.writeZip(t.files(), zip);
            CheckedFiles cf;
            try {
                cf = ModuleZip.checkZip(t.module(), zip);
            } catch (ZipCheckException e) {
                cf = e.checkedFiles();
                assertThat(e.getMessage()).isEqualTo(cf.error().orElseThrow());
            }
            assertThat(ZipTestCase.format(cf)).isEqualTo(t.want());
            assertInvalidFilesAreTheError(cf);
        });
    }

    /** "Check that the error (if any) is just a list of invalid files" (SizeError is not covered by these tests). */
    private static void assertInvalidFilesAreTheError(CheckedFiles cf) {
        assertThat(cf.sizeError()).isNull();
        if (cf.invalid().isEmpty()) {
            assertThat(cf.error()).isEmpty();
        } else {
            assertThat(cf.error()).contains(String.join("\n", cf.invalid().stream().map(Object::toString).toList()));
        }
    }

    /** All 54 files of x/mod's zip testdata are here and run by the factories above. */
    @Test
    void everyVectorIsRun() throws IOException {
        Path root = ZipTestCase.files("create").get(0).getParent().getParent();
        try (Stream<Path> dirs = Files.list(root)) {
            assertThat(dirs.map(d -> d.getFileName().toString()))
                    .containsExactlyInAnyOrder("create", "create_from_dir", "unzip", "check_files", "check_dir", "check_zip");
        }
        int total = Stream.of("create", "create_from_dir", "unzip", "check_files", "check_dir", "check_zip")
                .mapToInt(d -> ZipTestCase.files(d).size()).sum();
        assertThat(total).isEqualTo(54);
    }
}
