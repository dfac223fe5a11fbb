package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.testing.HostileZips;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upstream serving zip bombs, escaping names and duplicates: modgate answers 502 with the go command's reason
 * on one line, in bounded time, and stores nothing, so the next request asks upstream again rather than serving it.
 */
class HostileZipIngestTest {
    @TempDir static Path tmp;
    static Path data;
    static StaticHttpServer upstream;
    static TestModgate modgate;

    static ModuleVersion module(HostileZips.Case c) {
        return new ModuleVersion("example.com/hostile/" + c.name().toLowerCase(java.util.Locale.ROOT), "v1.0.0");
    }

    @BeforeAll static void start() throws Exception {
        Path tree = tmp.resolve("tree");
        for (HostileZips.Case c : HostileZips.all()) {
            Path dir = Files.createDirectories(tree.resolve(module(c).path()).resolve("@v"));
            c.write(module(c), dir.resolve("v1.0.0.zip"));
        }
        upstream = new StaticHttpServer(tree);
        data = tmp.resolve("data");
        modgate = new TestModgate(data, upstream.url());
    }

    @AfterAll static void stop() throws Exception {
        if (modgate != null) modgate.close();
        if (upstream != null) upstream.close();
    }

    static List<HostileZips.Case> cases() {
        return HostileZips.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWith502AndNothingStored(HostileZips.Case c) throws Exception {
        ModuleVersion mv = module(c);
        String url = "/" + mv.path() + "/@v/v1.0.0.zip";
        Instant start = Instant.now();
        var r = modgate.get(url);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(502);
        assertThat(body).contains("sent an invalid module zip: " + c.reason(mv));
        assertThat(body.lines().filter(l -> l.contains(c.reason(mv)))).as("the reason is one line").hasSize(1);

        assertThat(data.resolve(mv.path())).doesNotExist();
        try (Stream<Path> s = Files.walk(data.resolve(".modgate/tmp"))) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".alive"))).as("no temporary file left").isEmpty();
        }
        // Not cached as an answer either: the upstream is asked again.
        int before = upstream.hits(url);
        assertThat(modgate.get(url).statusCode()).isEqualTo(502);
        assertThat(upstream.hits(url)).isEqualTo(before + 1);
    }
}
