package dev.modgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipCommandTest {
    @TempDir Path tmp;

    private Path tree(Map<String, String> files) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        for (var e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        return dir;
    }

    private static List<String> names(Path zip) throws Exception {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream().map(ZipEntry::getName).toList();
        }
    }

    private static Cli.Result zip(String module, String version, Path out, Path dir) {
        return Cli.run("zip", "--module", module, "--version", version, "-o", out.toString(), dir.toString());
    }

    @Test
    void writesTheZipAndPrintsItsGoSumLines() throws Exception {
        String goMod = "module example.com/m\n\ngo 1.19\n";
        Path dir = tree(Map.of("go.mod", goMod, "m.go", "package m\n", "vendor/modules.txt", "# x\n", "vendor/x/x.go", "package x\n",
                "sub/go.mod", "module example.com/m/sub\n", "sub/s.go", "package sub\n", ".hg/store", "x"));
        Files.createSymbolicLink(dir.resolve("link.go"), Path.of("m.go"));
        Path out = tmp.resolve("m.zip");

        Cli.Result r = zip("example.com/m", "v1.0.0", out, dir);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(names(out)).containsExactly("example.com/m@v1.0.0/go.mod", "example.com/m@v1.0.0/m.go", "example.com/m@v1.0.0/vendor/modules.txt");
        assertThat(r.outLines()).containsExactly(
                "example.com/m v1.0.0 " + DirHash.hashZip(out),
                "example.com/m v1.0.0/go.mod " + DirHash.hashGoMod(goMod.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.errLines()).containsExactly("modgate: wrote " + out);
    }

    /** From go 1.24 on the root go.mod's go line also leaves vendor/modules.txt out (and fixes the nested vendor rule). */
    @Test
    void theGoDirectiveChoosesTheVendorRule() throws Exception {
        Path dir = tree(Map.of("go.mod", "module example.com/m\n\ngo 1.24\n", "vendor/modules.txt", "# x\n", "pkg/vendor/v.go", "package vendor\n"));
        Path out = tmp.resolve("m.zip");
        assertThat(zip("example.com/m", "v1.0.0", out, dir).exit()).isZero();
        assertThat(names(out)).containsExactly("example.com/m@v1.0.0/go.mod", "example.com/m@v1.0.0/pkg/vendor/v.go");

        Files.writeString(dir.resolve("go.mod"), "module example.com/m\n\ngo 1.23\n");
        assertThat(zip("example.com/m", "v1.0.0", out, dir).exit()).isZero();
        assertThat(names(out)).containsExactly("example.com/m@v1.0.0/go.mod", "example.com/m@v1.0.0/vendor/modules.txt");
    }

    @Test
    void withoutGoModTheGoModLineHashesTheSynthesizedOne() throws Exception {
        Path dir = tree(Map.of("legacy.go", "package legacy\n"));
        Cli.Result r = zip("example.com/legacy", "v1.2.3", tmp.resolve("l.zip"), dir);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines().get(1)).isEqualTo("example.com/legacy v1.2.3/go.mod " + DirHash.hashGoMod("module example.com/legacy\n".getBytes(StandardCharsets.UTF_8)));
    }

    /** Zipping into the module's own directory twice must not put the first zip into the second. */
    @Test
    void theOutputIsLeftOutWhenInsideDir() throws Exception {
        Path dir = tree(Map.of("go.mod", "module example.com/m\n", "m.go", "package m\n"));
        Path out = dir.resolve("m.zip");
        Cli.Result first = zip("example.com/m", "v1.0.0", out, dir);
        Cli.Result second = zip("example.com/m", "v1.0.0", out, dir);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(names(out)).containsExactly("example.com/m@v1.0.0/go.mod", "example.com/m@v1.0.0/m.go");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temporary files left").containsExactlyInAnyOrder("go.mod", "m.go", "m.zip");
        }
    }

    @Test
    void theDefaultOutputIsNamedAfterTheModuleInTheCurrentDirectory() throws Exception {
        Path dir = tree(Map.of("go.mod", "module example.com/Foo/bar/v2\n", "m.go", "package m\n"));
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Cli.Result r = Cli.runProcess(cwd, List.of(), "zip", "--module", "example.com/Foo/bar/v2", "--version", "v2.0.0-RC.1", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path out = cwd.resolve("example.com_!foo_bar_v2@v2.0.0-!r!c.1.zip");
        assertThat(out).exists();
        assertThat(ModuleSums.defaultZipName(new ModuleVersion("example.com/Foo/bar/v2", "v2.0.0-RC.1"))).isEqualTo(out.getFileName().toString());
        assertThat(r.outLines().get(0)).isEqualTo("example.com/Foo/bar/v2 v2.0.0-RC.1 " + DirHash.hashZip(out));
    }

    @Test
    void aFileTheGoCommandRejectsFailsWithItsRuleAndWritesNothing() throws Exception {
        Path dir = tree(Map.of("go.mod", "module example.com/m\n", "bad'name.go", "package m\n"));
        Path out = tmp.resolve("m.zip");
        Cli.Result r = zip("example.com/m", "v1.0.0", out, dir);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("modgate: create zip: bad'name.go: malformed file path \"bad'name.go\": invalid char '\\''");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("src");
        }
    }

    @Test
    void aFailureKeepsAnExistingOutput() throws Exception {
        Path dir = tree(Map.of("go.mod", "module example.com/m\n", "m.go", "package m\n"));
        Path out = tmp.resolve("m.zip");
        assertThat(zip("example.com/m", "v1.0.0", out, dir).exit()).isZero();
        byte[] before = Files.readAllBytes(out);
        Files.writeString(dir.resolve("M.go"), "package m\n");
        Cli.Result r = zip("example.com/m", "v1.0.0", out, dir);
        assertThat(r.errLines()).containsExactly("modgate: create zip: m.go: case-insensitive file name collision: \"M.go\" and \"m.go\"");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
    }

    @Test
    void badModulesVersionsAndDirectories() throws Exception {
        Path dir = tree(Map.of("go.mod", "module example.com/m\n"));
        Path out = tmp.resolve("x.zip");
        assertThat(zip("example.com/m", "v1.0", out, dir).errLines()).containsExactly("modgate: create zip: version \"v1.0\" is not canonical (should be \"v1.0.0\")");
        assertThat(zip("example.com/m/v2", "v1.0.0", out, dir).errLines())
                .containsExactly("modgate: create zip: example.com/m/v2@v1.0.0: invalid version: should be v2, not v1");
        assertThat(zip("example.com/m", "v1.0.0", out, tmp.resolve("nowhere")).errLines()).containsExactly("modgate: " + tmp.resolve("nowhere") + " is not a directory");
        assertThat(Cli.run("zip", "--module", "notapath", "--version", "v1.0.0", dir.toString()).errLines())
                .containsExactly("modgate: malformed module path \"notapath\": missing dot in first path element");
        assertThat(out).doesNotExist();
        assertThat(zip("example.com/m", "v1.0.0", tmp, dir).errLines()).containsExactly("modgate: cannot write " + tmp + ": it is a directory");
        assertThat(zip("example.com/m", "v1.0.0", tmp.resolve("no/such/x.zip"), dir).errLines())
                .containsExactly("modgate: cannot write " + tmp.resolve("no/such/x.zip") + ": " + tmp.resolve("no/such") + " is not a directory");
        Cli.Result usage = Cli.run("zip", "--module", "example.com/m", dir.toString());
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).startsWith("Missing required option: '--version=VERSION'");
    }

    @Test
    void warnsWhenGoModNamesAnotherModule() throws Exception {
        Path dir = tree(Map.of("go.mod", "module example.com/other\n"));
        Path out = tmp.resolve("m.zip");
        Cli.Result r = zip("example.com/m", "v1.0.0", out, dir);
        assertThat(r.exit()).isZero();
        assertThat(r.errLines().get(0)).isEqualTo("modgate: warning: " + dir.resolve("go.mod")
                + " declares module \"example.com/other\", not example.com/m; the go command will refuse example.com/m@v1.0.0 unless it is used through a replace directive");
    }

    @Test
    void help() {
        Cli.Result r = Cli.run("zip", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: modgate zip", "--module=PATH", "--version=VERSION", "-o, --output=OUT.zip",
                "example.com_!foo_bar@v1.0.0.zip", "vendor/modules.txt");
        assertThat(Cli.run("--help").out()).contains("zip", "sum");
    }
}
