package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** N concurrent requests for one uncached artifact cause exactly one upstream fetch; all get the same bytes. */
class SingleFlightTest {
    @TempDir Path tmp;

    @Test
    void sixtyFourConcurrentRequestsForOneUncachedZipReachTheUpstreamOnce() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        try (StaticHttpServer upstream = new StaticHttpServer(tree.root());
             TestModgate modgate = new TestModgate(tmp.resolve("data"), upstream.url())) {
            upstream.delay(Duration.ofMillis(500)); // keep the first fetch in flight while the others arrive
            String path = "/rsc.io/quote/@v/v1.5.2.zip";
            int n = 64;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return modgate.get(path);
                    }));
                }
                go.countDown();
                byte[] first = null;
                for (Future<HttpResponse<byte[]>> f : results) {
                    HttpResponse<byte[]> r = f.get();
                    assertThat(r.statusCode()).isEqualTo(200);
                    if (first == null) first = r.body();
                    assertThat(r.body()).isEqualTo(first);
                }
            }
            assertThat(upstream.hits(path)).as("upstream requests for the zip").isEqualTo(1);
            assertThat(modgate.server().pipeline().upstreamFetches()).isEqualTo(1);
        }
    }
}
