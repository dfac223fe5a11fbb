package dev.modgate.e2e;

import dev.modgate.testing.DataDirLayout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.RepoRule;
import dev.modgate.testing.Corpus;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.LockHolder;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process on the same data directory that hangs holding a lock (a module's list lock, a git mirror's) must
 * not hang requests: they wait --lock-wait at most for a module's lock (--fetch-timeout, the git operation's deadline,
 * for a git mirror's), then get a status and a reason naming the module.
 */
class LockTimeoutTest {
    @TempDir Path tmp;

    static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    @Test
    void aHeldModuleLockGivesServiceUnavailableAfterTheLockWaitAndNothingIsStored() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"),
                mv -> mv.path().equals("rsc.io/quote") || mv.path().equals("rsc.io/sampler"));
        Path data = tmp.resolve("data");
        try (StaticHttpServer up = new StaticHttpServer(tree.root());
             TestModgate m = new TestModgate(TestModgate.config(data, up.url()).lockWait(Duration.ofSeconds(2)), Map.of())) {
            Path lockFile = DataDirLayout.moduleLockFile(m.server().pipeline().store(), "rsc.io/quote");
            assertThat(DataDirLayout.moduleLockFile(m.server().pipeline().store(), "rsc.io/sampler")).isNotEqualTo(lockFile);
            try (LockHolder hung = new LockHolder(lockFile)) {
                long t0 = System.nanoTime();
                var r = m.get("/rsc.io/quote/@v/v1.5.2.mod");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.statusCode()).as(text(r)).isEqualTo(503);
                assertThat(text(r)).contains("rsc.io/quote@v1.5.2").contains("lock").contains("another modgate process")
                        .doesNotContain(lockFile.toString());
                assertThat(text(r).strip().lines()).hasSize(1);
                assertThat(ms).isBetween(1_900L, 10_000L);
                assertThat(data.resolve("rsc.io/quote/@v/v1.5.2.mod")).doesNotExist();
                // Other modules' locks are free: they are served meanwhile.
                assertThat(m.get("/rsc.io/sampler/@v/v1.3.0.mod").statusCode()).isEqualTo(200);
            }
            var r = m.get("/rsc.io/quote/@v/v1.5.2.mod");
            assertThat(r.statusCode()).isEqualTo(200);
            // The list (written under the same lock) names a version once its .info is stored.
            assertThat(m.get("/rsc.io/quote/@v/v1.5.2.info").statusCode()).isEqualTo(200);
            assertThat(Files.readString(data.resolve("rsc.io/quote/@v/list"))).contains("v1.5.2");
        }
    }

    @Test
    void aHeldGitMirrorLockGivesGatewayTimeoutNamingTheModule() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder repo = new GitRepoBuilder(tmp.resolve("work/tools"));
        repo.write("go.mod", "module go.corp.example/tools\n\ngo 1.19\n").write("t.go", "package tools\n").commit("one");
        repo.tag("v1.0.0").publish(served.resolve("tools.git"));
        DirectConfig direct = DirectConfig.builder().privateModules("go.corp.example").repos(List.of(new RepoRule("go.corp.example/*", served.toUri() + "$1.git"))).build();
        Path data = tmp.resolve("data");
        var cfg = TestModgate.config(data, "off").direct(direct).listTtl(Duration.ofMillis(1)).fetchTimeout(Duration.ofSeconds(2));
        try (TestModgate m = new TestModgate(cfg, Map.of())) {
            assertThat(text(m.get("/go.corp.example/tools/@v/list"))).isEqualTo("v1.0.0\n");
            Path mirror;
            try (Stream<Path> s = Files.list(data.resolve(".modgate/git"))) {
                mirror = s.findFirst().orElseThrow();
            }
            try (LockHolder hung = new LockHolder(mirror.resolve("modgate.lock"))) {
                repo.write("t.go", "package tools // 2\n").commit("two");
                repo.tag("v1.1.0").publish(served.resolve("tools.git"));
                Thread.sleep(2_100); // past the 2 s a refresh is reused
                // A list reads the remote's refs alone and takes no lock: answered fresh, with the new tag...
                var list = m.get("/go.corp.example/tools/@v/list");
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(text(list)).isEqualTo("v1.0.0\nv1.1.0\n");
                assertThat(list.headers().firstValue("x-modgate-cache")).contains("MISS");
                // ... a version the mirror does not have yet cannot.
                long t0 = System.nanoTime();
                var r = m.get("/go.corp.example/tools/@v/v1.1.0.info");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.statusCode()).as(text(r)).isEqualTo(504);
                assertThat(text(r)).contains("go.corp.example/tools@v1.1.0").contains("lock on the git mirror of " + served.toUri() + "tools.git");
                assertThat(ms).isBetween(1_900L, 10_000L);
            }
            assertThat(text(m.get("/go.corp.example/tools/@v/v1.1.0.info"))).contains("\"Version\":\"v1.1.0\"");
        }
    }
}
