package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping modgate lets in-flight downloads finish, then refuses new connections. */
class GracefulShutdownTest {
    @TempDir Path tmp;

    @Test
    void inFlightDownloadsFinishBeforeExit() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        try (StaticHttpServer up = new StaticHttpServer(tree.root())) {
            up.delay(Duration.ofMillis(1500));
            TestModgate m = new TestModgate(tmp.resolve("data"), up.url());
            CompletableFuture<HttpResponse<byte[]>> download = CompletableFuture.supplyAsync(() -> {
                try {
                    return m.get("/rsc.io/quote/@v/v1.5.2.zip");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            while (up.totalHits() == 0) Thread.sleep(20); // the download has reached the upstream
            String health = m.url() + "/healthz";
            m.close();
            HttpResponse<byte[]> r = download.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isNotEmpty();
            assertThatThrownBy(() -> java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(health)).build(), java.net.http.HttpResponse.BodyHandlers.discarding())).as("no new connections after stop").isInstanceOf(java.io.IOException.class);
        }
    }
}
