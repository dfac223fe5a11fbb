package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.bundle.BundleManifest;
import dev.modgate.bundle.TarWriter;
import dev.modgate.testing.Cli;
import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.SampleApp;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bundle export / import: the round trip into a disconnected data directory, tampering, conflicts, --since. */
class BundleTest {
    @TempDir Path tmp;

    static Cli.Result cli(String... args) {
        return Cli.run(args);
    }

    @Test
    void roundTripIntoADisconnectedDataDirectory() throws Exception {
        GoTool go = new GoTool(tmp.resolve("home"));
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> SampleApp.MODULES.contains(mv.path()));
        Path online = tmp.resolve("online");
        Path app = SampleApp.write(tmp.resolve("app"));
        try (StaticHttpServer upstream = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(online, upstream.url())) {
            go.set("GOPROXY", m.url()).freshModCache("online");
            assertThat(go.run(app, "mod", "download", "all").exit()).isZero();

            Path bundle = tmp.resolve("modules.tar.gz");
            Cli.Result export = cli("bundle", "export", "--data", online.toString(), "-o", bundle.toString());
            assertThat(export.exit()).as(export.err()).isZero();
            assertThat(export.out()).contains("module versions");

            // The bundle is an ordinary tar: GNU tar lists it.
            GoTool.require("tar");
            Process tar = new ProcessBuilder("tar", "tzf", bundle.toString()).redirectErrorStream(true).start();
            String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(tar.waitFor()).as(listing).isZero();
            assertThat(listing.lines().toList()).startsWith(BundleManifest.MEMBER).contains("rsc.io/quote/@v/v1.5.2.zip", "golang.org/x/text/@v/v0.0.0-20170915032832-14c0d48ead0c.mod");

            Path airgap = tmp.resolve("airgap");
            Cli.Result imp = cli("bundle", "import", "--data", airgap.toString(), bundle.toString());
            assertThat(imp.exit()).as(imp.err()).isZero();
            assertThat(imp.out()).contains("0 already present, 0 conflicts");
            Cli.Result again = cli("bundle", "import", "--data", airgap.toString(), bundle.toString());
            assertThat(again.out()).startsWith("imported 0 files");

            try (TestModgate offline = new TestModgate(TestModgate.config(airgap, "http://127.0.0.1:9").offline(true), Map.of())) {
                go.set("GOPROXY", offline.url()).freshModCache("airgap");
                GoTool.Result build = go.run(app, "build", "-o", "hello", ".");
                assertThat(build.exit()).as(build.all()).isZero();
                assertThat(go.run(app, "mod", "download", "all").exit()).isZero();
                assertThat(new String(offline.get("/rsc.io/quote/@v/list").body(), StandardCharsets.UTF_8)).isEqualTo("v1.5.2\n");
            }

            // --since the first bundle: only what was fetched afterwards. A version is listed once its .info is
            // there (a go.mod alone, fetched for the module graph, lists nothing: see DirStorage.storedVersions).
            assertThat(m.get("/rsc.io/quote/@v/v1.5.1.mod").statusCode()).isEqualTo(200);
            assertThat(m.get("/rsc.io/quote/@v/v1.5.1.info").statusCode()).isEqualTo(200);
            Path delta = tmp.resolve("delta.tar");
            Cli.Result d = cli("bundle", "export", "--data", online.toString(), "-o", delta.toString(), "--since", bundle.toString());
            assertThat(d.out()).contains("1 module versions, 2 files");
            assertThat(cli("bundle", "import", "--data", airgap.toString(), delta.toString()).out()).startsWith("imported 2 files");
            assertThat(Files.readString(airgap.resolve("rsc.io/quote/@v/list"))).isEqualTo("v1.5.1\nv1.5.2\n");

            // A conflicting artifact is never overwritten.
            Path mod = airgap.resolve("rsc.io/quote/@v/v1.5.1.mod");
            Files.writeString(mod, "module rsc.io/quote // altered\n");
            Cli.Result conflict = cli("bundle", "import", "--data", airgap.toString(), delta.toString());
            assertThat(conflict.exit()).isEqualTo(1);
            assertThat(conflict.err()).contains("conflict: rsc.io/quote/@v/v1.5.1.mod");
            assertThat(Files.readString(mod)).contains("altered");
        }
    }

    @Test
    void aTamperedBundleIsRefusedWithTheNameOfTheArtifactAndNothingIsImported() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        Path online = tmp.resolve("online");
        try (StaticHttpServer upstream = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(online, upstream.url())) {
            for (String f : List.of("v1.5.2.info", "v1.5.2.mod", "v1.5.2.zip", "v1.5.1.mod")) m.get("/rsc.io/quote/@v/" + f);
        }
        Path bundle = tmp.resolve("b.tar");
        assertThat(cli("bundle", "export", "--data", online.toString(), "-o", bundle.toString()).exit()).isZero();
        byte[] b = Files.readAllBytes(bundle);
        // Flip one byte inside the zip member's data: find the zip's local header magic after the manifest.
        int zip = indexOf(b, new byte[] {'P', 'K', 3, 4});
        b[zip + 40] ^= 0x55;
        Path tampered = tmp.resolve("tampered.tar");
        Files.write(tampered, b);
        Path target = tmp.resolve("target");
        Cli.Result r = cli("bundle", "import", "--data", target.toString(), tampered.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bundle refused, nothing imported").contains("rsc.io/quote/@v/v1.5.2.zip: SHA-256");
        try (Stream<Path> s = Files.walk(target)) {
            assertThat(s.filter(Files::isRegularFile).filter(p -> !p.startsWith(target.resolve(".modgate"))).toList()).isEmpty();
        }
    }

    @Test
    void bundleFindsTheDataDirectoryAsServeDoes() throws Exception {
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> mv.path().equals("rsc.io/quote"));
        Path online = tmp.resolve("online");
        try (StaticHttpServer upstream = new StaticHttpServer(tree.root()); TestModgate m = new TestModgate(online, upstream.url())) {
            for (String f : List.of("v1.5.2.info", "v1.5.2.mod", "v1.5.2.zip")) assertThat(m.get("/rsc.io/quote/@v/" + f).statusCode()).isEqualTo(200);
        }
        Path onlineConf = tmp.resolve("online.conf");
        Files.writeString(onlineConf, "# as serve reads it\ndata = " + online + "\nlist-ttl = 2m\n");
        Path bundle = tmp.resolve("b.tar");
        Cli.Result export = cli("bundle", "export", "--config", onlineConf.toString(), "-o", bundle.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("1 module versions, 3 files");

        // MODGATE_CONFIG, as serve: the config file's data line, unless MODGATE_DATA or --data say otherwise.
        Path airgap = tmp.resolve("airgap");
        Path airgapConf = tmp.resolve("airgap.conf");
        Files.writeString(airgapConf, "data = " + airgap + "\n");
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Cli.Result imp = Cli.runProcess(cwd, Map.of("MODGATE_CONFIG", airgapConf.toString()), List.of(), "bundle", "import", bundle.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(airgap.resolve("rsc.io/quote/@v/v1.5.2.zip")).isRegularFile();
        assertThat(cwd.resolve("modgate-data")).doesNotExist();

        Path flag = tmp.resolve("flag");
        Cli.Result byFlag = Cli.runProcess(cwd, Map.of("MODGATE_CONFIG", airgapConf.toString(), "MODGATE_DATA", tmp.resolve("env").toString()),
                List.of(), "bundle", "import", "--data", flag.toString(), bundle.toString());
        assertThat(byFlag.exit()).as(byFlag.err()).isZero();
        assertThat(flag.resolve("rsc.io/quote/@v/v1.5.2.zip")).isRegularFile();
        assertThat(tmp.resolve("env")).doesNotExist();

        Cli.Result badConf = cli("bundle", "export", "--config", tmp.resolve("missing.conf").toString(), "-o", tmp.resolve("x.tar").toString());
        assertThat(badConf.exit()).isEqualTo(1);
        assertThat(badConf.err()).contains("missing.conf does not exist");
    }

    @Test
    void unsafeMemberNamesAreRefused() throws Exception {
        Path bundle = tmp.resolve("evil.tar");
        String evil = "../outside/@v/v1.0.0.mod";
        byte[] mod = "module x.example/m\n".getBytes(StandardCharsets.UTF_8);
        var manifest = new BundleManifest(BundleManifest.FORMAT, "now",
                List.of(new BundleManifest.Module("x.example/m", "v1.0.0", null, "h1:x")),
                List.of(new BundleManifest.FileEntry(evil, mod.length, "00")));
        try (OutputStream os = Files.newOutputStream(bundle); TarWriter w = new TarWriter(os)) {
            w.add(BundleManifest.MEMBER, manifest.toJson(), 0);
            w.add(evil, mod, 0);
            w.add("/etc/evil/@v/v1.0.0.mod", mod, 0);
        }
        Path target = tmp.resolve("box/data");
        Cli.Result r = cli("bundle", "import", "--data", target.toString(), bundle.toString());
        assertThat(r.exit()).isEqualTo(1);
        // Names in the manifest are all checked before any member is read; the import ends there.
        assertThat(r.err()).contains(evil + ": unsafe");
        // A member the manifest does not list ends the import when it is reached.
        Path unlisted = tmp.resolve("unlisted.tar");
        try (OutputStream os = Files.newOutputStream(unlisted); TarWriter w = new TarWriter(os)) {
            w.add(BundleManifest.MEMBER, new BundleManifest(BundleManifest.FORMAT, "now", List.of(), List.of()).toJson(), 0);
            w.add("/etc/evil/@v/v1.0.0.mod", mod, 0);
        }
        Cli.Result r2 = cli("bundle", "import", "--data", target.toString(), unlisted.toString());
        assertThat(r2.exit()).isEqualTo(1);
        assertThat(r2.err()).contains("/etc/evil/@v/v1.0.0.mod: not listed");
        try (Stream<Path> s = Files.list(tmp.resolve("box"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("data");
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
