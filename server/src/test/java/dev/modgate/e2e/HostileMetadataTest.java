package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.GoTool;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upstream proxy (a real loopback HTTP server, checksum database off) answering 200 with .info and .mod bodies the
 * go command rejects: a captive portal's HTML page, a git ref listing (also reached by a redirect), JSON whose case-folded keys name another
 * version, trailing garbage, times Go cannot parse, an Origin of the wrong type. The real go command pointed at that
 * upstream fails on each; through modgate each is a 502 with a one-line reason, and nothing is stored (a later
 * request asks upstream again). Before the fix modgate stored every one of them as immutable.
 */
class HostileMetadataTest {
    static final String GOOD_INFO = "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}";
    static final String PORTAL = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Log in to the guest network</body></html>\n";
    static final String REF_LISTING = "001e# service=git-upload-pack\n0000003f2c3e1d1b0f6d4c9b0a7e8f9a0b1c2d3e4f5a6b7c refs/heads/main\n0000";

    /**
     * @param kind which artifact is hostile ("info" or "mod"); the other one is good
     * @param goSays what the go command prints for it, read from its output
     */
    record Case(String name, String kind, String body, String goSays) {
        /** What modgate's 502 says about it. */
        String modgateSays() {
            if (name.equals("caseversion")) return "returned info for version v1.9.9 instead of requested version v1.0.0";
            return kind.equals("info") ? "sent an .info the go command rejects: " : "go.mod";
        }

        String module() { return "example.com/hostile/" + name; }

        @Override public String toString() { return name; }
    }

    static final List<Case> CASES = List.of(
            new Case("portalinfo", "info", PORTAL, "invalid response from proxy"),
            new Case("caseversion", "info", "{\"Version\":\"v1.0.0\",\"VERSION\":\"v1.9.9\"}", "proxy returned info for version v1.9.9 instead of requested version"),
            new Case("trailing", "info", GOOD_INFO + "\n<html>", "invalid response from proxy"),
            new Case("notime", "info", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00Z\"}", "parsing time"),
            new Case("lowert", "info", "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01t00:00:00z\"}", "parsing time"),
            new Case("bigyear", "info", "{\"Version\":\"v1.0.0\",\"Time\":\"20230-01-01T00:00:00Z\"}", "parsing time"),
            new Case("originnumber", "info", "{\"Version\":\"v1.0.0\",\"Origin\":5}", "cannot unmarshal number"),
            // 10001 open brackets, the outermost object included: one more than Go's JSON scanner allows.
            new Case("toodeep", "info", nested(10_000), "exceeded max depth"),
            new Case("portalmod", "mod", PORTAL, "parsing go.mod"),
            new Case("reflisting", "mod", REF_LISTING, "go.mod"),
            new Case("nomoduleline", "mod", "go 1.19\n", "missing module line"),
            // The .mod answered by a redirect to a git server's ref listing (see start()).
            new Case("redirected", "mod", null, "go.mod"));

    /** A valid .info for v1.0.0 with an extra field of {@code depth} nested arrays. */
    static String nested(int depth) {
        return "{\"Version\":\"v1.0.0\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    @TempDir static Path tmp;
    static Path data;
    static StaticHttpServer upstream;
    static TestModgate modgate;
    static GoTool go;

    @BeforeAll static void start() throws Exception {
        Path tree = tmp.resolve("tree");
        for (Case c : CASES) {
            Path dir = Files.createDirectories(tree.resolve(c.module()).resolve("@v"));
            Files.writeString(dir.resolve("list"), "v1.0.0\n");
            Files.writeString(dir.resolve("v1.0.0.info"), c.kind().equals("info") ? c.body() : GOOD_INFO);
            if (c.body() != null) Files.writeString(dir.resolve("v1.0.0.mod"), c.kind().equals("mod") ? c.body() : "module " + c.module() + "\n");
        }
        Files.createDirectories(tree.resolve("git/repo.git/info"));
        Files.writeString(tree.resolve("git/repo.git/info/refs"), REF_LISTING);
        Path good = Files.createDirectories(tree.resolve("example.com/good/@v"));
        Files.writeString(good.resolve("v1.0.0.info"), "{\"version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00.5+01:00\",\"Origin\":{\"VCS\":\"git\"}}");
        Files.writeString(good.resolve("v1.0.0.mod"), "module example.com/good\n");
        // Exactly as deep as Go's JSON scanner allows (10000 levels): the go command accepts it.
        Path deep = Files.createDirectories(tree.resolve("example.com/deepest/@v"));
        Files.writeString(deep.resolve("v1.0.0.info"), nested(9_999));
        Files.writeString(deep.resolve("v1.0.0.mod"), "module example.com/deepest\n");
        upstream = new StaticHttpServer(tree);
        upstream.redirect("/example.com/hostile/redirected/@v/v1.0.0.mod", upstream.url() + "/git/repo.git/info/refs?service=git-upload-pack");
        data = tmp.resolve("data");
        modgate = new TestModgate(data, upstream.url());
        go = new GoTool(tmp.resolve("go"));
    }

    @AfterAll static void stop() throws Exception {
        if (modgate != null) modgate.close();
        if (upstream != null) upstream.close();
    }

    static List<Case> cases() {
        return CASES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedLikeTheGoCommandAndNothingStored(Case c) throws Exception {
        // The reference: the go command itself, reading the same upstream.
        GoTool.Result direct = goGet(c, upstream.url(), "direct-" + c.name());
        assertThat(direct.exit()).as(direct.all()).isNotZero();
        assertThat(direct.all()).contains(c.goSays());

        String url = "/" + c.module() + "/@v/v1.0.0." + c.kind();
        var r = modgate.get(url);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(502);
        assertThat(body).startsWith("upstream sent an invalid " + c.module() + "@v1.0.0 ." + c.kind());
        assertThat(body).contains(c.modgateSays());
        assertThat(body.lines().filter(l -> l.contains(upstream.url()))).as("the upstream's reason is one line").hasSize(1);
        assertThat(data.resolve(c.module())).as("nothing stored").doesNotExist();
        int before = upstream.hits(url);
        assertThat(modgate.get(url).statusCode()).isEqualTo(502);
        assertThat(upstream.hits(url)).as("not cached: asked again").isEqualTo(before + 1);

        // And a client of modgate fails as a direct client does, instead of receiving the body.
        GoTool.Result through = goGet(c, modgate.url(), "modgate-" + c.name());
        assertThat(through.exit()).as(through.all()).isNotZero();
        assertThat(data.resolve(c.module()).resolve("@v/v1.0.0." + c.kind())).as("the hostile file is not stored").doesNotExist();
        try (Stream<Path> s = Files.walk(data.resolve(".modgate/tmp"))) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".alive"))).as("no temporary file left").isEmpty();
        }
    }

    @Test void unusualButValidMetadataIsStored() throws Exception {
        var info = modgate.get("/example.com/good/@v/v1.0.0.info");
        assertThat(info.statusCode()).as(new String(info.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(modgate.get("/example.com/good/@v/v1.0.0.mod").statusCode()).isEqualTo(200);
        assertThat(data.resolve("example.com/good/@v/v1.0.0.info")).exists();
        assertThat(data.resolve("example.com/good/@v/v1.0.0.mod")).exists();

        var deepest = modgate.get("/example.com/deepest/@v/v1.0.0.info");
        assertThat(deepest.statusCode()).as("nested as deep as Go allows").isEqualTo(200);
        GoTool.Result direct = go.freshModCache("deepest").set("GOPROXY", upstream.url()).run(tmp, "list", "-m", "example.com/deepest@v1.0.0");
        assertThat(direct.exit()).as("the go command accepts it too: " + direct.all()).isZero();
    }

    /**
     * For a hostile .info: go get M@v1.0.0 (Stat reads the .info first). For a hostile go.mod: go list -m all in a
     * module requiring M, which loads the module graph from go.mod files alone (no zip needed).
     */
    private static GoTool.Result goGet(Case c, String proxy, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work-" + name));
        boolean info = c.kind().equals("info");
        Files.writeString(dir.resolve("go.mod"), "module example.com/client\n\ngo 1.19\n" + (info ? "" : "\nrequire " + c.module() + " v1.0.0\n"));
        GoTool g = go.freshModCache(name).set("GOPROXY", proxy).set("GOFLAGS", "-mod=mod");
        return info ? g.run(dir, "get", c.module() + "@v1.0.0") : g.run(dir, "list", "-m", "all");
    }
}
