package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.testing.Corpus;
import dev.modgate.testing.ForwardProxy;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import dev.modgate.testing.TestSumDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstreams reachable only through an HTTP proxy given in HTTP_PROXY, as in corporate networks. */
class OutboundProxyTest {
    @TempDir Path tmp;

    @Test
    void upstreamTrafficGoesThroughHttpProxyWithCredentials() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        String auth = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); ForwardProxy proxy = new ForwardProxy(auth)) {
            // upstream.invalid does not resolve: only the proxy can reach it.
            String upstream = "http://upstream.invalid:" + up.port();
            String proxyUrl = proxy.url().replace("http://", "http://alice:s3cret@");
            try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), upstream), Map.of("HTTP_PROXY", proxyUrl))) {
                var r = m.get("/rsc.io/quote/@v/v1.5.2.mod");
                assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
                assertThat(proxy.seen()).contains(upstream + "/rsc.io/quote/@v/v1.5.2.mod");
            }
            try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data2"), upstream),
                    Map.of("HTTP_PROXY", proxyUrl, "NO_PROXY", "upstream.invalid"))) {
                var r = m.get("/rsc.io/quote/@v/v1.5.2.mod");
                assertThat(r.statusCode()).as("NO_PROXY bypasses the proxy, and the host does not resolve").isEqualTo(502);
            }
        }
    }

    @Test
    void checksumDatabaseTrafficGoesThroughTheProxyToo() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); ForwardProxy proxy = new ForwardProxy(null);
             TestSumDb db = new TestSumDb("sumdb.invalid")) {
            db.addFromTree(tree.root(), tree.versions());
            String upstream = "http://upstream.invalid:" + up.port();
            String sumdb = "http://sumdb.invalid:" + db.url().substring(db.url().lastIndexOf(':') + 1);
            var cfg = TestModgate.config(tmp.resolve("data"), upstream)
                    .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(db.key() + " " + sumdb)).build());
            try (TestModgate m = new TestModgate(cfg, Map.of("HTTP_PROXY", proxy.url()))) {
                var r = m.get("/rsc.io/quote/@v/v1.5.2.zip");
                assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
                assertThat(proxy.seen()).contains(sumdb + "/lookup/rsc.io/quote@v1.5.2");
            }
        }
    }
}
