package dev.modgate.e2e;

import dev.modgate.testing.DataDirLayout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.SyntheticGraph;
import dev.modgate.testing.Tamper;
import dev.modgate.testing.TestModgate;
import dev.modgate.testing.TestSumDb;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checksum database run by the test stands in for sum.golang.org (--sumdb "name+key url"): every download is
 * verified against it before it is stored, clients reach it through modgate, and a database that forks its history
 * is caught and refused.
 */
class PublicSumDbTest {
    static final String PRIVATE = "example.com/big";
    @TempDir Path tmp;
    Path tree;
    Path project;
    List<ModuleVersion> versions;
    StaticHttpServer upstream;
    TestSumDb db;
    String gosumdb;

    @BeforeEach void start() throws Exception {
        tree = tmp.resolve("tree");
        project = tmp.resolve("project");
        SyntheticGraph.write(tree, project);
        versions = GoproxyTree.scan(tree);
        upstream = new StaticHttpServer(tree);
        db = new TestSumDb("sumdb.test.example");
        // The public database knows every public module; the "private" ones it has never seen.
        db.addFromTree(tree, versions.stream().filter(mv -> !mv.path().startsWith(PRIVATE)).toList());
        gosumdb = db.gosumdb();
    }

    @AfterEach void stop() throws Exception {
        if (upstream != null) upstream.close();
        if (db != null) db.close();
    }

    ServerConfig.Builder config(Path data) {
        return TestModgate.config(data, upstream.url()).sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(gosumdb)).noSumDb(PRIVATE).build());
    }

    static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    static String header(HttpResponse<byte[]> r, String name) { return r.headers().firstValue(name).orElse(null); }

    @Test
    void everyDownloadIsVerifiedAndATamperedOneIsRefused() throws Exception {
        Path data = tmp.resolve("data");
        try (TestModgate m = new TestModgate(config(data), Map.of())) {
            assertThat(m.get("/example.com/lib0/@v/v1.0.0.mod").statusCode()).isEqualTo(200);
            assertThat(m.get("/example.com/lib0/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
            assertThat(db.requestsStartingWith("/lookup/example.com/lib0@v1.0.0")).as("one lookup serves both sums").isEqualTo(1);

            // The origin replaces a published zip: refused, with both sums named, and never stored.
            Path zip = GoproxyTree.file(tree, "example.com/lib1", "v1.0.0", "zip");
            String good = DirHash.hashZip(zip);
            Tamper.zip(zip);
            String bad = DirHash.hashZip(zip);
            for (int attempt = 1; attempt <= 2; attempt++) {
                var r = m.get("/example.com/lib1/@v/v1.0.0.zip");
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat(header(r, "cache-control")).isEqualTo("no-store");
                assertThat(text(r)).startsWith("SECURITY ERROR").contains("example.com/lib1@v1.0.0", "downloaded: " + bad, db.name() + ": " + good);
                assertThat(m.server().pipeline().sumdbs().securityErrors()).isEqualTo(attempt);
            }
            assertThat(DataDirLayout.versionFile(m.server().pipeline().store(), "example.com/lib1", "v1.0.0", "zip")).doesNotExist();

            // A go.mod too.
            Path mod = GoproxyTree.file(tree, "example.com/lib2", "v1.0.0", "mod");
            Files.writeString(mod, Files.readString(mod) + "// tampered\n");
            var r = m.get("/example.com/lib2/@v/v1.0.0.mod");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(text(r)).startsWith("SECURITY ERROR").contains("example.com/lib2@v1.0.0/go.mod");
            assertThat(DataDirLayout.versionFile(m.server().pipeline().store(), "example.com/lib2", "v1.0.0", "mod")).doesNotExist();

            // --nosumdb modules are stored as fetched, and their names never reach the database.
            assertThat(m.get("/example.com/big/v3/@v/v3.1.0.zip").statusCode()).isEqualTo(200);
            var lookup = m.get("/sumdb/" + db.name() + "/lookup/example.com/big/v3@v3.1.0");
            assertThat(lookup.statusCode()).isEqualTo(403);
            assertThat(text(lookup)).contains("--nosumdb");
            assertThat(db.requests()).noneMatch(p -> p.contains("example.com/big"));

            // A module the database does not know (and is not --nosumdb) cannot be verified: refused, not stored.
            Files.createDirectories(GoproxyTree.moduleDir(tree, "example.com/unknown").resolve("@v"));
            Files.writeString(GoproxyTree.file(tree, "example.com/unknown", "v1.0.0", "mod"), "module example.com/unknown\n");
            var unknown = m.get("/example.com/unknown/@v/v1.0.0.mod");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(text(unknown)).contains("verifying example.com/unknown@v1.0.0", "--nosumdb");
            assertThat(DataDirLayout.versionFile(m.server().pipeline().store(), "example.com/unknown", "v1.0.0", "mod")).doesNotExist();

            assertThat(m.get("/sumdb/" + db.name() + "/supported").statusCode()).isEqualTo(200);
            assertThat(m.get("/sumdb/sum.golang.org/supported").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theGoCommandReachesTheDatabaseThroughModgateWhichKeepsWhatItVerified() throws Exception {
        Path data = tmp.resolve("data");
        GoTool go = new GoTool(tmp.resolve("home1")).set("GOSUMDB", db.key()).set("GONOSUMDB", PRIVATE);
        try (TestModgate m = new TestModgate(config(data), Map.of())) {
            go.set("GOPROXY", m.url()).freshModCache("first");
            GoTool.Result r = go.run(project, "mod", "download", "all");
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(Files.readString(project.resolve("go.sum"))).contains("example.com/lib0 v1.1.0 h1:");
            GoTool.Result verify = go.run(project, "mod", "verify");
            assertThat(verify.exit()).as(verify.all()).isZero();
            assertThat(verify.stdout()).contains("all modules verified");
            long lookups = db.requestsStartingWith("/lookup/");
            assertThat(lookups).isPositive();
            assertThat(db.requests()).noneMatch(p -> p.contains("example.com/big"));

            // A client that has seen nothing yet: everything it needs is in modgate already.
            int before = db.requests().size();
            GoTool fresh = new GoTool(tmp.resolve("home2")).set("GOSUMDB", db.key()).set("GONOSUMDB", PRIVATE).set("GOPROXY", m.url()).freshModCache("second");
            Files.delete(project.resolve("go.sum"));
            r = fresh.run(project, "mod", "download", "all");
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(db.requests().size()).as("requests reaching the database: %s", db.requests().subList(before, db.requests().size())).isEqualTo(before);
        }
        // Database gone, modgate offline: the go command still verifies everything from modgate's copies.
        String key = db.key();
        db.close();
        db = null;
        try (TestModgate offline = new TestModgate(config(data).offline(true), Map.of())) {
            GoTool third = new GoTool(tmp.resolve("home3")).set("GOSUMDB", key).set("GONOSUMDB", PRIVATE)
                    .set("GOPROXY", offline.url()).freshModCache("third");
            Files.delete(project.resolve("go.sum"));
            GoTool.Result r = third.run(project, "mod", "download", "all");
            assertThat(r.exit()).as(r.all()).isZero();
        }
    }

    /**
     * Without a URL, modgate finds the database as the go command does: the first upstream answering 200 for
     * /sumdb/NAME/supported (here a second modgate, after a plain GOPROXY tree that answers 404).
     */
    @Test
    void withoutAUrlTheDatabaseIsReachedThroughAnUpstreamThatProxiesIt() throws Exception {
        try (TestModgate front = new TestModgate(config(tmp.resolve("front")), Map.of());
             TestModgate inner = new TestModgate(TestModgate.config(tmp.resolve("inner"), upstream.url() + "," + front.url())
                     .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(db.key())).noSumDb(PRIVATE).build()), Map.of())) {
            assertThat(inner.get("/example.com/lib6/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
            assertThat(tmp.resolve("inner/.modgate/sumdb/" + db.name() + "/cache/lookup/example.com/lib6@v1.0.0")).exists();
            assertThat(tmp.resolve("front/.modgate/sumdb/" + db.name() + "/cache/lookup/example.com/lib6@v1.0.0")).as("asked through front").exists();
            Tamper.zip(GoproxyTree.file(tree, "example.com/lib7", "v1.0.0", "zip"));
            var r = inner.get("/example.com/lib7/@v/v1.0.0.zip");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(text(r)).startsWith("SECURITY ERROR");
            assertThat(inner.server().pipeline().sumdbs().securityErrors()).isEqualTo(1);
            // Fetched through front instead, front refuses it, and says why.
            var viaFront = front.get("/example.com/lib7/@v/v1.0.0.zip");
            assertThat(viaFront.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void latestIsKeptBrieflyAndServedStaleWhenTheDatabaseFails() throws Exception {
        try (TestModgate m = new TestModgate(config(tmp.resolve("data")).listTtl(Duration.ofMillis(300)), Map.of())) {
            String path = "/sumdb/" + db.name() + "/latest";
            var first = m.get(path);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(header(first, "x-modgate-cache")).isEqualTo("MISS");
            assertThat(text(first)).startsWith("go.sum database tree\n" + db.size() + "\n");
            assertThat(header(m.get(path), "x-modgate-cache")).isEqualTo("HIT");
            Thread.sleep(400);
            db.failWith(503);
            var stale = m.get(path);
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(header(stale, "x-modgate-cache")).isEqualTo("STALE");
            assertThat(stale.body()).isEqualTo(first.body());
        }
    }

    @Test
    void tilesInsideTheVerifiedTreeAreKeptForeverOthersPassThrough() throws Exception {
        try (TestModgate m = new TestModgate(config(tmp.resolve("data")), Map.of())) {
            assertThat(m.get("/example.com/lib0/@v/v1.0.0.mod").statusCode()).isEqualTo(200);
            long n = db.size();
            String partial = "/sumdb/" + db.name() + "/tile/8/0/000.p/" + n;
            var t = m.get(partial);
            assertThat(t.statusCode()).isEqualTo(200);
            assertThat(t.body()).hasSize((int) n * 32);
            assertThat(header(t, "x-modgate-cache")).isEqualTo("HIT"); // modgate's own check of lookup read it already
            var smaller = m.get("/sumdb/" + db.name() + "/tile/8/0/000.p/3");
            assertThat(smaller.statusCode()).isEqualTo(200);
            assertThat(smaller.body()).isEqualTo(java.util.Arrays.copyOf(t.body(), 3 * 32));
            db.failWith(503);
            assertThat(m.get("/sumdb/" + db.name() + "/tile/8/0/000.p/3").statusCode()).isEqualTo(200);
            assertThat(m.get("/sumdb/" + db.name() + "/tile/8/0/000.p/" + (n + 5)).statusCode()).as("beyond the tree, database down").isEqualTo(502);
            assertThat(m.get("/sumdb/" + db.name() + "/tile/8/0/00x").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void aForkOfTheDatabaseIsDetectedAndEverythingFromItRefused() throws Exception {
        Path data = tmp.resolve("data");
        try (TestModgate m = new TestModgate(config(data), Map.of())) {
            assertThat(m.get("/example.com/lib0/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
            // Same key, same size, one record different: a second history.
            List<String[]> rest = new ArrayList<>(db.recordsFrom(3));
            String[] r3 = rest.get(0);
            rest.set(0, new String[] {r3[0], r3[1], "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", r3[3]});
            db.fork(3, rest);
            String other = db.recordsFrom(10).get(0)[0] + "/@v/" + db.recordsFrom(10).get(0)[1];
            var r = m.get("/" + other + ".zip");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(text(r)).startsWith("SECURITY ERROR").contains("go.sum database server misbehavior detected");
            assertSecurityRefusal(m, data);
        }
        try (TestModgate restarted = new TestModgate(config(data), Map.of())) {
            assertSecurityRefusal(restarted, data);
        }
    }

    @Test
    void aRollbackToAnotherHistoryIsDetected() throws Exception {
        Path data = tmp.resolve("data");
        try (TestModgate m = new TestModgate(config(data), Map.of())) {
            assertThat(m.get("/example.com/lib0/@v/v1.0.0.mod").statusCode()).isEqualTo(200);
            // A smaller tree whose last record was never in the one modgate saw.
            List<String[]> recs = db.recordsFrom(5);
            db.fork(4, List.<String[]>of(recs.get(1)));
            var r = m.get("/" + recs.get(1)[0] + "/@v/" + recs.get(1)[1] + ".mod");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(text(r)).startsWith("SECURITY ERROR");
            assertSecurityRefusal(m, data);
        }
    }

    private void assertSecurityRefusal(TestModgate m, Path data) throws Exception {
        var next = m.get("/example.com/lib9/@v/v1.1.0.mod");
        assertThat(next.statusCode()).isEqualTo(403);
        assertThat(text(next)).startsWith("SECURITY ERROR").contains("refuses everything");
        var lookup = m.get("/sumdb/" + db.name() + "/lookup/example.com/lib0@v1.0.0");
        assertThat(lookup.statusCode()).isEqualTo(403);
        assertThat(data.resolve(".modgate/sumdb/" + db.name() + "/SECURITY-ERROR")).exists();
    }
}
