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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 5: never a server path in a response body. A repository rewritten to a file:// directory on this
 * server (README: {@code rewrite https://git.corp.example/ = file:///srv/git/corp/}) that is missing there, or is no
 * repository, or a broken one, fails with a body naming the repository as the go-import page did, not where the
 * rewrite sends it: JGit's messages name the local path, in URL and bare form alike.
 */
class RewriteTargetPathsTest {
    static final String HOST = "corp.example.test";

    @TempDir Path tmp;

    @Test
    void aRewriteTargetThatFailsIsNotNamedInTheBody() throws Exception {
        Path corp = Files.createDirectories(tmp.resolve("srv hidden/git/corp"));
        GitRepoBuilder ok = new GitRepoBuilder(tmp.resolve("work/ok"));
        ok.write("go.mod", "module " + HOST + "/ok\n").write("ok.go", "package ok\n").commit("ok");
        ok.tag("v1.0.0").publish(corp.resolve("ok"));
        // Not a repository: an empty directory, and one whose HEAD and objects are garbage.
        Files.createDirectories(corp.resolve("empty"));
        Path broken = Files.createDirectories(corp.resolve("broken"));
        Files.writeString(broken.resolve("HEAD"), "garbage\n");
        Files.createDirectories(broken.resolve("objects"));
        Files.createDirectories(broken.resolve("refs"));
        Files.writeString(broken.resolve("config"), "[core\nbroken");
        // Repositories whose refs can be read but whose objects cannot: loose objects, or a pack, overwritten.
        Path loose = ok.publish(corp.resolve("loose"));
        try (var files = Files.walk(loose.resolve("objects"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                f.toFile().setWritable(true);
                Files.writeString(f, "not a git object");
            }
        }
        Path packed = ok.publish(corp.resolve("packed"));
        new ProcessBuilder("git", "repack", "-adq").directory(packed.toFile()).inheritIO().start().waitFor();
        try (var files = Files.walk(packed.resolve("objects/pack"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".pack")).toList()) {
                byte[] b = Files.readAllBytes(f);
                for (int i = 12; i < b.length - 20; i++) b[i] = (byte) 0x5a;
                f.toFile().setWritable(true);
                Files.write(f, b);
            }
        }
        Path badConfig = ok.publish(corp.resolve("badconfig"));
        Files.writeString(badConfig.resolve("config"), "[core]\n\trepositoryformatversion = 7\n");
        Path badRefs = ok.publish(corp.resolve("badrefs"));
        Files.writeString(badRefs.resolve("packed-refs"), "garbage garbage\n^zz\n");
        Path alt = ok.publish(corp.resolve("alternates"));
        try (var files = Files.walk(alt.resolve("objects"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.delete(f);
        }
        Files.createDirectories(alt.resolve("objects/info"));
        Files.writeString(alt.resolve("objects/info/alternates"), corp.resolve("nowhere/objects") + "\n");
        Path served = Files.createDirectories(tmp.resolve("served"));
        String[] failing = {"missing", "empty", "broken", "loose", "packed", "badconfig", "badrefs", "alternates"};
        try (GitHttpServer pages = new GitHttpServer(served, HOST, null); ForwardProxy proxy = new ForwardProxy(null, pages.port())) {
            pages.goImport(HOST + "/ok", "git", "https://git.corp.example/ok");
            for (String name : failing) pages.goImport(HOST + "/" + name, "git", "https://git.corp.example/" + name);
            List<UrlRewrite> rewrites = List.of(new UrlRewrite("https://git.corp.example/", corp.toUri().toString().replaceFirst("/?$", "/")));
            DirectConfig priv = DirectConfig.builder().privateModules(HOST).insecure(HOST).rewrites(rewrites).build();
            try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data"), "off").direct(priv), Map.of("HTTP_PROXY", proxy.url()))) {
                var okList = m.get("/" + HOST + "/ok/@v/list");
                assertThat(new String(okList.body(), StandardCharsets.UTF_8)).as("the rewrite works").isEqualTo("v1.0.0\n");
                for (String name : failing) {
                    for (String what : new String[] {"@v/list", "@latest", "@v/v1.0.0.info", "@v/v1.0.0.mod", "@v/v1.0.0.zip"}) {
                        var r = m.get("/" + HOST + "/" + name + "/" + what);
                        String body = new String(r.body(), StandardCharsets.UTF_8);
                        assertThat(r.statusCode()).as(name + " " + what + ": " + body).isIn(404, 410, 502);
                        assertThat(body).as(name + " " + what).contains("git.corp.example/" + name)
                                .doesNotContain("srv hidden").doesNotContain(tmp.toString());
                    }
                }
            }
        }
    }
}
