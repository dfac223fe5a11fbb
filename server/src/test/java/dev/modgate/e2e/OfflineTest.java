package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.SampleApp;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --offline and Disable-Module-Fetch: answers from the data directory only, never a connection out. */
class OfflineTest {
    @TempDir Path tmp;

    @Test
    void theGoCommandBuildsFromAnOfflineModgateAndMissesSayWhy() throws Exception {
        GoTool go = new GoTool(tmp.resolve("home"));
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> SampleApp.MODULES.contains(mv.path()));
        Path data = tmp.resolve("data");
        Path app = SampleApp.write(tmp.resolve("app"));

        try (StaticHttpServer upstream = new StaticHttpServer(tree.root());
             TestModgate online = new TestModgate(data, upstream.url())) {
            go.set("GOPROXY", online.url()).freshModCache("online");
            assertThat(go.run(app, "mod", "download", "all").exit()).isZero();
            // Disable-Module-Fetch: a miss is a 404 that says why, and the upstream is not asked.
            int before = upstream.totalHits();
            var r = online.send(HttpRequest.newBuilder(URI.create(online.url() + "/rsc.io/quote/@v/v1.5.1.zip"))
                    .header("Disable-Module-Fetch", "true").build());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("Disable-Module-Fetch").contains("rsc.io/quote@v1.5.1");
            assertThat(upstream.totalHits()).isEqualTo(before);
        }

        // Every upstream gone; the config still names one, which must never be contacted.
        try (TestModgate offline = new TestModgate(TestModgate.config(data, "http://127.0.0.1:9").offline(true), Map.of())) {
            go.set("GOPROXY", offline.url()).freshModCache("offline");
            GoTool.Result build = go.run(app, "build", "-o", "hello", ".");
            assertThat(build.exit()).as(build.all()).isZero();
            GoTool.Result all = go.run(app, "mod", "download", "all");
            assertThat(all.exit()).as(all.all()).isZero();

            String list = new String(offline.get("/rsc.io/quote/@v/list").body(), StandardCharsets.UTF_8);
            assertThat(list).isEqualTo("v1.5.2\n");
            var latest = offline.get("/rsc.io/sampler/@latest");
            assertThat(latest.statusCode()).isEqualTo(200);
            assertThat(new String(latest.body(), StandardCharsets.UTF_8)).contains("\"Version\":\"v1.3.0\"");
            var prefix = offline.get("/rsc.io/sampler/@v/v1.info");
            assertThat(new String(prefix.body(), StandardCharsets.UTF_8)).contains("\"Version\":\"v1.3.0\"");

            var miss = offline.get("/rsc.io/quote/@v/v1.5.1.info");
            assertThat(miss.statusCode()).isEqualTo(404);
            assertThat(new String(miss.body(), StandardCharsets.UTF_8))
                    .startsWith("not found: modgate is offline (--offline) and has no copy of rsc.io/quote@v1.5.1");
            GoTool.Result get = go.run(app, "get", "rsc.io/quote@v1.5.1");
            assertThat(get.exit()).isNotZero();
            assertThat(get.stderr()).contains("modgate is offline");
        }
    }
}
