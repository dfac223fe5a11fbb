package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.bundle.BundleManifest;
import dev.modgate.bundle.TarReader;
import dev.modgate.bundle.TarWriter;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.testing.Cli;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.SyntheticGraph;
import dev.modgate.testing.TestModgate;
import dev.modgate.testing.TestSumDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles carry the checksum database's data: an air-gapped modgate, fed only by bundles, answers the go command's
 * /sumdb/ requests, so the go command verifies every module with its default checksum database settings. A test
 * database stands in for sum.golang.org; it and every upstream are stopped before the air-gapped side runs.
 */
class BundleSumDbTest {
    static final String PRIVATE = "example.com/big";
    static final String LATE = "example.com/lib0";
    @TempDir Path tmp;
    Path tree;
    Path project;
    StaticHttpServer upstream;
    TestSumDb db;
    String gosumdb;

    @BeforeEach void start() throws Exception {
        tree = tmp.resolve("tree");
        project = tmp.resolve("project");
        SyntheticGraph.write(tree, project);
        upstream = new StaticHttpServer(tree);
        db = new TestSumDb("sumdb.test.example");
        // Other modules' records first, so that the tree spans two levels of tiles and the bundled records sit in a
        // partial tile.
        fillers(0, 300);
        db.addFromTree(tree, GoproxyTree.scan(tree).stream()
                .filter(mv -> !mv.path().startsWith(PRIVATE) && !(mv.path().equals(LATE) && mv.version().equals("v1.0.0"))).toList());
        gosumdb = db.gosumdb();
    }

    @AfterEach void stop() throws Exception {
        if (upstream != null) upstream.close();
        if (db != null) db.close();
    }

    void fillers(int from, int n) throws IOException {
        for (int i = from; i < from + n; i++) {
            db.add("filler.example/m" + i, "v1.0.0", "h1:" + "A".repeat(43) + "=", "h1:" + "B".repeat(43) + "=");
        }
    }

    ServerConfig.Builder online(Path data) {
        return TestModgate.config(data, upstream.url()).sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(gosumdb)).noSumDb(PRIVATE).build());
    }

    /** Nothing to reach: a port nobody listens on, for modules and for the database. */
    ServerConfig.Builder airGapped(Path data, String stoppedSumDb) {
        return TestModgate.config(data, "http://127.0.0.1:9").sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(stoppedSumDb)).noSumDb(PRIVATE).build());
    }

    static Cli.Result cli(String... args) {
        return Cli.run(args);
    }

    GoTool goClient(String home, String key, String proxy) throws IOException {
        // GOSUMDB with no URL: the go command asks GOPROXY for /sumdb/NAME/supported, as with sum.golang.org.
        return new GoTool(tmp.resolve(home)).set("GOSUMDB", key).set("GONOSUMDB", PRIVATE).set("GOPROXY", proxy).freshModCache(home);
    }

    @Test
    void theGoCommandVerifiesEverythingThroughAnAirGappedModgateFedByBundles() throws Exception {
        Path online = tmp.resolve("online");
        Path first = tmp.resolve("first.tar.gz");
        Path delta = tmp.resolve("delta.tar");
        String key = db.key();
        long smallerTree;
        try (TestModgate m = new TestModgate(online(online), Map.of())) {
            // One version looked up while the tree was smaller: its record travels with the newest tree head.
            assertThat(m.get("/example.com/lib1/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
            smallerTree = db.size();
            fillers(300, 100);
            GoTool go = goClient("online-go", key, m.url());
            GoTool.Result r = go.run(project, "mod", "download", "all");
            assertThat(r.exit()).as(r.all()).isZero();

            Cli.Result export = cli("bundle", "export", "--data", online.toString(), "--sumdb", gosumdb, "-o", first.toString());
            assertThat(export.exit()).as(export.err()).isZero();
            long privateVersions = BundleTestSupport.manifest(first).modules().stream().filter(mv -> mv.path().startsWith(PRIVATE)).count();
            assertThat(privateVersions).isPositive();
            assertThat(export.out()).contains("checksum database " + db.name() + ": ", " records, ", " tiles, tree head of " + db.size() + " records",
                    privateVersions + " module versions without records");
            BundleManifest manifest = BundleTestSupport.manifest(first);
            assertThat(manifest.sumdb().latest()).startsWith("go.sum database tree\n" + db.size() + "\n");
            assertThat(manifest.files()).anyMatch(f -> f.name().equals(".modgate/sumdb/" + db.name() + "/cache/lookup/example.com/lib1@v1.0.0"))
                    .anyMatch(f -> f.name().startsWith(".modgate/sumdb/" + db.name() + "/cache/tile/8/1/"));

            // Later: the database grows, a new version is fetched; the delta carries its record and the newer tree.
            fillers(400, 50);
            db.addFromTree(tree, List.of(new ModuleVersion(LATE, "v1.0.0")));
            for (String f : List.of("info", "mod", "zip")) assertThat(m.get("/" + LATE + "/@v/v1.0.0." + f).statusCode()).isEqualTo(200);
            Cli.Result d = cli("bundle", "export", "--data", online.toString(), "--sumdb", gosumdb, "-o", delta.toString(), "--since", first.toString());
            assertThat(d.exit()).as(d.err()).isZero();
            assertThat(d.out()).contains("1 module versions, ", "checksum database " + db.name() + ": 1 records, ").doesNotContain("without records");
        }
        upstream.close();
        upstream = null;
        db.close();
        db = null;

        Path airgap = tmp.resolve("airgap");
        Cli.Result imp = cli("bundle", "import", "--data", airgap.toString(), "--sumdb", key, first.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("checksum database sumdb.test.example: ").contains(" records and ").contains(" tiles verified");

        try (TestModgate offline = new TestModgate(airGapped(airgap, gosumdb).offline(true), Map.of())) {
            Files.deleteIfExists(project.resolve("go.sum"));
            GoTool go = goClient("airgap-go", key, offline.url());
            GoTool.Result r = go.run(project, "mod", "download", "all");
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(Files.readString(project.resolve("go.sum"))).contains("example.com/lib1 v1.0.0 h1:");
            GoTool.Result build = go.run(project, "build", "-o", "app", ".");
            assertThat(build.exit()).as(build.all()).isZero();
            GoTool.Result verify = go.run(project, "mod", "verify");
            assertThat(verify.stdout()).as(verify.all()).contains("all modules verified");
            assertThat(go.run(project, "mod", "download", LATE + "@v1.0.0").exit()).as("not imported yet").isNotZero();

            String sumdb = "/sumdb/sumdb.test.example";
            String head = BundleTestSupport.manifest(first).sumdb().latest();
            assertThat(new String(offline.get(sumdb + "/lookup/example.com/lib1@v1.0.0").body(), StandardCharsets.UTF_8)).endsWith("\n\n" + head);
            // A tile of a smaller tree (a go command that remembers one asks for them): rebuilt from the bundle's.
            var big = offline.get(sumdb + "/tile/8/0/001.p/" + (manifestTreeSize(first) - 256));
            var small = offline.get(sumdb + "/tile/8/0/001.p/" + (smallerTree - 256));
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(small.body()).isEqualTo(java.util.Arrays.copyOf(big.body(), (int) (smallerTree - 256) * 32));
            assertThat(new String(offline.get(sumdb + "/latest").body(), StandardCharsets.UTF_8)).isEqualTo(head);
        }

        Cli.Result imp2 = cli("bundle", "import", "--data", airgap.toString(), "--sumdb", key, delta.toString());
        assertThat(imp2.exit()).as(imp2.err()).isZero();
        assertThat(imp2.out()).contains("checksum database sumdb.test.example: 1 records and ");

        // The older bundle again, into a directory that remembers the newer tree: proven part of it, nothing new.
        Cli.Result again = cli("bundle", "import", "--data", airgap.toString(), "--sumdb", key, first.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("imported 0 files").contains("tree head of " + manifestTreeSize(delta) + " records");

        // Not --offline, but nothing reachable: answered from storage all the same.
        try (TestModgate unreachable = new TestModgate(airGapped(airgap, gosumdb), Map.of())) {
            Files.deleteIfExists(project.resolve("go.sum"));
            // The delta's version first: the first bundle's records are then proven in the delta's newer tree.
            GoTool go = goClient("airgap-go2", key, unreachable.url());
            GoTool.Result late = go.run(project, "mod", "download", LATE + "@v1.0.0");
            assertThat(late.exit()).as(late.all()).isZero();
            GoTool.Result r = go.run(project, "mod", "download", "all");
            assertThat(r.exit()).as(r.all()).isZero();
        }
        // A go command that remembers the first tree head (its GOPATH/pkg/sumdb) moves on to the delta's.
        try (TestModgate offline = new TestModgate(airGapped(airgap, gosumdb).offline(true), Map.of())) {
            GoTool go = goClient("airgap-go", key, offline.url()).freshModCache("airgap-go-again");
            GoTool.Result late = go.run(project, "mod", "download", LATE + "@v1.0.0");
            assertThat(late.exit()).as(late.all()).isZero();
        }
    }

    static long manifestTreeSize(Path bundle) throws IOException {
        return Long.parseLong(BundleTestSupport.manifest(bundle).sumdb().latest().split("\n")[1]);
    }

    // ---------------------------------------------------------------- tampering

    Path exportSome(Path online) throws Exception {
        try (TestModgate m = new TestModgate(online(online), Map.of())) {
            assertThat(m.get("/example.com/lib1/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
            fillers(300, 20);
            for (String f : List.of("info", "mod", "zip")) assertThat(m.get("/example.com/lib2/@v/v1.1.0." + f).statusCode()).isEqualTo(200);
        }
        Path bundle = tmp.resolve("good.tar");
        Cli.Result r = cli("bundle", "export", "--data", online.toString(), "--sumdb", gosumdb, "-o", bundle.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("checksum database " + db.name() + ": 2 records");
        return bundle;
    }

    void assertRefused(Path bundle, String reason) throws IOException {
        Path target = tmp.resolve("target-" + bundle.getFileName());
        Cli.Result r = cli("bundle", "import", "--data", target.toString(), "--sumdb", db.key(), bundle.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).contains("bundle refused, nothing imported").contains(reason);
        try (Stream<Path> s = Files.walk(target)) {
            assertThat(s.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(target.resolve(".modgate/tmp")) && !p.startsWith(target.resolve(".modgate/locks"))).toList())
                    .as("nothing added").isEmpty();
        }
    }

    @Test
    void anUntamperedBundleImports() throws Exception {
        Path bundle = exportSome(tmp.resolve("online"));
        // Rewritten without changes: the tampering tests' rewriting itself breaks nothing.
        Path same = tmp.resolve("same.tar");
        BundleTestSupport.rewrite(bundle, same, members -> {}, m -> m);
        Cli.Result r = cli("bundle", "import", "--data", tmp.resolve("target").toString(), "--sumdb", db.key(), same.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("checksum database sumdb.test.example: 2 records and ");
        assertThat(tmp.resolve("target/.modgate/sumdb/sumdb.test.example/latest")).exists();
    }

    @Test
    void tilesTheDataDirectoryLacksAreFetchedFromTheDatabaseWhileItCanBeReached() throws Exception {
        Path online = tmp.resolve("online");
        exportSome(online);
        deleteTree(online.resolve(".modgate/sumdb/" + db.name() + "/cache/tile"));
        Path fetched = tmp.resolve("fetched.tar");
        Cli.Result r = cli("bundle", "export", "--data", online.toString(), "--sumdb", gosumdb, "-o", fetched.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("checksum database " + db.name() + ": 2 records, 2 tiles").doesNotContain("without records");
        Cli.Result imp = cli("bundle", "import", "--data", tmp.resolve("target").toString(), "--sumdb", db.key(), fetched.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();

        Cli.Result offline = cli("bundle", "export", "--data", online.toString(), "--sumdb", gosumdb, "--offline", "-o", tmp.resolve("offline.tar").toString());
        assertThat(offline.out()).contains(": 0 records, 0 tiles", "2 module versions without records");
        db.close();
        db = null;
        Cli.Result down = cli("bundle", "export", "--data", online.toString(), "--sumdb", gosumdb, "-o", tmp.resolve("down.tar").toString());
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.out()).contains("2 module versions without records");
    }

    @Test
    void aDeltaSinceATimeProvesItsTreeExtendsTheOneTheTargetRemembers() throws Exception {
        Path online = tmp.resolve("online");
        Path first = exportSome(online);
        Path target = tmp.resolve("target");
        assertThat(cli("bundle", "import", "--data", target.toString(), "--sumdb", db.key(), first.toString()).exit()).isZero();
        Thread.sleep(20); // file times: what follows is strictly newer
        java.time.Instant since = java.time.Instant.now();
        Thread.sleep(20);
        // The new record two tiles further on: its proof shares no tile with the proof of the remembered tree.
        fillers(500, 300);
        db.addFromTree(tree, List.of(new ModuleVersion(LATE, "v1.0.0")));
        try (TestModgate m = new TestModgate(online(online), Map.of())) {
            for (String f : List.of("info", "mod", "zip")) assertThat(m.get("/" + LATE + "/@v/v1.0.0." + f).statusCode()).isEqualTo(200);
        }
        Path delta = tmp.resolve("delta.tar");
        Cli.Result d = cli("bundle", "export", "--data", online.toString(), "--sumdb", gosumdb, "--since", since.toString(), "-o", delta.toString());
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(d.out()).contains("1 module versions", ": 1 records, ", "tree head of " + db.size() + " records").doesNotContain("earlier tree heads");
        Cli.Result imp = cli("bundle", "import", "--data", target.toString(), "--sumdb", db.key(), delta.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("tree head of " + db.size() + " records");
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test
    void aBundleWithAnAlteredRecordIsRefused() throws Exception {
        Path bundle = exportSome(tmp.resolve("online"));
        String lookup = ".modgate/sumdb/" + db.name() + "/cache/lookup/example.com/lib1@v1.0.0";
        Path bad = tmp.resolve("altered-record.tar");
        BundleTestSupport.rewrite(bundle, bad, members -> {
            String text = new String(members.get(lookup), StandardCharsets.UTF_8);
            String h1 = text.split("\n")[1].split(" ")[2];
            members.put(lookup, text.replace(h1, "h1:" + "C".repeat(43) + "=").getBytes(StandardCharsets.UTF_8));
        }, m -> m);
        assertRefused(bad, "checksum database record of example.com/lib1@v1.0.0: ");
    }

    @Test
    void aBundleWhoseGoModDisagreesWithItsRecordIsRefused() throws Exception {
        Path bundle = exportSome(tmp.resolve("online"));
        String mod = "example.com/lib2/@v/v1.1.0.mod";
        Path bad = tmp.resolve("altered-mod.tar");
        byte[][] changed = new byte[1][];
        BundleTestSupport.rewrite(bundle, bad, members -> {
            changed[0] = (new String(members.get(mod), StandardCharsets.UTF_8) + "// changed\n").getBytes(StandardCharsets.UTF_8);
            members.put(mod, changed[0]);
        }, m -> BundleTestSupport.withModules(m, m.modules().stream().map(x -> x.path().equals("example.com/lib2")
                ? new BundleManifest.Module(x.path(), x.version(), x.zipHash(), DirHash.hashGoMod(changed[0])) : x).toList()));
        assertRefused(bad, "example.com/lib2@v1.1.0: the bundle's go.mod has ");
    }

    /**
     * A bundle without the database's data cannot slip in what the database already contradicted: the target's own
     * verified records are checked too.
     */
    @Test
    void aBundleContradictingARecordTheTargetVerifiedIsRefusedEvenWithoutDatabaseData() throws Exception {
        Path bundle = exportSome(tmp.resolve("online"));
        Path target = tmp.resolve("target");
        Cli.Result good = cli("bundle", "import", "--data", target.toString(), "--sumdb", db.key(), bundle.toString());
        assertThat(good.exit()).as(good.err()).isZero();
        String mod = "example.com/lib2/@v/v1.1.0.mod";
        Files.delete(target.resolve(mod)); // the record stays, the artifact is gone: the next import may bring one
        Path bad = tmp.resolve("altered-no-sumdb.tar");
        byte[][] changed = new byte[1][];
        BundleTestSupport.rewrite(bundle, bad, members -> {
            members.keySet().removeIf(k -> k.startsWith(BundleManifest.SUMDB_PREFIX));
            changed[0] = (new String(members.get(mod), StandardCharsets.UTF_8) + "// changed\n").getBytes(StandardCharsets.UTF_8);
            members.put(mod, changed[0]);
        }, m -> BundleTestSupport.withSumDb(BundleTestSupport.withModules(m, m.modules().stream().map(x -> x.path().equals("example.com/lib2")
                ? new BundleManifest.Module(x.path(), x.version(), x.zipHash(), DirHash.hashGoMod(changed[0])) : x).toList()), null));
        Cli.Result r = cli("bundle", "import", "--data", target.toString(), "--sumdb", db.key(), bad.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).contains("bundle refused, nothing imported")
                .contains("example.com/lib2@v1.1.0: the bundle's go.mod has " + DirHash.hashGoMod(changed[0]))
                .contains("a record this data directory verified earlier");
        assertThat(target.resolve(mod)).doesNotExist();
    }

    @Test
    void aBundleMissingATileIsRefused() throws Exception {
        Path bundle = exportSome(tmp.resolve("online"));
        String prefix = ".modgate/sumdb/" + db.name() + "/cache/tile/";
        List<String> tiles = BundleTestSupport.manifest(bundle).files().stream().map(BundleManifest.FileEntry::name).filter(n -> n.startsWith(prefix)).toList();
        assertThat(tiles).hasSizeGreaterThanOrEqualTo(2);
        for (String drop : tiles) {
            Path bad = tmp.resolve("dropped-" + drop.substring(prefix.length()).replace('/', '_') + ".tar");
            BundleTestSupport.rewrite(bundle, bad, members -> members.remove(drop), m -> m);
            assertRefused(bad, "tile/" + drop.substring(prefix.length()));
        }
    }

    @Test
    void aBundleWithAForgedTreeHeadIsRefused() throws Exception {
        Path bundle = exportSome(tmp.resolve("online"));
        var forger = NoteKeys.newSigner(NoteKeys.generateKey(db.name()).signerKey());
        String head = BundleTestSupport.manifest(bundle).sumdb().latest();
        String text = head.substring(0, head.indexOf("\n\n") + 1);
        String forged = new String(new Note(text).sign(forger), StandardCharsets.UTF_8);
        Path bad = tmp.resolve("forged.tar");
        BundleTestSupport.rewrite(bundle, bad, members -> {}, m -> BundleTestSupport.withSumDb(m, new BundleManifest.SumDb(db.name(), forged)));
        assertRefused(bad, "its tree head of " + db.name() + " is not one signed with the key " + db.key());
    }

    @Test
    void aBundleFromAForkedDatabaseIsASecurityError() throws Exception {
        Path bundle = exportSome(tmp.resolve("online"));
        Path target = tmp.resolve("target");
        assertThat(cli("bundle", "import", "--data", target.toString(), "--sumdb", db.key(), bundle.toString()).exit()).isZero();
        // Same key, another history: one record early in the log differs, and the tree grows on from there.
        List<String[]> rest = new ArrayList<>(db.recordsFrom(3));
        String[] r3 = rest.get(0);
        rest.set(0, new String[] {r3[0], r3[1], "h1:" + "D".repeat(43) + "=", r3[3]});
        db.fork(3, rest);
        fillers(1000, 5);
        Path other = tmp.resolve("online-fork");
        try (TestModgate m = new TestModgate(online(other), Map.of())) {
            for (String f : List.of("info", "mod", "zip")) assertThat(m.get("/example.com/lib3/@v/v1.0.0." + f).statusCode()).isEqualTo(200);
        }
        Path forked = tmp.resolve("forked.tar");
        assertThat(cli("bundle", "export", "--data", other.toString(), "--sumdb", gosumdb, "-o", forked.toString()).exit()).isZero();
        Cli.Result r = cli("bundle", "import", "--data", target.toString(), "--sumdb", db.key(), forked.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bundle refused, nothing imported", "SECURITY ERROR");
        assertThat(target.resolve(".modgate/sumdb/" + db.name() + "/SECURITY-ERROR")).exists();
        assertThat(target.resolve("example.com/lib3")).doesNotExist();
    }

    /** Reading and rewriting bundles, for tampering with them consistently (the manifest's sums recomputed). */
    static final class BundleTestSupport {
        static BundleManifest manifest(Path bundle) throws IOException {
            try (InputStream in = open(bundle)) {
                TarReader tar = new TarReader(in);
                tar.next();
                return BundleManifest.parse(tar.content().readAllBytes());
            }
        }

        static void rewrite(Path in, Path out, Consumer<Map<String, byte[]>> change, UnaryOperator<BundleManifest> manifestChange) throws Exception {
            Map<String, byte[]> members = new LinkedHashMap<>();
            BundleManifest m;
            try (InputStream is = open(in)) {
                TarReader tar = new TarReader(is);
                tar.next();
                m = BundleManifest.parse(tar.content().readAllBytes());
                for (TarReader.Entry e; (e = tar.next()) != null; ) members.put(e.name(), tar.content().readAllBytes());
            }
            change.accept(members);
            List<BundleManifest.FileEntry> files = new ArrayList<>();
            for (var e : members.entrySet()) files.add(new BundleManifest.FileEntry(e.getKey(), e.getValue().length, sha256(e.getValue())));
            m = manifestChange.apply(new BundleManifest(m.format(), m.created(), m.modules(), files, m.sumdb()));
            try (OutputStream os = Files.newOutputStream(out); TarWriter w = new TarWriter(os)) {
                w.add(BundleManifest.MEMBER, m.toJson(), 0);
                for (var e : members.entrySet()) w.add(e.getKey(), e.getValue(), 0);
            }
        }

        static BundleManifest withModules(BundleManifest m, List<BundleManifest.Module> modules) {
            return new BundleManifest(m.format(), m.created(), modules, m.files(), m.sumdb());
        }

        static BundleManifest withSumDb(BundleManifest m, BundleManifest.SumDb sumdb) {
            return new BundleManifest(m.format(), m.created(), m.modules(), m.files(), sumdb);
        }

        private static InputStream open(Path bundle) throws IOException {
            InputStream in = Files.newInputStream(bundle);
            return bundle.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(in) : in;
        }

        private static String sha256(byte[] b) throws Exception {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        }
    }
}
