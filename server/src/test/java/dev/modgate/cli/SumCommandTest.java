package dev.modgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.testing.Cli;
import dev.modgate.testing.HostileZip;
import dev.modgate.testing.HostileZips;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SumCommandTest {
    static final ModuleVersion M = new ModuleVersion("example.com/m", "v1.0.0");
    static final String GO_MOD = "module example.com/m\n\ngo 1.19\n";

    @TempDir Path tmp;

    private Path moduleDir() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(dir.resolve("go.mod"), GO_MOD);
        Files.writeString(dir.resolve("m.go"), "package m\n");
        Files.createDirectories(dir.resolve("vendor/x"));
        Files.writeString(dir.resolve("vendor/x/x.go"), "package x\n");
        return dir;
    }

    @Test
    void zipAndDirectoryGiveTheSameLines() throws Exception {
        Path dir = moduleDir();
        Path zip = tmp.resolve("m.zip");
        Cli.Result made = Cli.run("zip", "--module", M.path(), "--version", M.version(), "-o", zip.toString(), dir.toString());
        assertThat(made.exit()).as(made.err()).isZero();

        Cli.Result fromZip = Cli.run("sum", zip.toString());
        assertThat(fromZip.exit()).as(fromZip.err()).isZero();
        assertThat(fromZip.outLines()).containsExactly(
                "example.com/m v1.0.0 " + DirHash.hashZip(zip),
                "example.com/m v1.0.0/go.mod " + DirHash.hashGoMod(GO_MOD.getBytes(StandardCharsets.UTF_8)));
        assertThat(made.out()).isEqualTo(fromZip.out());

        Cli.Result fromDir = Cli.run("sum", "--module", M.path(), "--version", M.version(), dir.toString());
        assertThat(fromDir.exit()).as(fromDir.err()).isZero();
        assertThat(fromDir.out()).isEqualTo(fromZip.out());
        assertThat(fromDir.err()).isEmpty();
    }

    @Test
    void aZipWithoutGoModGetsTheSynthesizedOne() throws Exception {
        Path zip = new HostileZip().add("example.com/legacy@v1.2.3/legacy.go", "package legacy\n").write(tmp.resolve("legacy.zip"));
        Cli.Result r = Cli.run("sum", zip.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly(
                "example.com/legacy v1.2.3 " + DirHash.hashZip(zip),
                "example.com/legacy v1.2.3/go.mod " + DirHash.hashGoMod("module example.com/legacy\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givenModuleMustMatchTheEntries() throws Exception {
        Path dir = moduleDir();
        Path zip = tmp.resolve("m.zip");
        assertThat(Cli.run("zip", "--module", M.path(), "--version", M.version(), "-o", zip.toString(), dir.toString()).exit()).isZero();
        Cli.Result r = Cli.run("sum", "--module", "example.com/other", "--version", "v1.0.0", zip.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("modgate: " + zip + ": example.com/m@v1.0.0/go.mod: path does not have prefix \"example.com/other@v1.0.0/\"; "
                + "example.com/m@v1.0.0/m.go: path does not have prefix \"example.com/other@v1.0.0/\"");
    }

    @Test
    void everyTargetIsSummedAndEachFailureIsOneLine() throws Exception {
        Path dir = moduleDir();
        Path good = tmp.resolve("good.zip");
        assertThat(Cli.run("zip", "--module", M.path(), "--version", M.version(), "-o", good.toString(), dir.toString()).exit()).isZero();
        Path notZip = Files.writeString(tmp.resolve("text.zip"), "not a zip");
        Path empty = new HostileZip().write(tmp.resolve("empty.zip"));
        Path badVersion = new HostileZip().add("example.com/m@v1.0/go.mod", "module example.com/m\n").write(tmp.resolve("badversion.zip"));
        Path missing = tmp.resolve("missing.zip");

        Cli.Result r = Cli.run("sum", notZip.toString(), good.toString(), dir.toString(), empty.toString(), missing.toString(), badVersion.toString(), good.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.outLines()).hasSize(4).allMatch(l -> l.startsWith("example.com/m v1.0.0"));
        assertThat(r.errLines()).containsExactly(
                "modgate: " + notZip + ": zip: not a valid zip file",
                "modgate: " + dir + ": is a directory: give --module and --version",
                "modgate: " + empty + ": empty zip: give --module and --version to say which module it is",
                "modgate: " + missing + ": no such file or directory",
                "modgate: " + badVersion + ": version \"v1.0\" is not canonical (should be \"v1.0.0\")");
    }

    @Test
    void moduleAndVersionGoTogether() {
        Cli.Result r = Cli.run("sum", "--module", "example.com/m", "x.zip");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("--module and --version must be given together").contains("Usage: modgate sum");
    }

    static List<HostileZips.Case> hostile() {
        return HostileZips.all();
    }

    /** Each refusal names the file and the rule on one line, after reading at most the declared sizes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileZipsAreRefused(HostileZips.Case c) throws Exception {
        Path zip = c.write(M, tmp.resolve(c.name() + ".zip"));
        Instant start = Instant.now();
        Cli.Result r = Cli.run("sum", zip.toString());
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("modgate: " + zip + ": " + c.reason(M));
    }

    /** In a JVM with a 32 MiB heap, so that holding an inflated entry or the zip in memory would fail differently. */
    @Test
    void bombsAreRefusedInBoundedMemory() throws Exception {
        for (HostileZips.Case c : HostileZips.all().subList(0, 3)) {
            Path zip = c.write(M, tmp.resolve(c.name() + ".zip"));
            Cli.Result r = Cli.runProcess(tmp, List.of("-Xmx32m"), "sum", zip.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly("modgate: " + zip + ": " + c.reason(M));
        }
    }

    /** Otherwise the bomb tests would pass for a bomb that is not one. */
    @Test
    void theBombReallyInflatesTo600MiB() throws Exception {
        byte[] bomb = HostileZip.zeros(600);
        assertThat(bomb.length).isLessThan(1 << 20);
        Inflater inf = new Inflater(true);
        inf.setInput(bomb);
        byte[] buf = new byte[1 << 20];
        long total = 0;
        while (!inf.finished()) {
            int n = inf.inflate(buf);
            for (int i = 0; i < n; i += 4096) assertThat(buf[i]).isZero();
            total += n;
            if (n == 0 && inf.needsInput()) break;
        }
        assertThat(inf.finished()).isTrue();
        assertThat(total).isEqualTo(600L << 20);
    }

    @Test
    void aZipFileOverTheLimitIsNotOpened() throws Exception {
        Path zip = tmp.resolve("huge.zip");
        try (RandomAccessFile f = new RandomAccessFile(zip.toFile(), "rw")) {
            f.setLength((500L << 20) + 1); // sparse: no disk space used
        }
        Cli.Result r = Cli.run("sum", "--module", M.path(), "--version", M.version(), zip.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("modgate: " + zip + ": module zip file is too large (524288001 bytes; limit is 524288000 bytes)");
    }

    @Test
    void help() {
        Cli.Result r = Cli.run("sum", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: modgate sum", "--module=PATH", "FILE.zip|DIR", "declared size and CRC");
    }
}
