package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.ServerConfig;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Negative queries through modgate against the real go command reading the same upstream directly, for both kinds of
 * upstream proxy (a GOPROXY tree over HTTP, and the same tree as file://): a version that does not exist, a module
 * that does not exist, a go.mod the upstream serves for a version it neither lists nor resolves (a tree holding
 * graph-only go.mod files, as the go command's own module cache does), and then the upstream gaining that version.
 * Before the fix, a go.mod fetched once made modgate list its version: go list -m -versions showed it, and
 * go list -m M@latest failed for every client (modgate's list named it, its .info was a 404).
 */
class ProxyListParityTest {
    static final String M = "example.com/parity/m";
    static final String NOSUCH = "example.com/parity/nosuch";

    @TempDir Path tmp;
    Path tree;
    Path data;
    StaticHttpServer http;
    TestModgate modgate;
    GoTool go;
    String direct;
    final AtomicInteger caches = new AtomicInteger();

    @BeforeEach void start() throws Exception {
        tree = tmp.resolve("tree");
        publish("v1.0.0");
        // Served, but neither listed nor resolvable: only its go.mod is in the tree.
        Files.writeString(tree.resolve(M + "/@v/v1.1.0.mod"), "module " + M + "\n");
        http = new StaticHttpServer(tree);
        data = tmp.resolve("data");
        go = new GoTool(tmp.resolve("go"));
    }

    @AfterEach void stop() throws Exception {
        if (modgate != null) modgate.close();
        if (http != null) http.close();
    }

    /** Starts modgate on the given kind of upstream, with TTLs short enough to see the upstream change. */
    private void startModgate(String kind) throws Exception {
        direct = kind.equals("http") ? http.url() : tree.toUri().toString().replaceFirst("^file:/+", "file:///");
        ServerConfig.Builder cfg = TestModgate.config(data, direct).listTtl(Duration.ofMillis(1)).negativeTtl(Duration.ofMillis(1));
        modgate = new TestModgate(cfg, Map.of());
    }

    private void publish(String version) throws Exception {
        Path dir = Files.createDirectories(tree.resolve(M + "/@v"));
        Files.writeString(dir.resolve(version + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2023-01-01T00:00:00Z\"}");
        Files.writeString(dir.resolve(version + ".mod"), "module " + M + "\n");
        Path src = Files.createDirectories(tmp.resolve("src-" + version));
        Files.writeString(src.resolve("go.mod"), "module " + M + "\n");
        Files.writeString(src.resolve("m.go"), "package m\n\nconst V = \"" + version + "\"\n");
        ModuleZip.createFromDir(new ModuleVersion(M, version), src, dir.resolve(version + ".zip"));
        String list = Files.exists(dir.resolve("list")) ? Files.readString(dir.resolve("list")) : "";
        Files.writeString(dir.resolve("list"), list + version + "\n");
    }

    @ParameterizedTest(name = "{0} upstream")
    @ValueSource(strings = {"http", "file"})
    void negativeQueriesAnswerAsTheGoCommandDoes(String kind) throws Exception {
        startModgate(kind);
        // Every artifact kind of a version and of a module that do not exist: 404, nothing stored.
        for (String url : new String[] {
                "/" + M + "/@v/v1.2.0.info", "/" + M + "/@v/v1.2.0.mod", "/" + M + "/@v/v1.2.0.zip",
                "/" + NOSUCH + "/@v/list", "/" + NOSUCH + "/@latest", "/" + NOSUCH + "/@v/v1.0.0.info",
                "/" + NOSUCH + "/@v/v1.0.0.mod", "/" + NOSUCH + "/@v/v1.0.0.zip",
                "/" + M + "/@v/v1.1.0.info", "/" + M + "/@v/v1.1.0.zip"}) {
            var r = modgate.get(url);
            assertThat(r.statusCode()).as(url + ": " + new String(r.body(), StandardCharsets.UTF_8)).isIn(404, 410);
        }
        assertThat(data.resolve(NOSUCH)).doesNotExist();
        assertThat(data.resolve(M + "/@v/v1.2.0.mod")).doesNotExist();

        same("list", "-m", "-versions", M);
        same("list", "-m", M + "@latest");
        same("list", "-m", M + "@v1.2.0");
        same("list", "-m", NOSUCH + "@latest");
        same("list", "-m", "-versions", NOSUCH);
        same("mod", "download", "-json", M + "@v1.2.0");
        same("mod", "download", "-json", NOSUCH + "@v1.0.0");

        // A client loads a graph that needs the go.mod of v1.1.0, which the upstream serves without listing it.
        var mod = modgate.get("/" + M + "/@v/v1.1.0.mod");
        assertThat(mod.statusCode()).isEqualTo(200);
        // Listing, @latest and the version queries still answer as the go command reading the upstream does.
        assertThat(new String(modgate.get("/" + M + "/@v/list").body(), StandardCharsets.UTF_8)).isEqualTo("v1.0.0\n");
        assertThat(same("list", "-m", "-versions", M)).isEqualTo(M + " v1.0.0");
        assertThat(same("list", "-m", M + "@latest")).isEqualTo(M + " v1.0.0");
        same("list", "-m", M + "@v1.1.0");
        same("mod", "download", "-json", M + "@v1.1.0");

        // Then the upstream publishes v1.1.0 (asked for before it existed): both see it.
        publish("v1.1.0");
        publish("v1.2.0");
        Thread.sleep(50); // past the 1 ms list and negative TTLs
        assertThat(same("list", "-m", "-versions", M)).isEqualTo(M + " v1.0.0 v1.1.0 v1.2.0");
        assertThat(same("list", "-m", M + "@latest")).isEqualTo(M + " v1.2.0");
        assertThat(same("list", "-m", M + "@v1.2.0")).isEqualTo(M + " v1.2.0");
        same("mod", "download", "-json", M + "@v1.1.0");
        assertThat(data.resolve(M + "/@v/v1.1.0.info")).exists();
    }

    /**
     * Runs the go command directly against the upstream and through modgate, each with an empty module cache, and
     * asserts the same outcome: exit status, and output with the proxy's address and cache paths taken out.
     * Returns the (trimmed) standard output.
     */
    private String same(String... args) throws Exception {
        GoTool.Result d = run(direct, args);
        GoTool.Result m = run(modgate.url(), args);
        String what = "go " + String.join(" ", args);
        assertThat(m.exit() == 0).as(what + "\ndirect: " + d.all() + "\nmodgate: " + m.all()).isEqualTo(d.exit() == 0);
        assertThat(normalize(m.stdout(), modgate.url())).as(what + "\ndirect: " + d.all() + "\nmodgate: " + m.all())
                .isEqualTo(normalize(d.stdout(), direct));
        return d.stdout().strip();
    }

    private GoTool.Result run(String proxy, String... args) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work"));
        if (!Files.exists(dir.resolve("go.mod"))) Files.writeString(dir.resolve("go.mod"), "module example.com/client\n\ngo 1.19\n");
        return go.freshModCache("c" + caches.incrementAndGet()).set("GOPROXY", proxy).set("GOFLAGS", "-mod=mod").run(dir, args);
    }

    private String normalize(String out, String proxy) {
        // Error texts name the proxy and quote its answer: that an error is there is what must agree.
        return out.replace(proxy, "PROXY").replaceAll("\"(GoMod|Zip|Info|Dir|Error)\": \".*\"", "\"$1\": \"...\"").strip();
    }
}
