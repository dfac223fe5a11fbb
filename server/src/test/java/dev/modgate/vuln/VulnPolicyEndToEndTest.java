package dev.modgate.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.testing.Cli;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.TestModgate;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 (vulnerabilities), checked from outside: a vulnerability database imported into the data directory, a
 * policy with a vuln line, the real go command through modgate (GOPROXY "modgate,direct": a refusal must stop it).
 */
class VulnPolicyEndToEndTest {
    @TempDir Path tmp;

    /** example.com/a at versions GO-2024-0001 (< 1.2.0) and GO-2024-0002 (1.3.0 to < 1.4.1) do and do not affect. */
    private Path upstream() throws Exception {
        Path tree = tmp.resolve("tree");
        List<String> versions = List.of("v1.1.0", "v1.2.0", "v1.3.0", "v1.4.1");
        for (String v : versions) {
            Path dir = Files.createDirectories(GoproxyTree.moduleDir(tree, "example.com/a").resolve("@v"));
            String goMod = "module example.com/a\n\ngo 1.16\n";
            Files.writeString(dir.resolve(v + ".info"), "{\"Version\":\"" + v + "\",\"Time\":\"2024-01-02T03:04:05Z\"}");
            Files.writeString(dir.resolve(v + ".mod"), goMod);
            ModuleZip.create(new ModuleVersion("example.com/a", v), List.of(ModuleFile.of("go.mod", goMod.getBytes(StandardCharsets.UTF_8)),
                    ModuleFile.of("a.go", "package a\n".getBytes(StandardCharsets.UTF_8))), dir.resolve(v + ".zip"));
        }
        Files.writeString(GoproxyTree.moduleDir(tree, "example.com/a").resolve("@v").resolve("list"), String.join("\n", versions) + "\n");
        return tree;
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aVulnDenyStopsTheGoCommandOnAnAffectedVersionAndANewSnapshotReachesCachedOnes() throws Exception {
        Path tree = upstream();
        Path data = tmp.resolve("data");
        TestVulnDb db = TestVulnDb.standard();
        Cli.Result imported = Cli.run("vulndb", "import", "--data", data.toString(), db.zip(tmp.resolve("vulndb.zip")).toString());
        assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
        Path policy = tmp.resolve("policy.txt");
        Files.writeString(policy, "contact \"ask #security\"\nvuln deny\n");

        GoTool go = new GoTool(tmp.resolve("home"));
        try (TestModgate modgate = new TestModgate(TestModgate.config(data, tree.toUri().toString()).policy(policy), Map.of())) {
            go.set("GOPROXY", modgate.url() + ",direct");
            Path work = Files.createDirectories(tmp.resolve("work"));
            Files.writeString(work.resolve("go.mod"), "module example.com/work\n\ngo 1.19\n");

            GoTool.Result denied = go.run(work, "mod", "download", "example.com/a@v1.1.0");
            assertThat(denied.exit()).as(denied.all()).isNotZero();
            assertThat(denied.stderr()).as(denied.all())
                    .contains("403 Forbidden")
                    .contains("denied by policy: example.com/a@v1.1.0")
                    .contains("GO-2024-0001").contains("CVE-2024-0001").contains("GHSA-aaaa-bbbb-cccc")
                    .contains("fixed in v1.2.0")
                    .contains("policy.txt:2")
                    .doesNotContain("unrecognized import path");

            GoTool.Result fixed = go.run(work, "mod", "download", "example.com/a@v1.2.0");
            assertThat(fixed.exit()).as(fixed.all()).isZero();

            // Affected versions leave the list, so that "latest" and upgrades never pick one.
            assertThat(body(modgate.get("/example.com/a/@v/list")).lines().toList()).containsExactly("v1.2.0", "v1.4.1");
            GoTool.Result list = go.run(work, "list", "-m", "-versions", "example.com/a");
            assertThat(list.stdout().strip()).as(list.all()).isEqualTo("example.com/a v1.2.0 v1.4.1");

            // A new snapshot naming v1.2.0 reaches the copy modgate has already stored.
            db.put("GO-2024-0099", "2024-04-01T00:00:00Z", List.of("CVE-2024-0099"), new TestVulnDb.Affected("example.com/a", "1.2.0", "1.4.1"));
            Cli.Result again = Cli.run("vulndb", "import", "--data", data.toString(), db.zip(tmp.resolve("vulndb2.zip")).toString());
            assertThat(again.exit()).as(again.out() + again.err()).isZero();
            long deadline = System.nanoTime() + 5_000_000_000L;
            HttpResponse<byte[]> cached;
            do {
                Thread.sleep(100);
                cached = modgate.get("/example.com/a/@v/v1.2.0.zip");
            } while (cached.statusCode() == 200 && System.nanoTime() < deadline);
            assertThat(cached.statusCode()).isEqualTo(403);
            assertThat(body(cached)).contains("GO-2024-0099").contains("fixed in v1.4.1");
        }
    }

    @Test
    void vulnWarnServesAndSaysWhy() throws Exception {
        Path tree = upstream();
        Path data = tmp.resolve("data");
        assertThat(Cli.run("vulndb", "import", "--data", data.toString(), TestVulnDb.standard().zip(tmp.resolve("vulndb.zip")).toString()).exit()).isZero();
        Path policy = tmp.resolve("policy.txt");
        Files.writeString(policy, "vuln warn example.com/a\n");
        try (TestModgate modgate = new TestModgate(TestModgate.config(data, tree.toUri().toString()).policy(policy), Map.of())) {
            HttpResponse<byte[]> zip = modgate.get("/example.com/a/@v/v1.3.0.zip");
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.headers().firstValue("X-Modgate-Policy").orElse("")).contains("GO-2024-0002").contains("policy.txt:1");
            assertThat(body(modgate.get("/example.com/a/@v/list")).lines().toList()).containsExactly("v1.1.0", "v1.2.0", "v1.3.0", "v1.4.1");
        }
    }

    /** Bundle export applies vuln lines as the server does, with the data directory's snapshot: affected zips stay behind. */
    @Test
    void bundleExportLeavesOutTheZipsAVulnDenyRefuses() throws Exception {
        Path tree = upstream();
        Path data = tmp.resolve("data");
        assertThat(Cli.run("vulndb", "import", "--data", data.toString(), TestVulnDb.standard().zip(tmp.resolve("vulndb.zip")).toString()).exit()).isZero();
        Cli.Result fetched = Cli.run("prefetch", "--data", data.toString(), "--upstream", tree.toUri().toString(), "--sumdb", "off",
                "example.com/a@v1.1.0", "example.com/a@v1.2.0");
        assertThat(fetched.exit()).as(fetched.out() + fetched.err()).isZero();
        Path policy = tmp.resolve("policy.txt");
        Files.writeString(policy, "vuln deny\n");
        Cli.Result export = Cli.run("bundle", "export", "--data", data.toString(), "--sumdb", "off", "--policy", policy.toString(),
                "-o", tmp.resolve("b.tar").toString());
        assertThat(export.exit()).as(export.out() + export.err()).isZero();
        assertThat(export.out()).contains("policy: 1 zips left out"); // v1.1.0 (GO-2024-0001); v1.2.0 is fixed
    }
}
