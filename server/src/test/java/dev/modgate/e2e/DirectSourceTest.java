package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.RepoRule;
import dev.modgate.testing.Corpus;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct source on its own: configured repositories (a {@code repo} line to a file:// mirror, no go-import
 * page), the bare mirror under the data directory and its incremental updates, "direct" in an upstream list,
 * concurrent requests on one repository, and a git server that stalls.
 */
class DirectSourceTest {
    @TempDir Path tmp;

    static String text(java.net.http.HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    private GitRepoBuilder repo(Path served) throws Exception {
        GitRepoBuilder r = new GitRepoBuilder(tmp.resolve("work/tools"));
        r.write("go.mod", "module go.corp.example/tools\n\ngo 1.19\n").write("LICENSE", "licence\n").write("t.go", "package tools\n");
        r.commit("one");
        r.tag("v1.0.0");
        r.publish(served.resolve("tools.git"));
        return r;
    }

    private DirectConfig fileRepos(Path served) {
        return publicFileRepos(served).privateModules("go.corp.example").build();
    }

    private static DirectConfig.Builder publicFileRepos(Path served) {
        return DirectConfig.builder().repos(List.of(new RepoRule("go.corp.example/*", served.toUri() + "$1.git")));
    }

    /** A rewrite to file:/srv/x, as java.io.File writes a file URI, reaches the same repository as file:///srv/x. */
    @Test
    void aFileUrlWithOneSlashIsAccepted() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served1"));
        repo(served);
        DirectConfig oneSlash = DirectConfig.builder().privateModules("go.corp.example").repos(List.of(new RepoRule("go.corp.example/*", "https://git.corp.example/$1.git"))).rewrites(List.of(new dev.modgate.config.UrlRewrite("https://git.corp.example/", "file:" + served.toAbsolutePath() + "/"))).build();
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data1"), "off").direct(oneSlash), Map.of())) {
            var list = m.get("/go.corp.example/tools/@v/list");
            assertThat(list.statusCode()).as(text(list)).isEqualTo(200);
            assertThat(text(list)).isEqualTo("v1.0.0\n");
            assertThat(m.get("/go.corp.example/tools/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void configuredRepositoryMirroredAndUpdatedIncrementally() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = repo(served);
        var cfg = TestModgate.config(tmp.resolve("data"), "off").direct(fileRepos(served)).listTtl(Duration.ofMillis(1));
        try (TestModgate m = new TestModgate(cfg, Map.of())) {
            assertThat(text(m.get("/go.corp.example/tools/@v/list"))).isEqualTo("v1.0.0\n");
            var zip = m.get("/go.corp.example/tools/@v/v1.0.0.zip");
            assertThat(zip.statusCode()).isEqualTo(200);
            List<String> names = new ArrayList<>();
            try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
                for (ZipEntry e; (e = z.getNextEntry()) != null; ) names.add(e.getName());
            }
            assertThat(names).containsExactlyInAnyOrder("go.corp.example/tools@v1.0.0/LICENSE", "go.corp.example/tools@v1.0.0/go.mod", "go.corp.example/tools@v1.0.0/t.go");
            String info = text(m.get("/go.corp.example/tools/@v/v1.0.0.info"));
            assertThat(info).startsWith("{\"Version\":\"v1.0.0\",\"Time\":\"").contains("\"Origin\":{\"VCS\":\"git\",\"URL\":\"" + served.toUri() + "tools.git\",\"Ref\":\"refs/tags/v1.0.0\",\"Hash\":\"");

            // One bare mirror for the repository, under the data directory.
            Path mirrors = tmp.resolve("data/.modgate/git");
            try (Stream<Path> s = Files.list(mirrors)) {
                assertThat(s.toList()).hasSize(1).allMatch(p -> Files.isRegularFile(p.resolve("HEAD")));
            }

            // A new tag appears after the list TTL; the mirror is fetched into, not re-cloned.
            r.write("t.go", "package tools // 2\n").commit("two");
            r.tag("v1.1.0").publish(served.resolve("tools.git"));
            Thread.sleep(2_100); // past the list TTL and the 2 s reuse of a refresh
            assertThat(text(m.get("/go.corp.example/tools/@v/list"))).isEqualTo("v1.0.0\nv1.1.0\n");
            assertThat(text(m.get("/go.corp.example/tools/@latest"))).contains("\"Version\":\"v1.1.0\"");
            try (Stream<Path> s = Files.list(mirrors)) {
                assertThat(s.toList()).hasSize(1);
            }
        }
    }

    @Test
    void directInAnUpstreamListAndOff() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        repo(served);
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        // Not private: routed by the list. The proxy lacks the module (404), so "direct" is asked.
        DirectConfig publicRepos = publicFileRepos(served).build();
        try (StaticHttpServer up = new StaticHttpServer(tree.root())) {
            var cfg = TestModgate.config(tmp.resolve("data"), up.url() + ",direct").direct(publicRepos);
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                assertThat(text(m.get("/go.corp.example/tools/@v/list"))).isEqualTo("v1.0.0\n");
                assertThat(up.hits("/go.corp.example/tools/@v/list")).isEqualTo(1);
                assertThat(m.get("/rsc.io/quote/@v/v1.5.2.mod").statusCode()).isEqualTo(200);
            }
            var off = TestModgate.config(tmp.resolve("data-off"), "off").direct(publicRepos);
            try (TestModgate m = new TestModgate(off, Map.of())) {
                var r = m.get("/go.corp.example/tools/@v/list");
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(text(r)).contains("off");
            }
            // Private: never sent to the upstream, whatever the list says.
            var priv = TestModgate.config(tmp.resolve("data-priv"), up.url()).direct(fileRepos(served));
            int before = up.totalHits();
            try (TestModgate m = new TestModgate(priv, Map.of())) {
                assertThat(text(m.get("/go.corp.example/tools/@v/list"))).isEqualTo("v1.0.0\n");
                assertThat(m.get("/go.corp.example/tools/@v/v9.0.0.info").statusCode()).isEqualTo(404);
            }
            assertThat(up.totalHits()).as("the upstream never hears of private modules").isEqualTo(before);
        }
    }

    @Test
    void concurrentRequestsOnOneRepository() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder r = repo(served);
        for (int i = 1; i <= 7; i++) {
            r.write("t.go", "package tools // " + i + "\n").commit("c" + i);
            r.tag("v1.0." + i);
        }
        r.publish(served.resolve("tools.git"));
        var cfg = TestModgate.config(tmp.resolve("data"), "off").direct(fileRepos(served));
        try (TestModgate m = new TestModgate(cfg, Map.of()); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i <= 7; i++) {
                for (String ext : new String[] {"info", "mod", "zip"}) {
                    String path = "/go.corp.example/tools/@v/v1.0." + i + "." + ext;
                    all.add(pool.submit((Callable<Integer>) () -> m.get(path).statusCode()));
                }
            }
            for (Future<Integer> f : all) assertThat(f.get()).isEqualTo(200);
        }
    }

    @Test
    void aStalledGitServerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) held.add(silent.accept()); // accept, never answer
                } catch (Exception ignored) { /* closed */ }
            });
            DirectConfig d = DirectConfig.builder().privateModules("stall.example").repos(List.of(new RepoRule("stall.example/*", "http://127.0.0.1:" + silent.getLocalPort() + "/$1.git"))).build();
            var cfg = TestModgate.config(tmp.resolve("data"), "off").direct(d).readTimeout(Duration.ofSeconds(1));
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                long t0 = System.nanoTime();
                var r = m.get("/stall.example/x/@v/list");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.statusCode()).as(text(r)).isEqualTo(504);
                assertThat(text(r)).contains("timed out");
                assertThat(ms).isLessThan(15_000);
            }
            acceptor.interrupt();
            for (Socket s : held) s.close();
        }
    }
}
