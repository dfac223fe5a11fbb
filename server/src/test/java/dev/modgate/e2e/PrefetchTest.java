package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Cli;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.SyntheticGraph;
import dev.modgate.testing.TestModgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prefetch of a project's go.mod loads exactly what the go command fetches for it, then an offline modgate with
 * every upstream stopped serves the go command's build.
 */
class PrefetchTest {
    @TempDir Path tmp;

    @Test
    void prefetchLoadsWhatTheGoCommandNeedsAndNothingElse() throws Exception {
        GoTool go = new GoTool(tmp.resolve("home"));
        Path tree = tmp.resolve("tree"), project = tmp.resolve("project"), data = tmp.resolve("data");
        SyntheticGraph.write(tree, project);

        Set<String> wanted;
        try (StaticHttpServer upstream = new StaticHttpServer(tree)) {
            // What the go command itself fetches for this project, straight from the tree.
            Path direct = copy(project, tmp.resolve("direct"));
            go.set("GOPROXY", upstream.url()).freshModCache("direct");
            GoTool.Result dl = go.run(direct, "mod", "download", "all");
            assertThat(dl.exit()).as(dl.all()).isZero();
            GoTool.Result build = go.run(direct, "build", "-o", "app", ".");
            assertThat(build.exit()).as(build.all()).isZero();
            wanted = modAndZip(upstream.requestedPaths().stream());
            assertThat(wanted).as("a realistic graph").hasSizeGreaterThan(30)
                    .contains("/example.com/fork5/@v/v1.0.0.zip", "/example.com/big/v3/@v/v3.1.0.zip")
                    .doesNotContain("/example.com/lib5/@v/v1.1.0.zip", "/example.com/lib7/@v/v1.1.0.mod");

            Cli.Result first = Cli.run("prefetch", "--sumdb", "off", "--data", data.toString(), "--upstream", upstream.url(), project.resolve("go.mod").toString());
            assertThat(first.exit()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("0 failed");
            Set<String> stored;
            try (Stream<Path> s = Files.walk(data)) {
                stored = modAndZip(s.filter(Files::isRegularFile).map(p -> "/" + data.relativize(p).toString().replace('\\', '/')));
            }
            assertThat(stored).as("prefetched = what the go command fetched").isEqualTo(wanted);

            // A go.sum names its modules directly: every line's .mod, and the zip of every non-/go.mod line.
            Path sumData = tmp.resolve("from-go-sum");
            Cli.Result fromSum = Cli.run("prefetch", "--sumdb", "off", "--data", sumData.toString(), "--upstream", upstream.url(), direct.resolve("go.sum").toString());
            assertThat(fromSum.exit()).as(fromSum.err()).isZero();
            Set<String> expected = new TreeSet<>();
            for (String line : Files.readAllLines(direct.resolve("go.sum"))) {
                String[] f = line.split(" ");
                boolean mod = f[1].endsWith("/go.mod");
                String base = "/" + dev.modgate.core.module.CaseEncoding.escapePath(f[0]) + "/@v/" + (mod ? f[1].substring(0, f[1].length() - 7) : f[1]);
                expected.add(base + ".mod");
                if (!mod) expected.add(base + ".zip");
            }
            try (Stream<Path> s = Files.walk(sumData)) {
                assertThat(modAndZip(s.filter(Files::isRegularFile).map(p -> "/" + sumData.relativize(p).toString().replace('\\', '/'))))
                        .isEqualTo(expected);
            }

            int before = upstream.totalHits();
            Cli.Result second = Cli.run("prefetch", "--sumdb", "off", "--data", data.toString(), "--upstream", upstream.url(), project.toString());
            assertThat(second.exit()).isZero();
            assertThat(second.out()).contains(" 0 downloaded");
            assertThat(upstream.totalHits()).as("a second run downloads nothing").isEqualTo(before);
        }

        try (TestModgate offline = new TestModgate(TestModgate.config(data, "http://127.0.0.1:9").offline(true), Map.of())) {
            Path app = copy(project, tmp.resolve("offline"));
            go.set("GOPROXY", offline.url()).freshModCache("offline");
            for (String[] cmd : new String[][] {{"build", "-o", "app", "."}, {"mod", "download", "all"}, {"list", "-m", "all"}}) {
                GoTool.Result r = go.run(app, cmd);
                assertThat(r.exit()).as("go %s: %s", String.join(" ", cmd), r.all()).isZero();
                assertThat(r.all()).doesNotContain("404");
            }
        }
    }

    @Test
    void moduleQueriesAndFailuresAreReported() throws Exception {
        GoTool.require("go");
        Path tree = tmp.resolve("tree");
        SyntheticGraph.write(tree, tmp.resolve("project"));
        try (StaticHttpServer upstream = new StaticHttpServer(tree)) {
            Path data = tmp.resolve("data");
            Cli.Result ok = Cli.run("prefetch", "--sumdb", "off", "--data", data.toString(), "--upstream", upstream.url(), "example.com/big/v3@latest");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(data.resolve("example.com/big/v3/@v/v3.1.0.zip")).isRegularFile();
            assertThat(data.resolve("example.com/lib29/@v/v1.0.0.zip")).isRegularFile();

            Cli.Result bad = Cli.run("prefetch", "--sumdb", "off", "--data", data.toString(), "--upstream", upstream.url(), "example.com/nothere@v1.0.0");
            assertThat(bad.exit()).isNotZero();
            assertThat(bad.err()).contains("example.com/nothere");
        }
    }

    @Test
    void workspacesAndDirectoriesAreFollowed() throws Exception {
        Path tree = tmp.resolve("tree");
        SyntheticGraph.write(tree, tmp.resolve("project"));
        Path ws = tmp.resolve("ws");
        Files.createDirectories(ws.resolve("a"));
        Files.createDirectories(ws.resolve("b"));
        Files.createDirectories(ws.resolve("vendor/ignored"));
        Files.writeString(ws.resolve("go.work"), "go 1.19\n\nuse (\n\t./a\n\t./b\n)\n");
        Files.writeString(ws.resolve("a/go.mod"), "module example.com/a\n\ngo 1.19\n\nrequire example.com/lib28 v1.0.0\n");
        Files.writeString(ws.resolve("b/go.mod"), "module example.com/b\n\ngo 1.19\n\nrequire example.com/big/v2 v2.0.0\n");
        Files.writeString(ws.resolve("vendor/ignored/go.mod"), "module example.com/ignored\n\nrequire example.com/nothere v1.0.0\n");
        try (StaticHttpServer upstream = new StaticHttpServer(tree)) {
            Path data = tmp.resolve("data");
            Cli.Result r = Cli.run("prefetch", "--sumdb", "off", "--data", data.toString(), "--upstream", upstream.url(), ws.toString());
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(data.resolve("example.com/lib28/@v/v1.0.0.zip")).isRegularFile();
            assertThat(data.resolve("example.com/lib29/@v/v1.0.0.mod")).isRegularFile();
            assertThat(data.resolve("example.com/big/v2/@v/v2.0.0.zip")).isRegularFile();
            assertThat(data.resolve("example.com/nothere")).doesNotExist();
        }
    }

    static Set<String> modAndZip(Stream<String> paths) {
        return paths.filter(p -> p.endsWith(".mod") || p.endsWith(".zip")).collect(Collectors.toCollection(TreeSet::new));
    }

    static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
        return to;
    }
}
