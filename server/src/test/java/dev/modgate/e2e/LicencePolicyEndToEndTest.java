package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.TestModgate;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 (licences), checked from outside: license lines refuse a version whose root licence file is denied or not
 * recognized, with the file and the licence named, through the real go command (GOPROXY "modgate,direct").
 */
class LicencePolicyEndToEndTest {
    @TempDir Path tmp;

    private static byte[] text(String id) throws Exception {
        try (InputStream in = LicencePolicyEndToEndTest.class.getResourceAsStream("/dev/modgate/licence/texts/" + id + ".txt")) {
            return ("Copyright (c) 2024 The Example Authors\n\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** One version of a module whose zip holds go.mod, a Go file and, if given, a LICENSE with that licence's text. */
    private static void module(Path tree, String path, String licence) throws Exception {
        Path dir = Files.createDirectories(GoproxyTree.moduleDir(tree, path).resolve("@v"));
        String goMod = "module " + path + "\n\ngo 1.16\n";
        Files.writeString(dir.resolve("v1.0.0.info"), "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        Files.writeString(dir.resolve("v1.0.0.mod"), goMod);
        List<ModuleFile> files = new ArrayList<>(List.of(ModuleFile.of("go.mod", goMod.getBytes(StandardCharsets.UTF_8)),
                ModuleFile.of("x.go", "package x\n".getBytes(StandardCharsets.UTF_8))));
        if (licence != null) files.add(ModuleFile.of("LICENSE", text(licence)));
        ModuleZip.create(new ModuleVersion(path, "v1.0.0"), files, dir.resolve("v1.0.0.zip"));
        Files.writeString(dir.resolve("list"), "v1.0.0\n");
    }

    @Test
    void licenceLinesRefuseWithTheFileAndTheLicenceNamed() throws Exception {
        Path tree = tmp.resolve("tree");
        module(tree, "example.com/gpl", "GPL-3.0");
        module(tree, "example.com/mit", "MIT");
        module(tree, "example.com/bare", null);
        Path policy = tmp.resolve("policy.txt");
        Files.writeString(policy, "license deny GPL-3.0,AGPL-3.0\nlicense unknown deny\ncontact \"ask legal@example.com\"\n");
        GoTool go = new GoTool(tmp.resolve("home"));
        try (TestModgate modgate = new TestModgate(TestModgate.config(tmp.resolve("data"), tree.toUri().toString()).policy(policy), Map.of())) {
            go.set("GOPROXY", modgate.url() + ",direct");
            Path work = Files.createDirectories(tmp.resolve("work"));
            Files.writeString(work.resolve("go.mod"), "module example.com/work\n\ngo 1.19\n");

            GoTool.Result gpl = go.run(work, "mod", "download", "example.com/gpl@v1.0.0");
            assertThat(gpl.exit()).as(gpl.all()).isNotZero();
            assertThat(gpl.stderr()).as(gpl.all()).contains("403 Forbidden").contains("denied by policy: example.com/gpl@v1.0.0")
                    .contains("LICENSE is GPL-3.0").contains("policy.txt:1").contains("ask legal@example.com")
                    .doesNotContain("unrecognized import path");

            GoTool.Result mit = go.run(work, "mod", "download", "example.com/mit@v1.0.0");
            assertThat(mit.exit()).as(mit.all()).isZero();

            HttpResponse<byte[]> bare = modgate.get("/example.com/bare/@v/v1.0.0.zip");
            assertThat(bare.statusCode()).isEqualTo(403);
            assertThat(new String(bare.body(), StandardCharsets.UTF_8)).contains("no licence file at the module root").contains("policy.txt:2");
            assertThat(bare.headers().firstValue("X-Modgate-Policy").orElse("")).isEqualTo("deny policy.txt:2");
            // The module graph still reads the go.mod of a refused version.
            assertThat(modgate.get("/example.com/gpl/@v/v1.0.0.mod").statusCode()).isEqualTo(200);
        }
    }
}
