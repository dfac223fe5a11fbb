package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.testing.Cli;
import dev.modgate.testing.Git;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3's acceptance test: {@code modgate zip} of a tree with tricky content against the real go command. For
 * each fixture the tree is also committed to a git repository, tagged, and fetched by the go command in direct mode
 * (git over file://, reached through an insteadOf rewrite of https://example.test/, so nothing leaves the machine).
 * Then either both refuse the tree with the same rule, or modgate's zip, served from a file:// GOPROXY tree, is
 * accepted by the go command with the Sum modgate printed, and holds exactly the files of the go command's own zip.
 *
 * <p>The Debian go is 1.19, so fixtures declare go 1.19: the vendor rule of go 1.24 is covered by the core vectors.
 */
class ZipParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path tmp;
    static Git git;
    static GoTool go;

    @BeforeAll static void setUp() throws Exception {
        Path home = tmp.resolve("home");
        git = new Git(home);
        go = new GoTool(home);
        Path repos = Files.createDirectories(tmp.resolve("repos"));
        // vcs.go maps example.test/NAME.git to the repository https://example.test/NAME; git reads it from repos/NAME.
        Files.writeString(git.globalConfig(), """
                [url "%s/"]
                \tinsteadOf = https://example.test/
                [protocol "file"]
                \tallow = always
                """.formatted(repos.toUri().toString().replaceFirst("/$", "")));
        go.set("GIT_CONFIG_GLOBAL", git.globalConfig().toString()).set("GIT_CONFIG_NOSYSTEM", "1").set("GOFLAGS", "-modcacherw");
    }

    interface Tree {
        void build(Path dir) throws IOException;
    }

    /** A fixture: a module tree, and the files of its zip, or none when the go command refuses to zip it. */
    record Fixture(String name, String version, List<String> files, Tree tree) {
        boolean refused() { return files.isEmpty(); }

        String module() {
            String root = "example.test/" + name + ".git";
            String major = version.substring(0, version.indexOf('.'));
            return major.equals("v0") || major.equals("v1") ? root : root + "/" + major;
        }

        @Override public String toString() { return name; }
    }

    static List<Fixture> fixtures() {
        return List.of(
                new Fixture("tricky", "v1.0.0", List.of(".dotfile", "LICENSE", "go.mod", "pkg/p.go", "tricky.go", "vendor/keep.go",
                        "vendor/modules.txt", "with space.txt", "x/y/z.go", "\u00fcn\u00efcode.go"), dir -> {
                    write(dir, "tricky.go", "package tricky\n");
                    write(dir, "LICENSE", "Do what you like.\n");
                    write(dir, "vendor/modules.txt", "# example.test/dep v1.0.0\n");
                    write(dir, "vendor/keep.go", "package vendor\n");
                    write(dir, "vendor/a/b.go", "package a\n");
                    write(dir, "pkg/vendor/x.go", "package vendor\n");
                    write(dir, "pkg/p.go", "package pkg\n");
                    write(dir, "a/vendor/b/c.go", "package b\n");
                    write(dir, "x/y/vendor/z/deep.go", "package z\n");
                    write(dir, "x/y/z.go", "package y\n");
                    write(dir, "sub/go.mod", "module example.test/tricky.git/sub\n");
                    write(dir, "sub/sub.go", "package sub\n");
                    write(dir, "sub2/GO.MOD", "module example.test/tricky.git/sub2\n");
                    write(dir, "sub2/s.go", "package sub2\n");
                    write(dir, ".hg_archival.txt", "repo: 0123\n");
                    write(dir, "\u00fcn\u00efcode.go", "package tricky\n");
                    write(dir, "with space.txt", "spaces are allowed\n");
                    write(dir, ".dotfile", "dot\n");
                    // Only in the directory: VCS metadata (kept out of the commit by .git/info/exclude) and empty
                    // directories (git cannot hold them). Symbolic links are committed as links.
                    write(dir, ".hg/store/data", "hg\n");
                    write(dir, "pkg/.svn/entries", "svn\n");
                    write(dir, "pkg/.bzr/branch", "bzr\n");
                    Files.createDirectories(dir.resolve("empty"));
                    Files.createDirectories(dir.resolve("x/empty/deeper"));
                    Files.createSymbolicLink(dir.resolve("link.go"), Path.of("tricky.go"));
                    Files.createSymbolicLink(dir.resolve("linkdir"), Path.of("x"));
                }),
                new Fixture("nogomod", "v1.2.3", List.of("legacy.go"), dir -> {
                    Files.delete(dir.resolve("go.mod"));
                    write(dir, "legacy.go", "package legacy\n");
                }),
                new Fixture("major", "v2.1.0", List.of("go.mod", "m.go"), dir -> write(dir, "m.go", "package major\n")),
                new Fixture("badname", "v1.0.0", List.of(), dir -> write(dir, "bad'name.go", "package x\n")),
                new Fixture("windowsname", "v1.0.0", List.of(), dir -> write(dir, "aux.go", "package x\n")),
                new Fixture("uppercasegomod", "v1.0.0", List.of(), dir -> {
                    Files.delete(dir.resolve("go.mod"));
                    write(dir, "GO.MOD", "module example.test/uppercasegomod.git\n");
                }),
                new Fixture("casefiles", "v1.0.0", List.of(), dir -> {
                    write(dir, "A.go", "package x\n");
                    write(dir, "a.go", "package x\n");
                }),
                new Fixture("casedirs", "v1.0.0", List.of(), dir -> {
                    write(dir, "Docs/a.go", "package docs\n");
                    write(dir, "docs/b.go", "package docs\n");
                }));
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void modgateZipsAsTheGoCommandDoes(Fixture f) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("trees").resolve(f.name));
        write(dir, "go.mod", "module " + f.module() + "\n\ngo 1.19\n");
        f.tree.build(dir);
        commitAndPublish(f, dir);
        JsonNode direct = download("direct", f);

        Path ours = tmp.resolve(f.name + ".zip");
        Cli.Result zipped = Cli.run("zip", "--module", f.module(), "--version", f.version, "-o", ours.toString(), dir.toString());
        if (f.refused()) {
            assertThat(zipped.exit()).isEqualTo(1);
            assertThat(zipped.errLines()).hasSize(1);
            String prefix = "modgate: create zip: ";
            assertThat(zipped.err()).startsWith(prefix);
            String rule = zipped.errLines().get(0).substring(prefix.length());
            assertThat(direct.path("Error").asText()).as("the go command refuses the tree with the same rule").isEqualTo("create zip: " + rule);
            assertThat(ours).doesNotExist();
            return;
        }
        assertThat(zipped.exit()).as(zipped.err()).isZero();
        assertThat(direct.has("Error")).as(direct.toString()).isFalse();
        List<String> sumLines = zipped.outLines();
        String zipLine = f.module() + " " + f.version + " " + direct.get("Sum").asText();
        String goModLine = f.module() + " " + f.version + "/go.mod " + direct.get("GoModSum").asText();
        assertThat(sumLines).as("modgate's h1 equals the go command's for its own zip from git").containsExactly(zipLine, goModLine);
        assertThat(entries(ours)).as("the same files as the go command's zip").isEqualTo(entries(Path.of(direct.get("Zip").asText())))
                .isEqualTo(f.files.stream().map(n -> f.module() + "@" + f.version + "/" + n).toList());

        // modgate sum agrees, for the zip and for the directory.
        assertThat(Cli.run("sum", ours.toString()).outLines()).isEqualTo(sumLines);
        assertThat(Cli.run("sum", "--module", f.module(), "--version", f.version, dir.toString()).outLines()).isEqualTo(sumLines);

        // The go command downloads modgate's zip from a GOPROXY tree, unpacks it and reports the printed sums.
        publishToProxyTree(f, dir, ours);
        JsonNode viaProxy = download("proxy", f);
        assertThat(viaProxy.has("Error")).as(viaProxy.toString()).isFalse();
        assertThat(viaProxy.get("Sum").asText()).isEqualTo(direct.get("Sum").asText());
        assertThat(viaProxy.get("GoModSum").asText()).isEqualTo(direct.get("GoModSum").asText());
        assertThat(Path.of(viaProxy.get("Dir").asText())).isDirectory();
    }

    /** Commits the tree in place (so the directory holds a real .git), tags it, pushes it to repos/NAME. */
    private static void commitAndPublish(Fixture f, Path dir) throws Exception {
        git.run(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve(".git/info/exclude"), ".hg\n.svn\n.bzr\n");
        git.run(dir, "add", "-A");
        git.run(dir, "commit", "-q", "-m", "fixture " + f.name);
        git.run(dir, "tag", f.version);
        Path bare = tmp.resolve("repos").resolve(f.name);
        git.run(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        git.run(dir, "push", "-q", bare.toUri().toString(), "main", "refs/tags/" + f.version);
    }

    private static void publishToProxyTree(Fixture f, Path dir, Path zip) throws IOException {
        Path v = Files.createDirectories(GoproxyTree.moduleDir(tmp.resolve("proxy"), f.module()).resolve("@v"));
        Path goMod = dir.resolve("go.mod");
        byte[] mod = Files.exists(goMod) ? Files.readAllBytes(goMod) : ModFile.legacyGoMod(f.module()).getBytes(StandardCharsets.UTF_8);
        Files.write(v.resolve(f.version + ".mod"), mod);
        Files.writeString(v.resolve(f.version + ".info"), "{\"Version\":\"" + f.version + "\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        Files.copy(zip, v.resolve(f.version + ".zip"));
        Files.writeString(v.resolve("list"), f.version + "\n");
    }

    /** go mod download -json of the fixture, directly from git or from the file:// proxy tree, into a fresh cache. */
    private static JsonNode download(String how, Fixture f) throws Exception {
        if (how.equals("direct")) {
            go.set("GOPROXY", "direct").set("GOPRIVATE", "example.test");
        } else {
            go.set("GOPROXY", tmp.resolve("proxy").toUri().toString()).set("GOPRIVATE", "");
        }
        go.freshModCache(how + "-" + f.name);
        Path work = Files.createDirectories(tmp.resolve("work"));
        GoTool.Result r = go.run(work, "mod", "download", "-json", new ModuleVersion(f.module(), f.version).toString());
        assertThat(r.stdout()).as(r.all()).startsWith("{");
        return JSON.readTree(r.stdout());
    }

    private static List<String> entries(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream().map(ZipEntry::getName).sorted().toList();
        }
    }
}
