package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.dirhash.DirHash;
import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP semantics the go command and caches rely on, and the pull-through rules, against real loopback upstreams. */
class ProxyBehaviourTest {
    static final Set<String> MODULES = Set.of("rsc.io/quote", "rsc.io/sampler", "golang.org/x/text", "rsc.io/badzip", "rsc.io/QUOTE");
    @TempDir Path tmp;
    GoproxyTree tree;

    @BeforeEach void tree() throws Exception {
        tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> MODULES.contains(mv.path()));
    }

    static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    static String header(HttpResponse<byte[]> r, String name) { return r.headers().firstValue(name).orElse(null); }

    @Test
    void headersContentTypesAndConditionalRequests() throws Exception {
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(tmp.resolve("data"), up.url())) {
            var info = m.get("/rsc.io/quote/@v/v1.5.2.info");
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(header(info, "content-type")).isEqualTo("application/json");
            assertThat(header(info, "cache-control")).contains("immutable");
            assertThat(header(info, "x-modgate-cache")).isEqualTo("MISS");
            assertThat(text(info)).contains("\"Version\":\"v1.5.2\"");

            var mod = m.get("/rsc.io/quote/@v/v1.5.2.mod");
            assertThat(header(mod, "content-type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(mod.body()).isEqualTo(Files.readAllBytes(tree.root().resolve("rsc.io/quote/@v/v1.5.2.mod")));

            var zip = m.get("/rsc.io/quote/@v/v1.5.2.zip");
            assertThat(header(zip, "content-type")).isEqualTo("application/zip");
            assertThat(header(zip, "content-length")).isEqualTo(String.valueOf(zip.body().length));
            assertThat(zip.body()).isEqualTo(Files.readAllBytes(tree.root().resolve("rsc.io/quote/@v/v1.5.2.zip")));
            assertThat(header(zip, "x-modgate-cache")).isEqualTo("MISS");
            // The miss, the first hit (looked up in the store) and later hits (from memory) are one entity.
            for (int i = 0; i < 3; i++) {
                var again = m.get("/rsc.io/quote/@v/v1.5.2.zip");
                assertThat(header(again, "x-modgate-cache")).isEqualTo("HIT");
                assertThat(header(again, "etag")).isEqualTo(header(zip, "etag"));
                assertThat(again.body()).isEqualTo(zip.body());
                var infoAgain = m.get("/rsc.io/quote/@v/v1.5.2.info");
                assertThat(header(infoAgain, "etag")).isEqualTo(header(info, "etag"));
                assertThat(infoAgain.body()).isEqualTo(info.body());
            }

            String etag = header(zip, "etag");
            assertThat(etag).isNotBlank();
            var notModified = m.send(HttpRequest.newBuilder(URI.create(m.url() + "/rsc.io/quote/@v/v1.5.2.zip")).header("If-None-Match", etag).build());
            assertThat(notModified.statusCode()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();

            var range = m.send(HttpRequest.newBuilder(URI.create(m.url() + "/rsc.io/quote/@v/v1.5.2.zip")).header("Range", "bytes=10-19").build());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(header(range, "content-range")).isEqualTo("bytes 10-19/" + zip.body().length);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(zip.body(), 10, 20));
            var suffix = m.send(HttpRequest.newBuilder(URI.create(m.url() + "/rsc.io/quote/@v/v1.5.2.zip")).header("Range", "bytes=-5").build());
            assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(zip.body(), zip.body().length - 5, zip.body().length));
            var unsat = m.send(HttpRequest.newBuilder(URI.create(m.url() + "/rsc.io/quote/@v/v1.5.2.zip")).header("Range", "bytes=99999999-").build());
            assertThat(unsat.statusCode()).isEqualTo(416);

            var head = m.send(HttpRequest.newBuilder(URI.create(m.url() + "/rsc.io/quote/@v/v1.5.2.zip")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(header(head, "content-length")).isEqualTo(String.valueOf(zip.body().length));

            var post = m.send(HttpRequest.newBuilder(URI.create(m.url() + "/rsc.io/quote/@v/list")).POST(HttpRequest.BodyPublishers.ofString("x")).build());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(header(post, "allow")).isEqualTo("GET, HEAD");

            var list = m.get("/rsc.io/quote/@v/list");
            assertThat(header(list, "content-type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(header(list, "cache-control")).isEqualTo("public, max-age=60");
            assertThat(text(list).lines().toList()).contains("v1.5.2", "v1.0.0").noneMatch(v -> v.contains("-2018"));

            var latest = m.get("/rsc.io/quote/@latest");
            assertThat(latest.statusCode()).isEqualTo(404); // the tree has no @latest: the go command falls back to the list

            var health = m.get("/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void caseEncodedPathsAreServedAndStoredEncoded() throws Exception {
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(tmp.resolve("data"), up.url())) {
            var r = m.get("/rsc.io/!q!u!o!t!e/@v/v1.5.3-!p!r!e.info");
            assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
            assertThat(text(r)).contains("v1.5.3-PRE");
            // The go command percent-encodes "!" in its requests.
            assertThat(m.get("/rsc.io/%21q%21u%21o%21t%21e/@v/v1.5.2.mod").statusCode()).isEqualTo(200);
            assertThat(tmp.resolve("data/rsc.io/!q!u!o!t!e/@v/v1.5.3-!p!r!e.info")).isRegularFile();
        }
    }

    @Test
    void queriesAreResolvedUpstreamAndNeverStoredUnderTheQueryName() throws Exception {
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(tmp.resolve("data"), up.url())) {
            // A static tree has no answer for a branch name: 404 passes through with the upstream's reason.
            var r = m.get("/rsc.io/quote/@v/master.info");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(text(r)).contains("rsc.io/quote@master").contains(up.url());
            assertThat(tmp.resolve("data/rsc.io/quote/@v/master.info")).doesNotExist();
            // A non-canonical version is a query too.
            Files.copy(tree.root().resolve("rsc.io/quote/@v/v1.5.2.info"), tree.root().resolve("rsc.io/quote/@v/v1.5.info"));
            var q = m.get("/rsc.io/quote/@v/v1.5.info");
            assertThat(q.statusCode()).isEqualTo(200);
            assertThat(header(q, "cache-control")).isEqualTo("public, max-age=60");
            assertThat(tmp.resolve("data/rsc.io/quote/@v/v1.5.info")).doesNotExist();
            assertThat(tmp.resolve("data/rsc.io/quote/@v/v1.5.2.info")).as("the resolved canonical .info is kept").isRegularFile();
        }
    }

    @Test
    void upstreamThatLiesAboutTheVersionIsRefusedAndNothingIsStored() throws Exception {
        Path info = tree.root().resolve("rsc.io/quote/@v/v1.5.1.info");
        Files.writeString(info, "{\"Version\":\"v1.5.2\",\"Time\":\"2018-02-14T15:44:20Z\"}");
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(tmp.resolve("data"), up.url())) {
            var r = m.get("/rsc.io/quote/@v/v1.5.1.info");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(header(r, "cache-control")).isEqualTo("no-store");
            assertThat(text(r)).contains("v1.5.2 instead of requested version v1.5.1");
            assertThat(tmp.resolve("data/rsc.io/quote/@v/v1.5.1.info")).doesNotExist();
        }
    }

    @Test
    void invalidZipIsRefusedAndNeverStored() throws Exception {
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(tmp.resolve("data"), up.url())) {
            var r = m.get("/rsc.io/badzip/@v/v1.0.0.zip");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(text(r)).contains("invalid module zip");
            assertThat(tmp.resolve("data/rsc.io/badzip/@v/v1.0.0.zip")).doesNotExist();
        }
    }

    @Test
    void commaFallsThroughOnlyOnNotFoundAndPipeOnAnyError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (StaticHttpServer good = new StaticHttpServer(tree.root());
             StaticHttpServer missing = new StaticHttpServer(empty);
             StaticHttpServer broken = new StaticHttpServer(empty)) {
            broken.failWith(500);
            try (TestModgate m = new TestModgate(tmp.resolve("d1"), missing.url() + "," + good.url())) {
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.mod").statusCode()).isEqualTo(200);
            }
            int before = good.hits("/rsc.io/quote/@v/v1.5.2.mod");
            try (TestModgate m = new TestModgate(tmp.resolve("d2"), broken.url() + "," + good.url())) {
                var r = m.get("/rsc.io/quote/@v/v1.5.2.mod");
                assertThat(r.statusCode()).isEqualTo(502);
                assertThat(text(r)).contains(broken.url() + ": 500");
                assertThat(good.hits("/rsc.io/quote/@v/v1.5.2.mod")).as("a comma stops at a 500").isEqualTo(before);
            }
            try (TestModgate m = new TestModgate(tmp.resolve("d3"), broken.url() + "|" + good.url())) {
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.mod").statusCode()).isEqualTo(200);
            }
            try (TestModgate m = new TestModgate(tmp.resolve("d4"), missing.url() + ",direct")) {
                // example.net paths are never looked up (as the go command), so "direct" answers without the network.
                var r = m.get("/example.net/nothing/@v/v1.0.0.mod");
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(text(r)).contains(missing.url() + ": 404").contains("direct: ").contains("no modules on example.net");
            }
            try (TestModgate m = new TestModgate(tmp.resolve("d5"), "off")) {
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.mod").statusCode()).isEqualTo(404);
            }
            try (TestModgate m = new TestModgate(tmp.resolve("d6"), "file://" + tree.root())) {
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.zip").statusCode()).isEqualTo(200);
                assertThat(m.get("/rsc.io/quote/@v/v1.9.9.mod").statusCode()).isEqualTo(404);
            }
        }
    }

    @Test
    void listsAndLatestAreServedStaleWhenEveryUpstreamFails() throws Exception {
        Files.writeString(tree.root().resolve("rsc.io/quote/@latest"), "{\"Version\":\"v1.5.2\",\"Time\":\"2018-02-14T15:44:20Z\"}");
        try (StaticHttpServer up = new StaticHttpServer(tree.root())) {
            var cfg = TestModgate.config(tmp.resolve("data"), up.url());
            cfg = cfg.listTtl(Duration.ZERO);
            try (TestModgate m = new TestModgate(cfg, java.util.Map.of())) {
                String fresh = text(m.get("/rsc.io/quote/@v/list"));
                assertThat(m.get("/rsc.io/quote/@latest").statusCode()).isEqualTo(200);
                up.failWith(503);
                var stale = m.get("/rsc.io/quote/@v/list");
                assertThat(stale.statusCode()).isEqualTo(200);
                assertThat(header(stale, "x-modgate-cache")).isEqualTo("STALE");
                assertThat(text(stale)).isEqualTo(fresh);
                var latest = m.get("/rsc.io/quote/@latest");
                assertThat(latest.statusCode()).isEqualTo(200);
                assertThat(header(latest, "x-modgate-cache")).isEqualTo("STALE");
                // Right after a failure, stale answers come at once, without asking the failing upstream again.
                int asked = up.totalHits();
                assertThat(header(m.get("/rsc.io/quote/@v/list"), "x-modgate-cache")).isEqualTo("STALE");
                assertThat(up.totalHits()).isEqualTo(asked);
                // Nothing cached for this one: the failure is reported, with no caching of the error.
                var none = m.get("/rsc.io/sampler/@v/list");
                assertThat(none.statusCode()).isEqualTo(502);
                assertThat(header(none, "cache-control")).isEqualTo("no-store");
            }
        }
    }

    /**
     * The upstream loses a module (404) that modgate has versions of: the list keeps them, and @latest stays 404,
     * which tells the go command to take latest from the list (modload asks @latest only when the list has no
     * release or pre-release; proxy.go falls back to the list on a 404). The go command's answer is the list's.
     */
    @Test
    void aModuleTheUpstreamLostIsResolvedFromTheStoredList() throws Exception {
        try (StaticHttpServer up = new StaticHttpServer(tree.root())) {
            var cfg = TestModgate.config(tmp.resolve("data"), up.url()).listTtl(Duration.ZERO);
            try (TestModgate m = new TestModgate(cfg, java.util.Map.of())) {
                for (String v : List.of("v1.5.1", "v1.5.2")) {
                    for (String ext : List.of("info", "mod", "zip")) assertThat(m.get("/rsc.io/quote/@v/" + v + "." + ext).statusCode()).isEqualTo(200);
                }
                try (var files = Files.walk(tree.root().resolve("rsc.io/quote"))) {
                    for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
                }
                var list = m.get("/rsc.io/quote/@v/list");
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(text(list)).isEqualTo("v1.5.1\nv1.5.2\n");
                assertThat(m.get("/rsc.io/quote/@latest").statusCode()).isEqualTo(404);

                GoTool go = new GoTool(tmp.resolve("gohome")).freshModCache("lost").set("GOPROXY", m.url());
                GoTool.Result r = go.run(Files.createDirectories(tmp.resolve("nomodule")), "mod", "download", "-json", "rsc.io/quote@latest");
                assertThat(r.exit()).as(r.all()).isZero();
                assertThat(r.stdout()).contains("\"Version\": \"v1.5.2\"");
            }
        }
    }

    @Test
    void aStalledUpstreamGivesGatewayTimeout() throws Exception {
        try (StaticHttpServer up = new StaticHttpServer(tree.root())) {
            up.delay(Duration.ofSeconds(5));
            var cfg = TestModgate.config(tmp.resolve("data"), up.url());
            cfg = cfg.readTimeout(Duration.ofMillis(500));
            try (TestModgate m = new TestModgate(cfg, java.util.Map.of())) {
                var r = m.get("/rsc.io/quote/@v/v1.5.2.zip");
                assertThat(r.statusCode()).isEqualTo(504);
                assertThat(text(r)).contains("timed out");
            }
        }
    }

    @Test
    void twoProcessesSharingOneDataDirectoryStoreWholeFiles() throws Exception {
        Path data = tmp.resolve("shared-data");
        try (StaticHttpServer up = new StaticHttpServer(tree.root());
             TestModgate a = new TestModgate(data, up.url());
             TestModgate b = new TestModgate(data, up.url())) {
            var versions = tree.versions().stream()
                    .filter(mv -> mv.path().equals("rsc.io/quote") || mv.path().equals("rsc.io/sampler"))
                    .filter(mv -> dev.modgate.core.module.ModulePath.isCanonicalVersionOf(mv.path(), mv.version()))
                    .toList();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (var mv : versions) {
                    for (TestModgate m : new TestModgate[] {a, b}) {
                        pool.submit(() -> m.get("/" + mv.path() + "/@v/" + mv.version() + ".info"));
                        pool.submit(() -> m.get("/" + mv.path() + "/@v/" + mv.version() + ".mod"));
                        pool.submit(() -> m.get("/" + mv.path() + "/@v/" + mv.version() + ".zip"));
                    }
                }
            }
            for (var mv : versions) {
                Path zip = data.resolve(mv.path()).resolve("@v").resolve(mv.version() + ".zip");
                assertThat(DirHash.hashZip(zip)).isEqualTo(DirHash.hashZip(tree.root().resolve(mv.path()).resolve("@v").resolve(mv.version() + ".zip")));
            }
            String list = Files.readString(data.resolve("rsc.io/quote/@v/list"));
            assertThat(list.lines().count()).as(list).isEqualTo(versions.stream().filter(mv -> mv.path().equals("rsc.io/quote") && !dev.modgate.core.module.PseudoVersion.isPseudo(mv.version())).count());
            try (Stream<Path> s = Files.walk(data.resolve(".modgate/tmp"))) {
                assertThat(s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".alive")).toList())
                        .as("no temporary files left").isEmpty();
            }
        }
    }
}
