package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.UrlRewrite;
import dev.modgate.testing.ForwardProxy;
import dev.modgate.testing.GitHttpServer;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6: with the README's {@code rewrite https://git.corp.example/ = file:///srv/git/corp/} (and one to an
 * internal http mirror), a public go-import page cannot make modgate read what lies outside the rewrite target, nor
 * anything behind the rewrite at all: dot-segments (raw or percent-encoded) are refused wherever they come from, and
 * a URL a page named gets no trust from the rewrite that matched it. Each refusal is a one-line 4xx/502 reason, the
 * secret repository is never read, and nothing is stored. The same clean URL for a --private module is fetched.
 */
class RewriteEscapeTest {
    static final String EVIL = "evil.example.test";
    static final String SECRET = "TOP-SECRET-7731";

    @TempDir static Path tmp;
    static Path corp;
    static Path served;

    @BeforeAll static void repos() throws Exception {
        Path srv = Files.createDirectories(tmp.resolve("srv/git"));
        corp = Files.createDirectories(srv.resolve("corp"));
        // The repository the rewrite target holds, and a secret one next to it (as modgate's own mirrors could be).
        GitRepoBuilder tool = new GitRepoBuilder(tmp.resolve("work/tool"));
        tool.write("go.mod", "module " + EVIL + "/ok\n").write("tool.go", "package tool\n").commit("tool");
        tool.tag("v1.0.0").publish(corp.resolve("tool"));
        GitRepoBuilder secret = new GitRepoBuilder(tmp.resolve("work/secret"));
        secret.write("secret.txt", SECRET + "\n").write("secret.go", "package secret // " + SECRET + "\n").commit("secret");
        secret.tag("v1.0.0").publish(srv.resolve("secret.git"));
        // For the http rewrite: an internal git server's repositories.
        served = Files.createDirectories(tmp.resolve("served"));
        secret.publish(served.resolve("secret"));
        tool.publish(served.resolve("internal/tool"));
    }

    static final List<String> FILE_ESCAPES = List.of(
            "https://git.corp.example/../secret.git",
            "https://git.corp.example/%2e%2e/secret.git",
            "https://git.corp.example/%2E%2E/secret.git",
            "https://git.corp.example/.%2E/secret.git",
            "https://git.corp.example/tool/%2e%2e%2f..%2fsecret.git",
            "https://git.corp.example/tool/%252e%252e/%252e%252e/secret.git");

    @Test
    void goImportPagesCannotEscapeOrUseRewriteTargets() throws Exception {
        try (GitHttpServer git = new GitHttpServer(served, EVIL, null); ForwardProxy proxy = new ForwardProxy(null, git.port())) {
            for (int i = 0; i < FILE_ESCAPES.size(); i++) git.goImport(EVIL + "/f" + i, "git", FILE_ESCAPES.get(i));
            git.goImport(EVIL + "/ok", "git", "https://git.corp.example/tool")
                    .goImport(EVIL + "/h0", "git", "https://git2.corp.example/../secret")
                    .goImport(EVIL + "/h1", "git", "https://git2.corp.example/tool")
                    .goImport(EVIL + "/m0", "mod", "https://proxy.corp.example/%2e%2e/x");
            List<UrlRewrite> rewrites = List.of(
                    new UrlRewrite("https://git.corp.example/", corp.toUri().toString().replaceFirst("/?$", "/")),
                    new UrlRewrite("https://git2.corp.example/", git.url() + "/internal/"));
            // Public: only --insecure, so that the pages are read over http through the proxy.
            DirectConfig publicOnly = DirectConfig.builder().insecure(EVIL).rewrites(rewrites).build();
            Path data = tmp.resolve("data-public");
            try (TestModgate m = new TestModgate(TestModgate.config(data, "direct").direct(publicOnly), Map.of("HTTP_PROXY", proxy.url()))) {
                for (int i = 0; i < FILE_ESCAPES.size(); i++) refused(m, "f" + i, "path segment");
                refused(m, "ok", "file system");
                refused(m, "h0", "path segment");
                refused(m, "h1", "internal address");
                refused(m, "m0", "path segment");
            }
            assertThat(git.gitRequests()).as("nothing reached the internal git server").isZero();
            assertThat(git.metaRequests()).as("the pages were read").isPositive();
            assertNothingStored(data);

            // Private: the rewrite target is its home, but dot-segments stay refused.
            DirectConfig priv = DirectConfig.builder().privateModules(EVIL).insecure(EVIL).rewrites(rewrites).build();
            Path data2 = tmp.resolve("data-private");
            try (TestModgate m = new TestModgate(TestModgate.config(data2, "off").direct(priv), Map.of("HTTP_PROXY", proxy.url()))) {
                var ok = m.get("/" + EVIL + "/ok/@v/list");
                assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("v1.0.0\n");
                for (int i = 0; i < FILE_ESCAPES.size(); i++) refused(m, "f" + i, "path segment");
                refused(m, "h0", "path segment");
            }
        }
    }

    private static void refused(TestModgate m, String mod, String reason) throws Exception {
        for (String what : new String[] {"@v/list", "@latest", "@v/v1.0.0.info", "@v/v1.0.0.mod", "@v/v1.0.0.zip"}) {
            var resp = m.get("/" + EVIL + "/" + mod + "/" + what);
            String body = new String(resp.body(), StandardCharsets.UTF_8);
            assertThat(resp.statusCode()).as(mod + " " + what + ": " + body).isIn(404, 410, 502);
            // The proxy's error format: a summary line, then one line per source (here only direct) with its reason.
            assertThat(body.strip().lines().count()).as(mod + " " + what + ": " + body).isLessThanOrEqualTo(2);
            assertThat(body).as(mod + " " + what).contains(reason).doesNotContain(SECRET).doesNotContain(tmp.toString());
        }
    }

    /** No mirror, no artifact: no file of the data directory holds the secret or names the module. */
    private static void assertNothingStored(Path data) throws Exception {
        Path mirrors = data.resolve(".modgate/git");
        if (Files.isDirectory(mirrors)) {
            try (Stream<Path> s = Files.list(mirrors)) {
                assertThat(s.toList()).as("git mirrors").isEmpty();
            }
        }
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertThat(p.toString()).doesNotContain(EVIL);
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain(SECRET);
            }
        }
    }
}
