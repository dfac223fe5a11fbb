package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.RawHttp;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is answered from memory (stored .info/.mod, merged version lists) stays exactly what the disk says. */
class CachedAnswersTest {
    @TempDir Path tmp;

    @Test
    void aMergedListInMemoryPicksUpAVersionStoredLater() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        Path data = tmp.resolve("data");
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(data, up.url())) {
            assertThat(m.get("/rsc.io/quote/@v/v1.5.1.mod").statusCode()).isEqualTo(200);
            assertThat(m.get("/rsc.io/quote/@v/list").statusCode()).isEqualTo(200);
            // Age the sidecar and the @v directory so that the merged list is kept in memory.
            Path dir = data.resolve("rsc.io/quote/@v");
            FileTime old = FileTime.from(Instant.now().minusSeconds(10));
            Files.setLastModifiedTime(dir.resolve(".upstream-list"), old);
            Files.setLastModifiedTime(dir, old);
            String first = new String(m.get("/rsc.io/quote/@v/list").body(), StandardCharsets.UTF_8);
            String etag = m.get("/rsc.io/quote/@v/list").headers().firstValue("etag").orElseThrow();
            assertThat(m.send(HttpRequest.newBuilder(URI.create(m.url() + "/rsc.io/quote/@v/list")).header("If-None-Match", etag).build()).statusCode())
                    .isEqualTo(304);

            // Upstream drops everything; a version appears in the data directory as another process would store it.
            Files.writeString(tree.root().resolve("rsc.io/quote/@v/list"), "");
            Files.writeString(dir.resolve("v9.9.9.mod"), "module rsc.io/quote\n");
            Files.writeString(dir.resolve("v9.9.9.info"), "{\"Version\":\"v9.9.9\"}");
            Thread.sleep(1100); // merged lists are re-checked against the disk once a second
            String after = new String(m.get("/rsc.io/quote/@v/list").body(), StandardCharsets.UTF_8);
            assertThat(after).isEqualTo(first + "v9.9.9\n");
        }
    }

    @Test
    void notModifiedCarriesOnlyTheContentLengthOfTheFullAnswer() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(tmp.resolve("data"), up.url())) {
            // Fetched, then hits: from a file (zip), from memory (.mod, its path remembered), and a list merged in memory.
            for (String path : java.util.List.of("/rsc.io/quote/@v/v1.5.2.zip", "/rsc.io/quote/@v/v1.5.2.mod", "/rsc.io/quote/@v/v1.5.2.mod",
                    "/rsc.io/quote/@v/list")) {
                RawHttp.Reply ok = RawHttp.get(m.port(), "GET", path);
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.header("Content-Length")).isEqualTo(String.valueOf(ok.body().length()));
                String etag = ok.header("ETag");
                for (String method : java.util.List.of("GET", "HEAD")) {
                    RawHttp.Reply notModified = RawHttp.get(m.port(), method, path, "If-None-Match: " + etag);
                    assertThat(notModified.status()).as(method + " " + path).isEqualTo(304);
                    // RFC 9110 8.6: a 304 may carry Content-Length only as the 200's; 0 would be a lie.
                    assertThat(notModified.header("Content-Length")).as(method + " " + path + "\n" + notModified.head())
                            .isEqualTo(ok.header("Content-Length"));
                    assertThat(notModified.header("ETag")).isEqualTo(etag);
                    assertThat(notModified.body()).isEmpty();
                }
            }
        }
    }

    @Test
    void largeZipsAreServedWholeAndInRanges() throws Exception {
        Path tree = tmp.resolve("tree");
        Path dir = Files.createDirectories(tree.resolve("example.com/big/@v"));
        byte[] data = new byte[(3 << 20) + 12345];
        new java.util.Random(1).nextBytes(data);
        Files.writeString(dir.resolve("v1.0.0.info"), "{\"Version\":\"v1.0.0\"}");
        Files.writeString(dir.resolve("v1.0.0.mod"), "module example.com/big\n");
        dev.modgate.core.zip.ModuleZip.create(new dev.modgate.core.module.ModuleVersion("example.com/big", "v1.0.0"), java.util.List.of(
                dev.modgate.core.zip.ModuleFile.of("go.mod", "module example.com/big\n".getBytes(StandardCharsets.UTF_8)),
                dev.modgate.core.zip.ModuleFile.of("data.bin", data)), dir.resolve("v1.0.0.zip"));
        byte[] zip = Files.readAllBytes(dir.resolve("v1.0.0.zip"));
        try (StaticHttpServer up = new StaticHttpServer(tree); TestModgate m = new TestModgate(tmp.resolve("data"), up.url())) {
            assertThat(m.get("/example.com/big/@v/v1.0.0.zip").body()).isEqualTo(zip);
            var hit = m.get("/example.com/big/@v/v1.0.0.zip");
            assertThat(hit.headers().firstValue("x-modgate-cache")).contains("HIT");
            assertThat(hit.body()).isEqualTo(zip);
            var range = m.send(HttpRequest.newBuilder(URI.create(m.url() + "/example.com/big/@v/v1.0.0.zip")).header("Range", "bytes=1000000-2500000").build());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(zip, 1_000_000, 2_500_001));
        }
    }

    @Test
    void storedInfoAndModAreServedWithTheirFilesBytesAndEtags() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        try (StaticHttpServer up = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(tmp.resolve("data"), up.url())) {
            for (String ext : new String[] {"info", "mod"}) {
                String p = "/rsc.io/quote/@v/v1.5.2." + ext;
                var miss = m.get(p);
                var hit = m.get(p);
                assertThat(hit.headers().firstValue("x-modgate-cache")).contains("HIT");
                assertThat(hit.body()).isEqualTo(miss.body()).isEqualTo(Files.readAllBytes(tree.root().resolve(p.substring(1))));
                assertThat(hit.headers().firstValue("etag")).isEqualTo(miss.headers().firstValue("etag"));
                var head = m.send(HttpRequest.newBuilder(URI.create(m.url() + p)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
                assertThat(head.headers().firstValue("content-length")).contains(String.valueOf(hit.body().length));
            }
        }
    }
}
