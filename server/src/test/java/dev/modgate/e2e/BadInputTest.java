package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.RawHttp;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and malformed request paths: each gets a 4xx with a one-line text/plain reason, never a 5xx, and nothing
 * outside the data directory is created or read.
 */
class BadInputTest {
    @TempDir static Path tmp;
    static Path data;
    static Path outside;
    static StaticHttpServer upstream;
    static TestModgate modgate;
    static final String SECRET = "secret-outside-the-data-directory";

    @BeforeAll static void start() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        upstream = new StaticHttpServer(tree.root());
        Path box = Files.createDirectories(tmp.resolve("box"));
        data = box.resolve("data");
        outside = box.resolve("secret.txt");
        Files.writeString(outside, SECRET);
        // Looks like a module tree, one level above the data directory: a traversal would find it.
        Files.createDirectories(box.resolve("x.com/m/@v"));
        Files.writeString(box.resolve("x.com/m/@v/v1.0.0.info"), SECRET);
        Files.writeString(box.resolve("x.com/m/@v/list"), SECRET);
        modgate = new TestModgate(data, upstream.url());
    }

    @AfterAll static void stop() throws Exception {
        modgate.close();
        upstream.close();
        try (Stream<Path> s = Files.list(tmp.resolve("box"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("nothing created beside the data directory").containsExactly("data", "secret.txt", "x.com");
        }
        try (Stream<Path> s = Files.walk(data)) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> !p.startsWith(data.resolve(".modgate"))).toList())
                    .as("nothing stored for bad requests").isEmpty();
        }
    }

    static List<String> paths() {
        return List.of(
                "/../secret.txt",
                "/..%2Fsecret.txt",
                "/%2e%2e/secret.txt",
                "/%2e%2e/x.com/m/@v/list",
                "/../x.com/m/@v/list",
                "/x.com/../../x.com/m/@v/v1.0.0.info",
                "/x.com/m/@v/..%2F..%2Fsecret.txt.info",
                "/x.com/m/@v/../../../secret.txt",
                "/x.com/m/@v/%2e%2e.info",
                "/x.com/m/@v/..info",
                "/x.com/m/@v/v1.0.0%2F.info",
                "/x.com/m%2F@v/list",
                "/x.com/m%00/@v/list",
                "/x.com/m/@v/v1.0.0%00.info",
                "/x.com/m\\..\\..\\secret/@v/list",
                "/x.com/m/%5C../@v/list",
                "/X.com/m/@v/list",
                "/github.com/Azure/sdk/@v/list",
                "/github.com/!/sdk/@v/list",
                "/github.com/!A/sdk/@v/list",
                "/github.com/sdk!/@v/list",
                "/x.com/m/@v/v1.0.0-RC1.info",
                "/x.com/m/@v/v1.0.0-!!rc.info",
                "/x.com//m/@v/list",
                "/x.com/m//@v/list",
                "//x.com/m/@v/list",
                "/x.com/m/@v/",
                "/x.com/m/@v/.info",
                "/x.com/m/@v/v1.0.0.exe",
                "/x.com/m/@v/v1.0.0.zip/extra",
                "/x.com/m/@v/v1.0.mod",
                "/x.com/m/@v/v1.0.0+build.zip",
                "/x.com/m/@v/notaversion.zip",
                "/x.com/m/@v/v2.0.0.zip",
                "/rsc.io/quote/@v/v2.0.0.mod",
                "/x.com/m/@v/v1.0.0%zz.info",
                "/x.com/m/@v/v1.0.0%.info",
                "/x.com/m/%ff%fe/@v/list",
                "/x.com/m/\u00e9/@v/list",
                "/x.com/m/@v/list%00",
                "/-x.com/m/@v/list",
                "/.x.com/m/@v/list",
                "/x.com/m./@v/list",
                "/localhost/m/@v/list",
                "/x.com/m/@latest/../@v/list",
                "/@v/list",
                "/@latest",
                "/x.com/m/@v/" + "v1.0.0-" + "a".repeat(3000) + ".info",
                "/" + "a.com/".repeat(500) + "@v/list",
                "/x.com/con/@v/list",
                "/x.com/" + "a".repeat(300) + "/@v/list",
                "/x.com/" + "a".repeat(300) + "/@latest",
                "/x.com/m/@v/v1.0.0-" + "a".repeat(300) + ".info",
                "/x.com/m~1/@v/list",
                "/x.com/m/@v/v1.0.0%20.zip",
                "/x.com/m/@v/v1.0.0\".info",
                "/x.com/m/@v/v1.0.0%22.info",
                "/x.com/m/@v/v1.0.0%0a.info",
                "/sumdb/sum.golang.org/../../secret.txt",
                "/nowhere");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void malformedPathGets4xx(String path) throws Exception {
        for (String method : List.of("GET", "HEAD")) {
            RawHttp.Reply r = RawHttp.get(modgate.port(), method, path);
            assertThat(r.status()).as("%s %s -> %s %s", method, path, r.head(), r.body()).isBetween(400, 499);
            assertThat(r.body()).doesNotContain(SECRET);
            if (method.equals("GET") && r.status() != 431) {
                assertThat(r.head().toLowerCase()).contains("content-type: text/plain");
                assertThat(r.body().strip()).as("a reason is given").isNotEmpty();
            }
        }
    }
}
