package dev.modgate.e2e;

import dev.modgate.testing.DataDirLayout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.sumdb.PrivateSumDb;
import dev.modgate.testing.Cli;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.SyntheticGraph;
import dev.modgate.testing.Tamper;
import dev.modgate.testing.TestModgate;
import dev.modgate.testing.TestSumDb;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public checksum database goes down and comes back while modgate runs a private log (issue 12, item 4): what
 * is served meanwhile is served unverified but never logged, a lookup of it in the private log says it is not
 * logged (so the go command with GOSUMDB = the private log refuses it), and once the database answers again a
 * genuine zip is logged and a tampered one is refused loudly and its stored copy removed.
 */
class SumDbOutageRecoveryTest {
    static final String NAME = "sumdb.modgate.test";
    static final String MOD = "example.com/lib29";
    static final String GENUINE = "v1.0.0";
    static final String TAMPERED = "v1.1.0";
    static final String OTHER = "example.com/lib27";
    @TempDir Path tmp;

    static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    @Test
    void whatWasServedDuringAnOutageIsLoggedOnlyOnceVerifiedAndATamperedZipNever() throws Exception {
        Path tree = tmp.resolve("tree");
        SyntheticGraph.write(tree, tmp.resolve("project"));
        try (StaticHttpServer upstream = new StaticHttpServer(tree); TestSumDb publicDb = new TestSumDb("sum.test.example")) {
            List<ModuleVersion> versions = GoproxyTree.scan(tree);
            publicDb.addFromTree(tree, versions);
            // The origin replaces v1.1.0's zip after the public database logged the genuine one.
            Path tamperedZip = GoproxyTree.file(tree, MOD, TAMPERED, "zip");
            String genuineH1 = DirHash.hashZip(tamperedZip);
            Tamper.zip(tamperedZip);
            String tamperedH1 = DirHash.hashZip(tamperedZip);
            // And another origin replaces a go.mod (served from memory once read: that copy must go too).
            Path tamperedMod = GoproxyTree.file(tree, OTHER, GENUINE, "mod");
            Files.writeString(tamperedMod, Files.readString(tamperedMod) + "\n// tampered\n");
            publicDb.failWith(503);

            Path data = tmp.resolve("data");
            ServerConfig.Builder cfg = TestModgate.config(data, upstream.url()).listTtl(Duration.ofSeconds(1))
                    .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(publicDb.gosumdb())).privateName(NAME).build());
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                PrivateSumDb log = m.server().pipeline().sumdbs().privateDb();
                GoTool go = new GoTool(tmp.resolve("home")).set("GOPROXY", m.url()).set("GOSUMDB", log.verifierKey());

                // During the outage: both zips are served (unverified, as documented), neither is logged, and a lookup
                // in the private log says so instead of vouching.
                for (String v : List.of(GENUINE, TAMPERED)) {
                    assertThat(m.get("/" + MOD + "/@v/" + v + ".zip").statusCode()).isEqualTo(200);
                    HttpResponse<byte[]> lookup = m.get("/sumdb/" + NAME + "/lookup/" + MOD + "@" + v);
                    assertThat(lookup.statusCode()).as(text(lookup)).isEqualTo(404);
                    assertThat(text(lookup)).contains(MOD + "@" + v + " is not in the private checksum database " + NAME, "sum.test.example could not be reached");
                    assertThat(lookup.headers().firstValue("Cache-Control")).hasValue("no-store");
                }
                for (int i = 0; i < 2; i++) assertThat(text(m.get("/" + OTHER + "/@v/" + GENUINE + ".mod"))).endsWith("// tampered\n");
                // Their .info too, twice each (the second answer comes from memory): listed, and @latest names v1.1.0.
                for (int i = 0; i < 2; i++) {
                    for (String v : List.of(GENUINE, TAMPERED)) assertThat(m.get("/" + MOD + "/@v/" + v + ".info").statusCode()).isEqualTo(200);
                    assertThat(m.get("/" + OTHER + "/@v/" + GENUINE + ".info").statusCode()).isEqualTo(200);
                }
                assertThat(text(cachedOnly(m, "/" + MOD + "/@v/list"))).isEqualTo(GENUINE + "\n" + TAMPERED + "\n");
                assertThat(text(cachedOnly(m, "/" + MOD + "/@latest"))).contains("\"" + TAMPERED + "\"");
                assertThat(text(cachedOnly(m, "/" + OTHER + "/@v/list"))).isEqualTo(GENUINE + "\n");
                assertThat(log.size()).isZero();
                Path servedTampered = DataDirLayout.versionFile(m.server().pipeline().store(), MOD, TAMPERED, "zip");
                Path servedTamperedMod = DataDirLayout.versionFile(m.server().pipeline().store(), OTHER, GENUINE, "mod");
                assertThat(DirHash.hashZip(servedTampered)).isEqualTo(tamperedH1);

                // The go command verifying against the private log refuses both meanwhile.
                for (String v : List.of(GENUINE, TAMPERED)) {
                    GoTool.Result r = go.freshModCache("down-" + v).run(tmp, "mod", "download", MOD + "@" + v);
                    assertThat(r.exit()).as(r.all()).isNotZero();
                    assertThat(r.stderr()).contains("verifying", MOD + "@" + v, "not in the private checksum database");
                }
                assertThat(log.size()).isZero();

                // The database answers again: with no client asking, the genuine zip is verified and logged, the tampered
                // one refused and moved out of the tree.
                publicDb.failWith(0);
                await(() -> log.size() == 1 && !Files.exists(servedTampered) && !Files.exists(servedTamperedMod),
                        "the genuine zip logged and the tampered zip and go.mod quarantined");
                // A quarantined version is gone with its .info: not listed, not @latest, its .info not served from the
                // store or from memory (asked for again, it is fetched anew).
                assertThat(text(cachedOnly(m, "/" + MOD + "/@v/list"))).isEqualTo(GENUINE + "\n");
                HttpResponse<byte[]> latest = cachedOnly(m, "/" + MOD + "/@latest");
                assertThat(latest.statusCode()).isEqualTo(200);
                assertThat(text(latest)).contains("\"" + GENUINE + "\"").doesNotContain(TAMPERED);
                assertThat(text(cachedOnly(m, "/" + OTHER + "/@v/list"))).doesNotContain(GENUINE);
                assertThat(cachedOnly(m, "/" + MOD + "/@v/" + TAMPERED + ".info").statusCode()).isEqualTo(404);
                assertThat(cachedOnly(m, "/" + OTHER + "/@v/" + GENUINE + ".info").statusCode()).isEqualTo(404);
                HttpResponse<byte[]> info = m.get("/" + MOD + "/@v/" + TAMPERED + ".info");
                assertThat(info.statusCode()).isEqualTo(200);
                assertThat(info.headers().firstValue("X-Modgate-Cache")).as("fetched anew, not answered from memory").hasValue("MISS");
                HttpResponse<byte[]> mod = m.get("/" + OTHER + "/@v/" + GENUINE + ".mod");
                assertThat(mod.statusCode()).as("the tampered go.mod is not served from memory either").isEqualTo(403);
                assertThat(text(mod)).startsWith("SECURITY ERROR");
                HttpResponse<byte[]> logged = m.get("/sumdb/" + NAME + "/lookup/" + MOD + "@" + GENUINE);
                assertThat(logged.statusCode()).isEqualTo(200);
                assertThat(text(logged)).contains(MOD + " " + GENUINE + " " + DirHash.hashZip(GoproxyTree.file(tree, MOD, GENUINE, "zip")));
                assertThat(m.server().pipeline().sumdbs().securityErrors()).isPositive();
                Path quarantine = data.resolve(".modgate/quarantine");
                try (Stream<Path> s = Files.walk(quarantine)) {
                    List<Path> files = s.filter(Files::isRegularFile).toList();
                    Path zip = files.stream().filter(p -> p.getFileName().toString().equals("v1.1.0.zip")).findFirst().orElseThrow();
                    Path report = zip.resolveSibling("REPORT");
                    assertThat(Files.readString(report)).contains(MOD + "@" + TAMPERED, "stored or served UNVERIFIED", tamperedH1, genuineH1);
                }
                assertThat(data.resolve(".modgate/sumdb/sum.test.example/unverified")).isEmptyDirectory();

                // The tampered zip is not served again, never logged, and the go command still refuses it.
                HttpResponse<byte[]> again = m.get("/" + MOD + "/@v/" + TAMPERED + ".zip");
                assertThat(again.statusCode()).isEqualTo(403);
                assertThat(text(again)).startsWith("SECURITY ERROR");
                HttpResponse<byte[]> lookup = m.get("/sumdb/" + NAME + "/lookup/" + MOD + "@" + TAMPERED);
                assertThat(lookup.statusCode()).isEqualTo(403);
                GoTool.Result bad = go.freshModCache("up-tampered").run(tmp, "mod", "download", MOD + "@" + TAMPERED);
                assertThat(bad.exit()).as(bad.all()).isNotZero();
                assertThat(bad.stderr()).contains("SECURITY ERROR");
                assertThat(log.size()).isEqualTo(1);
                assertThat(log.hash(MOD, TAMPERED, false)).isNull();

                // The genuine one is now vouched for by the private log.
                GoTool.Result good = go.freshModCache("up-genuine").run(tmp, "mod", "download", MOD + "@" + GENUINE);
                assertThat(good.exit()).as(good.all()).isZero();
            }
        }
    }

    /** A record of what was served unverified survives a restart: the next run verifies it. */
    @Test
    void aVersionServedUnverifiedBeforeARestartIsVerifiedAfterIt() throws Exception {
        Path tree = tmp.resolve("tree");
        SyntheticGraph.write(tree, tmp.resolve("project"));
        try (StaticHttpServer upstream = new StaticHttpServer(tree); TestSumDb publicDb = new TestSumDb("sum.test.example")) {
            publicDb.addFromTree(tree, GoproxyTree.scan(tree));
            Tamper.zip(GoproxyTree.file(tree, MOD, TAMPERED, "zip"));
            publicDb.failWith(503);
            Path data = tmp.resolve("data");
            ServerConfig.Builder cfg = TestModgate.config(data, upstream.url()).listTtl(Duration.ofSeconds(1))
                    .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(publicDb.gosumdb())).privateName(NAME).build());
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                assertThat(m.get("/" + MOD + "/@v/" + GENUINE + ".zip").statusCode()).isEqualTo(200);
                assertThat(m.get("/" + MOD + "/@v/" + TAMPERED + ".zip").statusCode()).isEqualTo(200);
                assertThat(m.server().pipeline().sumdbs().privateDb().size()).isZero();
            }
            publicDb.failWith(0);
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                PrivateSumDb log = m.server().pipeline().sumdbs().privateDb();
                Path servedTampered = DataDirLayout.versionFile(m.server().pipeline().store(), MOD, TAMPERED, "zip");
                await(() -> log.size() == 1 && !Files.exists(servedTampered), "the genuine zip logged and the tampered one quarantined after a restart");
                assertThat(log.hash(MOD, GENUINE, false)).isNotNull();
                assertThat(log.hash(MOD, TAMPERED, false)).isNull();
            }
        }
    }

    /**
     * Two servers share one data directory: the one without --sumdb holds a go.mod in memory that the other stored
     * unverified during an outage; once the database refuses it and the first quarantines it, the second stops
     * serving it from memory within a bounded time (it is told through the quarantine's .generation file).
     */
    @Test
    void aQuarantinedGoModIsNotServedFromTheMemoryOfAnotherProcess() throws Exception {
        Path tree = tmp.resolve("tree");
        SyntheticGraph.write(tree, tmp.resolve("project"));
        try (StaticHttpServer upstream = new StaticHttpServer(tree); TestSumDb publicDb = new TestSumDb("sum.test.example")) {
            publicDb.addFromTree(tree, GoproxyTree.scan(tree));
            Path tamperedMod = GoproxyTree.file(tree, OTHER, GENUINE, "mod");
            Files.writeString(tamperedMod, Files.readString(tamperedMod) + "\n// tampered\n");
            publicDb.failWith(503);
            Path data = tmp.resolve("data");
            ServerConfig.Builder checking = TestModgate.config(data, upstream.url()).listTtl(Duration.ofSeconds(1))
                    .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(publicDb.gosumdb())).privateName("").build());
            try (TestModgate first = new TestModgate(checking, Map.of());
                 TestModgate second = new TestModgate(TestModgate.config(data, upstream.url()), Map.of())) {
                String mod = "/" + OTHER + "/@v/" + GENUINE + ".mod";
                String info = "/" + OTHER + "/@v/" + GENUINE + ".info";
                assertThat(text(first.get(mod))).endsWith("// tampered\n");
                assertThat(first.get(info).statusCode()).isEqualTo(200);
                // The second reads them from the shared store, and from its memory after that.
                for (int i = 0; i < 3; i++) {
                    HttpResponse<byte[]> r = cachedOnly(second, mod);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(text(r)).endsWith("// tampered\n");
                    assertThat(cachedOnly(second, info).statusCode()).isEqualTo(200);
                }
                Path stored = DataDirLayout.versionFile(first.server().pipeline().store(), OTHER, GENUINE, "mod");

                publicDb.failWith(0);
                await(() -> !Files.exists(stored), "the tampered go.mod quarantined by the first server");
                await(() -> status(second, mod) == 404 && status(second, info) == 404,
                        "the second server stops serving the quarantined go.mod and its .info from memory");
                assertThat(text(cachedOnly(second, "/" + OTHER + "/@v/list"))).doesNotContain(GENUINE);
            }
        }
    }

    /**
     * A copy imported from a bundle without database data, looked up in the private log while the public database is
     * down, is recorded like a download served meanwhile; the words say what happened to it ("stored or served"), and
     * once the database refuses it, it leaves the list and the .info with it.
     */
    @Test
    void anImportedCopyCheckedDuringAnOutageIsQuarantinedWithWordsThatFitAnImport() throws Exception {
        Path tree = tmp.resolve("tree");
        SyntheticGraph.write(tree, tmp.resolve("project"));
        try (StaticHttpServer upstream = new StaticHttpServer(tree); TestSumDb publicDb = new TestSumDb("sum.test.example")) {
            publicDb.addFromTree(tree, GoproxyTree.scan(tree));
            Tamper.zip(GoproxyTree.file(tree, MOD, TAMPERED, "zip"));
            Path online = tmp.resolve("online");
            try (TestModgate m = new TestModgate(online, upstream.url())) { // --sumdb off: stored unchecked
                for (String f : List.of("info", "mod", "zip")) assertThat(m.get("/" + MOD + "/@v/" + TAMPERED + "." + f).statusCode()).isEqualTo(200);
            }
            Path bundle = tmp.resolve("b.tar");
            Cli.Result export = Cli.run("bundle", "export", "--data", online.toString(), "--sumdb", "off", "-o", bundle.toString());
            assertThat(export.exit()).as(export.err()).isZero();
            Path data = tmp.resolve("data");
            Cli.Result imp = Cli.run("bundle", "import", "--data", data.toString(), "--sumdb", "off", bundle.toString());
            assertThat(imp.exit()).as(imp.err()).isZero();

            publicDb.failWith(503);
            ServerConfig.Builder cfg = TestModgate.config(data, "http://127.0.0.1:9").listTtl(Duration.ofSeconds(1))
                    .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(publicDb.gosumdb())).privateName(NAME).build());
            try (TestModgate m = new TestModgate(cfg, Map.of())) {
                assertThat(text(cachedOnly(m, "/" + MOD + "/@v/list"))).isEqualTo(TAMPERED + "\n");
                HttpResponse<byte[]> lookup = m.get("/sumdb/" + NAME + "/lookup/" + MOD + "@" + TAMPERED);
                assertThat(lookup.statusCode()).as(text(lookup)).isEqualTo(404);
                assertThat(text(lookup)).contains("modgate stored or served it without verification while the checksum database sum.test.example could not be reached");

                publicDb.failWith(0);
                Path stored = DataDirLayout.versionFile(m.server().pipeline().store(), MOD, TAMPERED, "zip");
                await(() -> !Files.exists(stored), "the imported tampered zip quarantined");
                try (Stream<Path> files = Files.walk(data.resolve(".modgate/quarantine"))) {
                    Path report = files.filter(p -> p.getFileName().toString().equals("REPORT")).findFirst().orElseThrow();
                    assertThat(Files.readString(report)).contains(MOD + "@" + TAMPERED, "was stored or served UNVERIFIED while the checksum database");
                    assertThat(report.resolveSibling(TAMPERED + ".info")).exists();
                }
                assertThat(text(cachedOnly(m, "/" + MOD + "/@v/list"))).doesNotContain(TAMPERED);
                assertThat(cachedOnly(m, "/" + MOD + "/@latest").statusCode()).isEqualTo(404);
            }
        }
    }

    private static int status(TestModgate m, String path) {
        try {
            return cachedOnly(m, path).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Answered from the data directory only (goproxy's Disable-Module-Fetch), as the go command would get it offline. */
    static HttpResponse<byte[]> cachedOnly(TestModgate m, String path) throws Exception {
        return m.send(HttpRequest.newBuilder(URI.create(m.url() + path)).header("Disable-Module-Fetch", "true").GET().build());
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            Thread.sleep(100);
        }
    }
}
