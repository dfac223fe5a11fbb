package dev.modgate.e2e;

import static dev.modgate.e2e.PolicyFixture.body;
import static dev.modgate.e2e.PolicyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.modgate.testing.DataDirLayout;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.TestModgate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, checked from outside: the real go command through modgate with a policy file, one server for the class
 * whose policy each test rewrites (the server picks it up within a second; {@link PolicyFixture#use} waits for it).
 * GOPROXY is "modgate,direct" throughout: a refusal must stop the go command, never send it around modgate.
 */
class PolicyEndToEndTest {
    @TempDir static Path tmp;
    static PolicyFixture fixture;
    static TestModgate modgate;
    static GoTool go;
    static Path data;
    static int caches;

    @BeforeAll static void start() throws Exception {
        go = new GoTool(tmp.resolve("home"));
        fixture = new PolicyFixture(tmp);
        data = tmp.resolve("data");
        modgate = new TestModgate(TestModgate.config(data, fixture.upstream()).policy(fixture.policy), Map.of());
        go.set("GOPROXY", modgate.url() + ",direct");
    }

    @AfterAll static void stop() throws Exception {
        if (modgate != null) modgate.close();
    }

    /** The go command with an empty module cache, in a new module directory (so every answer comes from modgate). */
    static GoTool.Result goIn(Path dir, String... args) throws Exception {
        go.freshModCache("c" + (++caches));
        return go.run(dir, args);
    }

    static Path module(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("go.mod"), "module example.com/work/" + name + "\n\ngo 1.19\n");
        return dir;
    }

    @Test
    void aDeniedVersionFailsWithTheRefusalAndNoFallbackToDirect() throws Exception {
        fixture.use(modgate, """
                # end-to-end policy
                contact "ask #platform-security on chat"
                deny example.com/b <v1.1.0 reason "CVE-2026-0001: use v1.1.0 or later"
                """);
        GoTool.Result r = goIn(Files.createDirectories(tmp.resolve("outside")), "mod", "download", "example.com/b@v1.0.0");
        assertThat(r.exit()).as(r.all()).isNotZero();
        assertThat(r.stderr()).as(r.all())
                .contains("403 Forbidden")
                .contains("denied by policy: example.com/b@v1.0.0")
                .contains("policy.txt:3")
                .contains("CVE-2026-0001: use v1.1.0 or later")
                .contains("ask #platform-security on chat")
                // The go command tries direct only after a 404 or 410: none of direct mode's errors may appear.
                .doesNotContain("unrecognized import path")
                .doesNotContain("git ls-remote")
                .doesNotContain("https://example.com/b?go-get=1");

        var zip = modgate.get("/example.com/b/@v/v1.0.0.zip");
        assertThat(zip.statusCode()).isEqualTo(403);
        assertThat(body(zip)).startsWith("denied by policy: example.com/b@v1.0.0").contains("policy.txt:3");
        assertThat(header(zip)).isEqualTo("deny policy.txt:3");
        assertThat(zip.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        // The module graph needs the go.mod of versions it never selects: .info and .mod are answered.
        for (String ext : List.of("info", "mod")) assertThat(modgate.get("/example.com/b/@v/v1.0.0." + ext).statusCode()).as(ext).isEqualTo(200);
        var allowed = modgate.get("/example.com/b/@v/v1.1.0.zip");
        assertThat(allowed.statusCode()).isEqualTo(200);
        // Allowed now, refused after a policy edit: a shared cache in front must not keep it for a year.
        assertThat(allowed.headers().firstValue("cache-control").orElse("")).doesNotContain("immutable").startsWith("public, max-age=");
        assertThat(modgate.get("/example.com/b/@v/v1.1.0.zip").headers().firstValue("cache-control").orElse("")).as("mapped, as a hit")
                .doesNotContain("immutable");
    }

    @Test
    void rulesAreAboutModulePathsNotTheirCaseEncodedUrls() throws Exception {
        fixture.use(modgate, "deny example.com/Upper reason \"not reviewed\"\n");
        var zip = modgate.get("/example.com/!upper/@v/v1.0.0.zip");
        assertThat(zip.statusCode()).isEqualTo(403);
        assertThat(body(zip)).startsWith("denied by policy: example.com/Upper@v1.0.0");
        assertThat(body(modgate.get("/example.com/!upper/@v/list"))).isEmpty();
        GoTool.Result r = goIn(Files.createDirectories(tmp.resolve("upper")), "mod", "download", "example.com/Upper@v1.0.0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).as(r.all()).contains("denied by policy: example.com/Upper@v1.0.0").doesNotContain("unrecognized import path");
    }

    @Test
    void aBuildSucceedsWhenADeniedVersionIsOnlyInTheModuleGraph() throws Exception {
        fixture.use(modgate, "deny example.com/b <v1.1.0 reason \"CVE-2026-0001\"\n");
        Path app = Files.createDirectories(tmp.resolve("app"));
        // example.com/a (go 1.16: unpruned) requires b v1.0.0, which is denied; the build selects b v1.1.0.
        Files.writeString(app.resolve("go.mod"), """
                module example.com/app

                go 1.19

                require (
                \texample.com/a v1.0.0
                \texample.com/b v1.1.0
                )
                """);
        Files.writeString(app.resolve("main.go"), """
                package main

                import (
                \t"fmt"

                \t"example.com/a"
                \t"example.com/b"
                )

                func main() { fmt.Println(a.Name, b.Name) }
                """);
        GoTool.Result build = goIn(app, "build", "-o", "app", ".");
        assertThat(build.exit()).as(build.all()).isZero();
        GoTool.Result all = go.run(app, "mod", "download", "all");
        assertThat(all.exit()).as(all.all()).isZero();
        GoTool.Result graph = go.run(app, "mod", "graph");
        assertThat(graph.stdout()).as("the denied version is part of the module graph").contains("example.com/a@v1.0.0 example.com/b@v1.0.0");
        Path cache = tmp.resolve("home/modcache-c" + caches + "/cache/download/example.com/b/@v");
        assertThat(cache.resolve("v1.0.0.mod")).as("its go.mod was read through modgate").exists();
        assertThat(cache.resolve("v1.0.0.zip")).doesNotExist();
        assertThat(cache.resolve("v1.1.0.zip")).exists();
    }

    @Test
    void listsOmitDeniedAndRetractedVersionsLatestIsTheNewestAllowedAndPinsAreAllAPinnedModuleOffers() throws Exception {
        fixture.use(modgate, """
                deny example.com/lib v1.1.0 || v1.4.0 reason "bad releases"
                pin example.com/pinned v1.1.0
                retracted hide
                """);
        Path work = module("lists");
        // -retracted: the go command itself would hide v1.3.0 (retracted by v1.4.0's go.mod); here only modgate does.
        GoTool.Result lib = goIn(work, "list", "-m", "-retracted", "-versions", "example.com/lib");
        assertThat(lib.exit()).as(lib.all()).isZero();
        assertThat(lib.stdout().strip()).isEqualTo("example.com/lib v1.0.0 v1.2.0");
        assertThat(header(modgate.get("/example.com/lib/@v/list"))).startsWith("3 version(s) left out by policy ");
        GoTool.Result pinned = go.run(work, "list", "-m", "-retracted", "-versions", "example.com/pinned");
        assertThat(pinned.stdout().strip()).as(pinned.all()).isEqualTo("example.com/pinned v1.1.0");

        GoTool.Result get = go.run(work, "get", "example.com/lib@latest", "example.com/pinned@latest");
        assertThat(get.exit()).as(get.all()).isZero();
        String goMod = Files.readString(work.resolve("go.mod"));
        assertThat(goMod).contains("example.com/lib v1.2.0").contains("example.com/pinned v1.1.0");
        // The upstream's @latest names v1.4.0, which is denied: modgate names the newest version it lists instead.
        var latest = modgate.get("/example.com/lib/@latest");
        assertThat(body(latest)).as(body(latest)).contains("\"Version\":\"v1.2.0\"");

        GoTool.Result unpinned = go.run(work, "mod", "download", "example.com/pinned@v1.2.0");
        assertThat(unpinned.exit()).isNotZero();
        assertThat(unpinned.stderr()).as(unpinned.all()).contains("denied by policy: example.com/pinned@v1.2.0").contains("policy.txt:2");

        // hide: a retracted version is still downloadable (a build that pins it keeps working) ...
        assertThat(modgate.get("/example.com/lib/@v/v1.3.0.zip").statusCode()).isEqualTo(200);
        // ... deny: it is refused.
        fixture.use(modgate, "retracted deny\n");
        var retracted = modgate.get("/example.com/lib/@v/v1.3.0.zip");
        assertThat(retracted.statusCode()).isEqualTo(403);
        assertThat(body(retracted)).contains("retracted").contains("policy.txt:1");
        assertThat(header(retracted)).isEqualTo("deny policy.txt:1");
        assertThat(body(modgate.get("/example.com/lib/@v/list"))).isEqualTo("v1.0.0\nv1.1.0\nv1.2.0\nv1.4.0\n");
    }

    @Test
    void aCooldownHoldsVersionsFirstSeenNowButNotOnesStoredLongAgo() throws Exception {
        fixture.use(modgate, "default allow\n");
        // v1.0.0 came in a month ago (its files say so); v1.1.0 and v1.2.0 are new to modgate.
        for (String ext : List.of("info", "mod", "zip")) {
            assertThat(modgate.get("/example.com/cool/@v/v1.0.0." + ext).statusCode()).isEqualTo(200);
            Path f = DataDirLayout.versionFile(data, "example.com/cool", "v1.0.0", ext);
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(30, ChronoUnit.DAYS)));
        }
        fixture.use(modgate, "cooldown example.com/cool 7d\n");
        Path work = module("cool");
        GoTool.Result list = goIn(work, "list", "-m", "-versions", "example.com/cool");
        assertThat(list.stdout().strip()).as(list.all()).isEqualTo("example.com/cool v1.0.0");
        GoTool.Result get = go.run(work, "get", "example.com/cool@latest");
        assertThat(get.exit()).as(get.all()).isZero();
        assertThat(Files.readString(work.resolve("go.mod"))).contains("example.com/cool v1.0.0");

        var held = modgate.get("/example.com/cool/@v/v1.2.0.zip");
        assertThat(held.statusCode()).isEqualTo(403);
        assertThat(body(held)).startsWith("denied by policy: example.com/cool@v1.2.0").contains("held until").contains("policy.txt:1");
        assertThat(header(held)).startsWith("hold policy.txt:1 until ");
        Instant until = Instant.parse(header(held).substring("hold policy.txt:1 until ".length()));
        // shown to the next whole second, so never earlier than the hold really ends
        assertThat(until).isBetween(Instant.now().plus(7, ChronoUnit.DAYS).minusSeconds(120), Instant.now().plus(7, ChronoUnit.DAYS).plusSeconds(1));
    }

    @Test
    void theWebhookDecidesDownloadsAndATimeoutFollowsOnError() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool();
        hook.setExecutor(threads);
        hook.createContext("/", ex -> {
            asked.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (ex.getRequestURI().getPath().equals("/slow")) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = (switch (ex.getRequestURI().getPath()) {
                case "/lying" -> "{\"Valid\":false,\"Reason\":\"license AGPL-3.0 is not approved here\"}";
                case "/terse" -> "{\"Valid\":false}";
                default -> "{\"Valid\":true,\"Reason\":\"\"}";
            }).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            try {
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
            } catch (java.io.IOException gone) {
                // modgate gave up waiting: what the slow case is about
            }
            ex.close();
        });
        hook.start();
        String base = "http://127.0.0.1:" + hook.getAddress().getPort();
        try {
            // A generous timeout where the answer is what counts (a cold JVM's first POST may take a while), and
            // on-error=allow: a 403 can only be the webhook's answer.
            fixture.use(modgate, "webhook " + base + "/lying timeout=10s on-error=allow\n");
            var refused = modgate.get("/example.com/hooked/@v/v1.0.0.zip");
            assertThat(refused.statusCode()).as("X-Modgate-Policy: %s", header(refused)).isEqualTo(403);
            assertThat(body(refused)).startsWith("denied by policy: example.com/hooked@v1.0.0").contains("license AGPL-3.0 is not approved here");
            assertThat(header(refused)).isEqualTo("deny policy.txt:1");
            assertThat(asked).anySatisfy(a -> assertThat(a).startsWith("POST /lying ")
                    .contains("\"Module\":\"example.com/hooked\"").contains("\"Version\":\"v1.0.0\"").contains("\"Kind\"").contains("\"Client\""));
            assertThat(modgate.get("/example.com/hooked/@v/v1.0.0.mod").statusCode()).isEqualTo(200);
            GoTool.Result r = goIn(Files.createDirectories(tmp.resolve("hooked")), "mod", "download", "example.com/hooked@v1.0.0");
            assertThat(r.exit()).isNotZero();
            assertThat(r.stderr()).as(r.all()).contains("license AGPL-3.0 is not approved here").doesNotContain("unrecognized import path");

            // No reason given: refused all the same, with words of modgate's own.
            fixture.use(modgate, "webhook " + base + "/terse timeout=10s on-error=allow\n");
            var terse = modgate.get("/example.com/hooked/@v/v1.0.0.zip");
            assertThat(terse.statusCode()).as("X-Modgate-Policy: %s", header(terse)).isEqualTo(403);
            assertThat(body(terse)).startsWith("denied by policy: example.com/hooked@v1.0.0").contains("policy.txt:1");

            fixture.use(modgate, "webhook " + base + "/slow timeout=300ms on-error=deny\n");
            long start = System.nanoTime();
            var timedOut = modgate.get("/example.com/hooked/@v/v1.0.0.zip");
            assertThat(timedOut.statusCode()).as("X-Modgate-Policy: %s", header(timedOut)).isEqualTo(403);
            assertThat(body(timedOut)).startsWith("denied by policy: example.com/hooked@v1.0.0").contains("policy.txt:1");
            assertThat((System.nanoTime() - start) / 1_000_000).as("answered after the webhook's timeout, not its answer").isLessThan(1900);

            fixture.use(modgate, "webhook " + base + "/slow timeout=300ms on-error=allow\n");
            var allowed = modgate.get("/example.com/hooked/@v/v1.0.0.zip");
            assertThat(allowed.statusCode()).as(body(allowed)).isEqualTo(200);
        } finally {
            hook.stop(0);
            threads.shutdownNow();
        }
    }

    @Test
    void dryRunServesAndMarksWhatItWouldRefuseAndFiltersNothing() throws Exception {
        fixture.use(modgate, """
                mode dry-run
                deny example.com/b <v1.1.0 reason "CVE-2026-0001"
                deny example.com/lib v1.1.0
                """);
        var zip = modgate.get("/example.com/b/@v/v1.0.0.zip");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(header(zip)).isEqualTo("dry-run deny policy.txt:2");
        var unfiltered = modgate.get("/example.com/lib/@v/list");
        assertThat(body(unfiltered)).isEqualTo("v1.0.0\nv1.1.0\nv1.2.0\nv1.3.0\nv1.4.0\n");
        assertThat(header(unfiltered)).isEqualTo("dry-run: 1 version(s) would be left out");
        GoTool.Result r = goIn(Files.createDirectories(tmp.resolve("dry")), "mod", "download", "example.com/b@v1.0.0", "example.com/lib@v1.1.0");
        assertThat(r.exit()).as(r.all()).isZero();
        GoTool.Result list = go.run(module("drylist"), "list", "-m", "-retracted", "-versions", "example.com/lib");
        assertThat(list.stdout().strip()).as(list.all()).isEqualTo("example.com/lib v1.0.0 v1.1.0 v1.2.0 v1.3.0 v1.4.0");
    }

    @Test
    void aCachedVersionIsGatedExactlyLikeAFreshOne() throws Exception {
        fixture.use(modgate, "default allow\n");
        assertThat(modgate.get("/example.com/lib/@v/v1.2.0.zip").statusCode()).isEqualTo(200);
        var hit = modgate.get("/example.com/lib/@v/v1.2.0.zip");
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.headers().firstValue("x-modgate-cache")).contains("HIT");

        fixture.use(modgate, "deny example.com/lib v1.2.0 reason \"found to be malicious\"\n");
        var refused = modgate.get("/example.com/lib/@v/v1.2.0.zip");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(body(refused)).startsWith("denied by policy: example.com/lib@v1.2.0").contains("found to be malicious");
        assertThat(header(refused)).isEqualTo("deny policy.txt:1");
        // Nor by a conditional, ranged or HEAD request, the ways caches between client and modgate ask.
        String etag = hit.headers().firstValue("etag").orElseThrow();
        URI zip = URI.create(modgate.url() + "/example.com/lib/@v/v1.2.0.zip");
        assertThat(modgate.send(HttpRequest.newBuilder(zip).header("If-None-Match", etag).build()).statusCode()).isEqualTo(403);
        assertThat(modgate.send(HttpRequest.newBuilder(zip).header("Range", "bytes=0-10").build()).statusCode()).isEqualTo(403);
        assertThat(modgate.send(HttpRequest.newBuilder(zip).method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(403);
        GoTool.Result r = goIn(Files.createDirectories(tmp.resolve("cached")), "mod", "download", "example.com/lib@v1.2.0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).as(r.all()).contains("denied by policy: example.com/lib@v1.2.0");
        assertThat(body(modgate.get("/example.com/lib/@v/list"))).doesNotContain("v1.2.0");
    }
}
