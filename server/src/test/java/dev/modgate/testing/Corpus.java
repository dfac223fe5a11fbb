package dev.modgate.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the test data from the Go project lives (copied into core's test resources, see its NOTICE). */
public final class Corpus {
    private Corpus() {}

    /** cmd/go's test-proxy module archives (cmd/go/testdata/mod), with _expected_go.sum. */
    public static Path cmdGoModules() {
        Path inRepo = Path.of("..", "core", "src", "test", "resources", "vectors", "cmdgo_testdata_mod").toAbsolutePath().normalize();
        if (Files.isDirectory(inRepo)) return inRepo;
        String shared = System.getenv("MODGATE_SHARED");
        Path p = Path.of(shared == null ? "../../shared" : shared, "vectors", "cmdgo_testdata_mod").toAbsolutePath().normalize();
        if (Files.isDirectory(p)) return p;
        throw new IllegalStateException("test corpus not found at " + inRepo + " or " + p);
    }
}
