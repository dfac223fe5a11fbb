package dev.modgate.bench.jmh;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.CaseEncoding;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.http.ProxyRequest;
import dev.modgate.http.RequestParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot core code: h1 hashing, module zip checking and creation, request path decoding. The module is a
 * realistic 1 MB (uncompressed) source tree of 100 files; the zip is what ModuleZip.create writes for it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CoreBench {
    private static final ModuleVersion MV = new ModuleVersion("github.com/example/project", "v1.2.3");

    private Path dir;
    private Path zip;
    private List<ModuleFile> files;
    private byte[] goMod;

    @Setup(Level.Trial) public void setUp() throws IOException {
        dir = Files.createTempDirectory("modgate-jmh");
        SplittableRandom r = new SplittableRandom(7);
        files = new ArrayList<>();
        goMod = "module github.com/example/project\n\ngo 1.21\n\nrequire golang.org/x/mod v0.14.0\n".getBytes(StandardCharsets.UTF_8);
        files.add(ModuleFile.of("go.mod", goMod));
        for (int i = 0; i < 99; i++) {
            StringBuilder b = new StringBuilder("package p").append(i % 10).append("\n\n");
            while (b.length() < 10_000) b.append("// line ").append(r.nextInt()).append(" of generated source text\nvar v").append(b.length()).append(" = 1\n");
            files.add(ModuleFile.of("p" + (i % 10) + "/f" + i + ".go", b.toString().getBytes(StandardCharsets.UTF_8)));
        }
        zip = dir.resolve("m.zip");
        ModuleZip.create(MV, files, zip);
    }

    @TearDown(Level.Trial) public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** h1: of a module zip, as computed on ingest. */
    @Benchmark public String h1HashZip() throws IOException {
        return DirHash.hashZip(zip);
    }

    /** h1: of a go.mod (the go.sum "/go.mod" line). */
    @Benchmark public String h1HashGoMod() {
        return DirHash.hashGoMod(goMod);
    }

    /** The module zip check run on every zip before it is stored. */
    @Benchmark public Object zipCheck() throws IOException {
        return ModuleZip.checkZip(MV, zip);
    }

    /** Creating the module zip of 100 files (deflate dominates). */
    @Benchmark public void zipCreate() throws IOException {
        ModuleZip.create(MV, files, OutputStream.nullOutputStream());
    }

    /** Case-decoding a module path with upper-case letters. */
    @Benchmark @OutputTimeUnit(TimeUnit.NANOSECONDS) public String decodePath() {
        return CaseEncoding.unescapePath("github.com/!azure/azure-sdk-for-go/sdk/resourcemanager/!compute/armcompute/v5");
    }

    /** The whole request path check every request goes through (percent-decoding, case-decoding, path rules). */
    @Benchmark @OutputTimeUnit(TimeUnit.NANOSECONDS) public ProxyRequest parseRequest() throws Exception {
        return RequestParser.parse("/github.com/!azure/azure-sdk-for-go/sdk/resourcemanager/!compute/armcompute/v5/@v/v5.4.0.zip");
    }
}
