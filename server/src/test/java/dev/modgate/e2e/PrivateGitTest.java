package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.UrlRewrite;
import dev.modgate.testing.ForwardProxy;
import dev.modgate.testing.GitHttpServer;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private repositories behind HTTP Basic auth, credentials given to modgate only (a netrc file): a client that
 * knows nothing but GOPROXY builds a program from them, with the sums the go command computes itself in direct
 * mode. Also: credentials never leak into answers, refused credentials fail fast, and a cached version list does
 * not touch git again.
 */
class PrivateGitTest {
    static final String HOST = "corp.example.test";
    static final String SECRET = "s3cret-Token-9f2";

    @TempDir static Path tmp;
    static GitHttpServer git;
    static ForwardProxy proxy;
    static GoTool go;

    @BeforeAll static void start() throws Exception {
        go = new GoTool(tmp.resolve("home"));
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder util = new GitRepoBuilder(tmp.resolve("work/util"));
        util.write("go.mod", "module " + HOST + "/util\n\ngo 1.19\n")
                .write("util.go", "package util\n\nfunc Name() string { return \"private util\" }\n");
        util.commit("util");
        util.tag("v1.0.0");
        util.publish(served.resolve("util"));
        GitRepoBuilder lib = new GitRepoBuilder(tmp.resolve("work/lib"));
        lib.write("go.mod", "module " + HOST + "/lib\n\ngo 1.19\n\nrequire " + HOST + "/util v1.0.0\n")
                .write("lib.go", "package lib\n\nimport \"" + HOST + "/util\"\n\nfunc Hello() string { return \"hello from \" + util.Name() }\n");
        lib.commit("lib");
        lib.annotatedTag("v0.3.0");
        lib.write("later.go", "package lib\n");
        lib.commit("after the tag");
        lib.publish(served.resolve("lib"));
        git = new GitHttpServer(served, HOST, "alice:" + SECRET);
        git.goImport(HOST + "/util", "git", "https://" + HOST + "/util").goImport(HOST + "/lib", "git", "https://" + HOST + "/lib");
        proxy = new ForwardProxy(null, git.port());
    }

    @AfterAll static void stop() throws Exception {
        if (proxy != null) proxy.close();
        if (git != null) git.close();
    }

    static TestModgate modgate(String name, String netrcPassword) throws Exception {
        Path netrc = tmp.resolve(name + ".netrc");
        Files.writeString(netrc, "machine 127.0.0.1\n  login alice\n  password " + netrcPassword + "\n");
        DirectConfig direct = DirectConfig.builder().privateModules(HOST).insecure(HOST).netrc(netrc).rewrites(List.of(new UrlRewrite("https://" + HOST + "/", git.url() + "/"))).build();
        return new TestModgate(TestModgate.config(tmp.resolve(name), "off").direct(direct), Map.of("HTTP_PROXY", proxy.url()));
    }

    @Test
    void aProgramBuildsFromPrivateRepositoriesWithTheGoCommandsOwnSums() throws Exception {
        try (TestModgate m = modgate("data-build", SECRET)) {
            Path app = Files.createDirectories(tmp.resolve("app"));
            Files.writeString(app.resolve("go.mod"), "module example.test/app\n\ngo 1.19\n");
            Files.writeString(app.resolve("main.go"), "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + HOST + "/lib\"\n)\n\nfunc main() { fmt.Println(lib.Hello()) }\n");
            // The client knows only modgate: no credentials, no git configuration, no proxy, default GOSUMDB.
            go.set("GOPROXY", m.url()).set("GONOSUMDB", HOST).set("GOSUMDB", "").set("GOFLAGS", "-mod=mod").freshModCache("client");
            GoTool.Result get = go.run(app, "get", HOST + "/lib@latest");
            assertThat(get.exit()).as("go get: %s", get.all()).isZero();
            GoTool.Result build = go.run(app, "build", "-o", "app", ".");
            assertThat(build.exit()).as("go build: %s", build.all()).isZero();
            Process p = new ProcessBuilder(app.resolve("app").toString()).redirectErrorStream(true).start();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("hello from private util");
            List<String> sums = Files.readAllLines(app.resolve("go.sum"));
            assertThat(Files.readString(app.resolve("go.mod"))).contains(HOST + "/lib v0.3.0");

            // The go command on its own, with the credentials in its own netrc and git configuration.
            Path home = tmp.resolve("home");
            Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login alice password " + SECRET + "\n");
            Files.writeString(home.resolve(".gitconfig"), "[url \"" + git.url() + "/\"]\n\tinsteadOf = https://" + HOST + "/\n");
            go.set("GOPROXY", "direct").set("GOPRIVATE", HOST).set("GOINSECURE", HOST).set("HTTP_PROXY", proxy.url())
                    .set("GOSUMDB", "off").set("GIT_TERMINAL_PROMPT", "0").freshModCache("direct");
            GoTool.Result d = go.run(app, "mod", "download", "-json", HOST + "/lib@v0.3.0", HOST + "/util@v1.0.0");
            assertThat(d.exit()).as("direct download: %s", d.all()).isZero();
            int compared = 0;
            for (JsonNode n : new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(d.stdout()).readAll()) {
                String mv = n.path("Path").asText() + " " + n.path("Version").asText();
                assertThat(sums).contains(mv + " " + n.path("Sum").asText(), mv + "/go.mod " + n.path("GoModSum").asText());
                compared++;
            }
            assertThat(compared).isEqualTo(2);
            assertThat(git.authorizations()).as("modgate authenticated to the git server").isNotEmpty();
        } finally {
            Files.deleteIfExists(tmp.resolve("home/.netrc"));
            Files.deleteIfExists(tmp.resolve("home/.gitconfig"));
            go.set("GOPRIVATE", "").set("GOINSECURE", "").set("HTTP_PROXY", "").set("GOSUMDB", "off");
        }
    }

    @Test
    void refusedCredentialsFailFastAndAreNeverEchoed() throws Exception {
        String wrong = "wrong-Password-77";
        try (TestModgate m = modgate("data-wrong", wrong)) {
            long t0 = System.nanoTime();
            var r = m.get("/" + HOST + "/util/@v/list");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(r.statusCode()).as(body).isEqualTo(502);
            assertThat(body).contains("authentication").doesNotContain(wrong).doesNotContain(SECRET);
            assertThat(ms).as("no prompt, no retry loop").isLessThan(10_000);
        }
        // No credentials at all: the server's request for them fails the fetch at once.
        DirectConfig none = DirectConfig.builder().privateModules(HOST).insecure(HOST).rewrites(List.of(new UrlRewrite("https://" + HOST + "/", git.url() + "/"))).build();
        try (TestModgate m = new TestModgate(TestModgate.config(tmp.resolve("data-none"), "off").direct(none), Map.of("HTTP_PROXY", proxy.url()))) {
            long t0 = System.nanoTime();
            var r = m.get("/" + HOST + "/util/@v/list");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("authentication required");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void aCachedVersionListDoesNotTouchGit() throws Exception {
        try (TestModgate m = modgate("data-ttl", SECRET)) {
            var first = m.get("/" + HOST + "/lib/@v/list");
            assertThat(first.statusCode()).as(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("v0.3.0\n");
            int gitBefore = git.gitRequests();
            long refreshes = m.server().pipeline().mirrors().remoteRefreshes();
            var second = m.get("/" + HOST + "/lib/@v/list");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("X-Modgate-Cache")).hasValue("HIT");
            assertThat(git.gitRequests()).as("git requests for the second list").isEqualTo(gitBefore);
            assertThat(m.server().pipeline().mirrors().remoteRefreshes()).isEqualTo(refreshes);
            // The list fetched no objects; the .info fetches the tag (alone), and its .mod and .zip come from the
            // mirror without asking the remote again.
            assertThat(m.get("/" + HOST + "/lib/@v/v0.3.0.info").statusCode()).isEqualTo(200);
            long afterInfo = m.server().pipeline().mirrors().remoteRefreshes();
            assertThat(m.get("/" + HOST + "/lib/@v/v0.3.0.mod").statusCode()).isEqualTo(200);
            assertThat(m.get("/" + HOST + "/lib/@v/v0.3.0.zip").statusCode()).isEqualTo(200);
            assertThat(m.server().pipeline().mirrors().remoteRefreshes()).isEqualTo(afterInfo);
        }
    }
}
