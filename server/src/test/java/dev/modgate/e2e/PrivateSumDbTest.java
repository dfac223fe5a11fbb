package dev.modgate.e2e;

import dev.modgate.testing.DataDirLayout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import dev.modgate.config.UrlRewrite;
import dev.modgate.core.dirhash.DirHash;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.sumdb.note.Note;
import dev.modgate.core.sumdb.note.NoteKeys;
import dev.modgate.core.sumdb.note.Verifiers;
import dev.modgate.sumdb.PrivateSumDb;
import dev.modgate.testing.Cli;
import dev.modgate.testing.ForwardProxy;
import dev.modgate.testing.GitHttpServer;
import dev.modgate.testing.GitRepoBuilder;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.SyntheticGraph;
import dev.modgate.testing.Tamper;
import dev.modgate.testing.TestModgate;
import dev.modgate.testing.TestSumDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * modgate's own checksum database (--private-sumdb): the go command verifies every module, private ones included,
 * with GOSUMDB set to its key and no GONOSUMDB; a module tampered with after it was logged is refused by both.
 */
class PrivateSumDbTest {
    static final String NAME = "sumdb.modgate.test";
    static final String PRIVATE = "example.com/big";
    @TempDir Path tmp;
    Path tree;
    Path project;
    StaticHttpServer upstream;
    TestSumDb publicDb;

    @BeforeEach void start() throws Exception {
        tree = tmp.resolve("tree");
        project = tmp.resolve("project");
        SyntheticGraph.write(tree, project);
        upstream = new StaticHttpServer(tree);
        publicDb = new TestSumDb("sum.test.example");
        List<ModuleVersion> versions = GoproxyTree.scan(tree);
        publicDb.addFromTree(tree, versions.stream().filter(mv -> !mv.path().startsWith(PRIVATE)).toList());
    }

    @AfterEach void stop() throws Exception {
        upstream.close();
        publicDb.close();
    }

    ServerConfig.Builder config(Path data) {
        return TestModgate.config(data, upstream.url()).sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(publicDb.gosumdb())).noSumDb(PRIVATE).privateName(NAME).build());
    }

    static String text(java.net.http.HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    @Test
    void theGoCommandVerifiesEveryModuleAndRefusesOneTamperedAfterItWasLogged() throws Exception {
        Path data = tmp.resolve("data");
        try (TestModgate m = new TestModgate(config(data), Map.of())) {
            String key = m.server().pipeline().sumdbs().privateDb().verifierKey();
            assertThat(key).startsWith(NAME + "+");
            Cli.Result printed = Cli.run("sumdb", "key", "--data", data.toString());
            assertThat(printed.exit()).isZero();
            assertThat(printed.out().strip()).isEqualTo(key);

            // No GONOSUMDB, no GOPRIVATE: the private modules are verified like every other one.
            GoTool go = new GoTool(tmp.resolve("home")).set("GOPROXY", m.url()).set("GOSUMDB", key).freshModCache("first");
            GoTool.Result r = go.run(project, "mod", "download", "all");
            assertThat(r.exit()).as(r.all()).isZero();
            String sum = Files.readString(project.resolve("go.sum"));
            assertThat(sum).contains("example.com/big v1.0.0 h1:", "example.com/big/v3 v3.1.0/go.mod h1:", "example.com/lib0 v1.1.0 h1:");
            GoTool.Result verify = go.run(project, "mod", "verify");
            assertThat(verify.exit()).as(verify.all()).isZero();
            assertThat(verify.stdout()).contains("all modules verified");
            GoTool.Result build = go.run(project, "build", "-o", "app", ".");
            assertThat(build.exit()).as(build.all()).isZero();
            assertThat(m.server().pipeline().sumdbs().privateDb().size()).isGreaterThan(20);
            assertThat(publicDb.requests()).as("private module names never reach the public database").noneMatch(p -> p.contains(PRIVATE));

            // The origin of a private module replaces its zip, and modgate has lost its copy.
            Path zip = GoproxyTree.file(tree, PRIVATE, "v1.0.0", "zip");
            String logged = DirHash.hashZip(zip);
            Tamper.zip(zip);
            Files.delete(DataDirLayout.versionFile(m.server().pipeline().store(), PRIVATE, "v1.0.0", "zip"));
            Files.delete(DataDirLayout.versionFile(m.server().pipeline().store(), PRIVATE, "v1.0.0", "ziphash"));
            var refused = m.get("/example.com/big/@v/v1.0.0.zip");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(text(refused)).startsWith("SECURITY ERROR").contains("example.com/big@v1.0.0", "downloaded: " + DirHash.hashZip(zip),
                    NAME + " (modgate's own log): " + logged);
            assertThat(DataDirLayout.versionFile(m.server().pipeline().store(), PRIVATE, "v1.0.0", "zip")).doesNotExist();

            go.freshModCache("after-tampering");
            GoTool.Result again = go.run(project, "mod", "download", "all");
            assertThat(again.exit()).isNotZero();
            assertThat(again.stderr()).contains("SECURITY ERROR", "example.com/big");

            // Fetching around modgate, the go command finds the mismatch itself against the private log.
            GoTool around = new GoTool(tmp.resolve("home-around")).set("GOPROXY", upstream.url())
                    .set("GOSUMDB", key + " " + m.url() + "/sumdb/" + NAME).freshModCache("around");
            GoTool.Result direct = around.run(tmp, "mod", "download", "example.com/big@v1.0.0");
            assertThat(direct.exit()).isNotZero();
            assertThat(direct.stderr()).contains("checksum mismatch", "SECURITY ERROR");
            assertThat(DataDirLayout.versionFile(m.server().pipeline().store(), PRIVATE, "v1.0.0", "zip")).doesNotExist();
            assertThat(m.server().pipeline().sumdbs().securityErrors()).isPositive();
        }
    }

    /** Modules fetched from private git repositories are logged and verified like the rest. */
    @Test
    void privateGitModulesAreVerifiedToo() throws Exception {
        String host = "corp.example.test";
        Path served = Files.createDirectories(tmp.resolve("served"));
        GitRepoBuilder util = new GitRepoBuilder(tmp.resolve("work/util"));
        util.write("go.mod", "module " + host + "/util\n\ngo 1.19\n\nrequire example.com/lib0 v1.1.0\n")
                .write("util.go", "package util\n\nimport \"example.com/lib0\"\n\nfunc Name() string { return \"util+\" + lib0.Name }\n");
        util.commit("util");
        util.tag("v1.0.0");
        util.publish(served.resolve("util"));
        try (GitHttpServer git = new GitHttpServer(served, host, null); ForwardProxy proxy = new ForwardProxy(null, git.port())) {
            git.goImport(host + "/util", "git", "https://" + host + "/util");
            DirectConfig direct = DirectConfig.builder().privateModules(host).insecure(host).rewrites(List.of(new UrlRewrite("https://" + host + "/", git.url() + "/"))).build();
            ServerConfig.Builder cfg = TestModgate.config(tmp.resolve("data"), upstream.url()).direct(direct)
                    .sumdb(SumDbConfig.builder().publicDb(SumDbSpec.parse(publicDb.gosumdb())).noSumDb(host + "," + PRIVATE).privateName(NAME).build());
            try (TestModgate m = new TestModgate(cfg, Map.of("HTTP_PROXY", proxy.url()))) {
                Path app = Files.createDirectories(tmp.resolve("app"));
                Files.writeString(app.resolve("go.mod"), "module example.test/app\n\ngo 1.19\n\nrequire " + host + "/util v1.0.0\n");
                Files.writeString(app.resolve("main.go"), "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + host + "/util\"\n)\n\nfunc main() { fmt.Println(util.Name()) }\n");
                GoTool go = new GoTool(tmp.resolve("home")).set("GOPROXY", m.url()).set("GOSUMDB", m.server().pipeline().sumdbs().privateDb().verifierKey())
                        .freshModCache("git");
                GoTool.Result r = go.run(app, "mod", "download", "all");
                assertThat(r.exit()).as(r.all()).isZero();
                assertThat(Files.readString(app.resolve("go.sum"))).contains(host + "/util v1.0.0 h1:", "example.com/lib0 v1.1.0 h1:");
                GoTool.Result build = go.run(app, "build", "-o", "app", ".");
                assertThat(build.exit()).as(build.all()).isZero();
                assertThat(go.run(app, "mod", "verify").stdout()).contains("all modules verified");
                assertThat(publicDb.requests()).noneMatch(p -> p.contains(host));
            }
        }
    }

    @Test
    void aLookupOfAVersionNotLoggedYetFetchesVerifiesAndLogsIt() throws Exception {
        Path data = tmp.resolve("data");
        try (TestModgate m = new TestModgate(config(data), Map.of())) {
            PrivateSumDb db = m.server().pipeline().sumdbs().privateDb();
            assertThat(db.size()).isZero();
            var r = m.get("/sumdb/" + NAME + "/lookup/example.com/lib3@v1.0.0");
            assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
            String zipH1 = DirHash.hashZip(GoproxyTree.file(tree, "example.com/lib3", "v1.0.0", "zip"));
            String modH1 = DirHash.hashGoMod(Files.readAllBytes(GoproxyTree.file(tree, "example.com/lib3", "v1.0.0", "mod")));
            assertThat(text(r)).startsWith("0\nexample.com/lib3 v1.0.0 " + zipH1 + "\nexample.com/lib3 v1.0.0/go.mod " + modH1 + "\n\ngo.sum database tree\n1\n");
            assertThat(DataDirLayout.versionFile(m.server().pipeline().store(), "example.com/lib3", "v1.0.0", "zip")).exists();
            assertThat(db.size()).isEqualTo(1);
            assertThat(m.get("/sumdb/" + NAME + "/lookup/example.com/lib3@v1.0.0").body()).startsWith("0\n".getBytes());

            // Signed with the key `sumdb key` prints.
            byte[] latest = m.get("/sumdb/" + NAME + "/latest").body();
            Note.open(latest, Verifiers.of(NoteKeys.newVerifier(db.verifierKey())));

            // A zip fetch logs its version too.
            assertThat(m.get("/example.com/lib4/@v/v1.0.0.zip").statusCode()).isEqualTo(200);
            assertThat(db.size()).isEqualTo(2);

            assertThat(m.get("/sumdb/" + NAME + "/lookup/example.com/nothere@v1.0.0").statusCode()).isEqualTo(404);
            assertThat(m.get("/sumdb/" + NAME + "/lookup/example.com/lib3@v1.0").statusCode()).isEqualTo(400);
            assertThat(m.get("/sumdb/" + NAME + "/supported").statusCode()).isEqualTo(200);

            // A public module tampered with before it was ever logged: the public database catches it, nothing is logged.
            Tamper.zip(GoproxyTree.file(tree, "example.com/lib5", "v1.0.0", "zip"));
            var bad = m.get("/sumdb/" + NAME + "/lookup/example.com/lib5@v1.0.0");
            assertThat(bad.statusCode()).isEqualTo(403);
            assertThat(text(bad)).startsWith("SECURITY ERROR").contains(publicDb.name());
            assertThat(db.size()).isEqualTo(2);
        }
        // Restarted: the same key and log.
        try (TestModgate again = new TestModgate(config(data), Map.of())) {
            assertThat(again.server().pipeline().sumdbs().privateDb().size()).isEqualTo(2);
            assertThat(text(again.get("/sumdb/" + NAME + "/lookup/example.com/lib3@v1.0.0"))).startsWith("0\nexample.com/lib3 v1.0.0 ");
        }
        // prefetch into the same data directory (it does not serve the log) still holds downloads to it.
        Tamper.zip(GoproxyTree.file(tree, "example.com/lib3", "v1.0.0", "zip"));
        Files.delete(data.resolve("example.com/lib3/@v/v1.0.0.zip"));
        Cli.Result prefetch = Cli.run("prefetch", "--sumdb", "off", "--data", data.toString(), "--upstream", upstream.url(), "example.com/lib3@v1.0.0");
        assertThat(prefetch.exit()).isEqualTo(1);
        assertThat(prefetch.out() + prefetch.err()).contains("SECURITY ERROR", NAME + " (modgate's own log)");
        assertThat(data.resolve("example.com/lib3/@v/v1.0.0.zip")).doesNotExist();
    }

    @Test
    void theSigningKeyIsMadeOnFirstStartAndReadableByItsOwnerOnly() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(Cli.run("sumdb", "key", "--data", data.toString()).exit()).isEqualTo(1);
        String key;
        try (TestModgate m = new TestModgate(config(data), Map.of())) {
            key = m.server().pipeline().sumdbs().privateDb().verifierKey();
        }
        Path signer = PrivateSumDb.dir(data).resolve("signer-key");
        assertThat(Files.readString(signer)).startsWith("PRIVATE+KEY+" + NAME + "+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(signer))).isEqualTo("rw-------");
        try (TestModgate m = new TestModgate(config(data), Map.of())) {
            assertThat(m.server().pipeline().sumdbs().privateDb().verifierKey()).isEqualTo(key);
        }
        // Another name for the same log would be a different database to its clients.
        try {
            new TestModgate(config(data).sumdb(SumDbConfig.builder().privateName("other.example").build()), Map.of()).close();
            throw new AssertionError("started with another name");
        } catch (java.io.IOException e) {
            assertThat(e.getMessage()).contains("is named " + NAME);
        }
    }
}
