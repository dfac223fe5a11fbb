package dev.modgate.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.auth.Credentials;
import dev.modgate.config.DirectConfig;
import dev.modgate.net.Outbound;
import dev.modgate.testing.StaticHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What RepoFinder remembers: a found repository and a go-import page are reused for the TTL, then asked again. */
class RepoFinderTest {
    @TempDir Path pages;
    private StaticHttpServer server;
    private Outbound outbound;
    private String module;

    @BeforeEach
    void servePage() throws Exception {
        server = new StaticHttpServer(pages);
        module = "127.0.0.1:" + server.port() + "/mod";
        Files.writeString(pages.resolve("mod"), "<meta name=\"go-import\" content=\"" + module + " git https://git.example/mod.git\">");
        outbound = new Outbound(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 8, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        outbound.close();
        server.close();
    }

    /** A loopback page over plain http: the module is private (no address checks) and insecure (http allowed). */
    private RepoFinder finder(Duration ttl) {
        String pattern = "127.0.0.1:" + server.port();
        DirectConfig config = DirectConfig.builder().privateModules(pattern).insecure(pattern).build();
        return new RepoFinder(config, outbound, Credentials.NONE, (url, priv) -> false, ttl);
    }

    @Test
    void aFoundRepositoryIsReusedWithinTheTtl() throws Exception {
        RepoFinder finder = finder(Duration.ofHours(1));
        FoundRepo first = finder.find(module);
        assertThat(first.url()).isEqualTo("https://git.example/mod.git");
        assertThat(finder.find(module)).isEqualTo(first);
        assertThat(server.hits("/mod")).as("one page fetch for both lookups").isEqualTo(1);
    }

    @Test
    void pastTheTtlThePageIsAskedAgain() throws Exception {
        RepoFinder finder = finder(Duration.ofMillis(300));
        finder.find(module);
        assertThat(server.hits("/mod")).isEqualTo(1);
        Thread.sleep(500);
        Files.writeString(pages.resolve("mod"), "<meta name=\"go-import\" content=\"" + module + " git https://git.example/moved.git\">");
        assertThat(finder.find(module).url()).as("the page as it is now").isEqualTo("https://git.example/moved.git");
        assertThat(server.hits("/mod")).isEqualTo(2);
    }
}
