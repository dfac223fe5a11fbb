package dev.modgate.core.mvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.core.module.CaseEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios of src/test/resources/modgraph, checked against the real go command over a file://
 * GOPROXY tree built from the same files, each command with a fresh copy of the main module and a
 * fresh module cache:
 * <ul>
 * <li>{@code go list -m all} prints the build list (with replacements) the scenario wants;
 * <li>{@code go mod graph} fetches exactly the .mod files the scenario says the graph reads;
 * <li>{@code go mod download} and {@code go mod download all} fetch exactly the zips the scenario
 *     wants, and the .mod files of the graph plus those of the downloaded modules.
 * </ul>
 * ModuleGraphScenarioTest checks that ModuleGraph computes the same expectations, so the two tests
 * together compare ModuleGraph with the go command. The expectations are those of Go 1.19 (the
 * Debian go this project tests with); without go on PATH the test is skipped, or fails when CI=true.
 */
class GoCommandGraphTest {
    @TempDir static Path tmp;

    @BeforeAll
    static void requireGo() {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
                present = true;
            }
        }
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("go is required in CI but not on PATH");
            }
            Assumptions.abort("go not on PATH");
        }
    }

    @TestFactory
    Stream<DynamicNode> scenarios() throws IOException {
        return GraphScenario.all().stream().map(s -> s.wantError() != null
                ? DynamicTest.dynamicTest(s.name() + ": go list -m all fails", () -> {
                    Run r = new Run(s, "list");
                    Result res = r.run("list", "-m", "all");
                    assertThat(res.exit()).as(s.name() + ": exit status").isNotZero();
                    assertThat(res.stderr()).as(s.name()).isEqualTo("go: " + s.wantError() + "\n");
                })
                : DynamicContainer.dynamicContainer(s.name(), Stream.of(
                DynamicTest.dynamicTest("go list -m all", () -> {
                    Run r = new Run(s, "list");
                    String out = r.go("list", "-m", "all");
                    assertThat(out.lines().toList()).as(s.name()).isEqualTo(s.want().get("list"));
                }),
                DynamicTest.dynamicTest("go mod graph", () -> {
                    Run r = new Run(s, "graph");
                    r.go("mod", "graph");
                    assertThat(r.cached(".mod")).as(s.name() + ": .mod files fetched").isEqualTo(GraphScenario.sorted(s.want().get("gomods")));
                }),
                DynamicTest.dynamicTest("go mod download", () -> {
                    Run r = new Run(s, "download");
                    r.go("mod", "download", "-json");
                    checkDownload(s, r, s.want().get("download"));
                }),
                DynamicTest.dynamicTest("go mod download all", () -> {
                    Run r = new Run(s, "downloadall");
                    r.go("mod", "download", "-json", "all");
                    checkDownload(s, r, s.want().get("downloadall"));
                }))));
    }

    /**
     * Random scenarios (RandomScenarios), compared with what ModuleGraph computes for them. 20 by default;
     * -Dmodgate.randomGraphs=N for more. A failure prints the scenario as a txtar archive.
     */
    @TestFactory
    Stream<DynamicTest> randomScenarios() {
        int n = Integer.getInteger("modgate.randomGraphs", 20);
        return java.util.stream.LongStream.rangeClosed(1, n).mapToObj(RandomScenarios::generate).map(s ->
                DynamicTest.dynamicTest(s.name(), () -> {
                    try {
                        compareWithGo(s);
                    } catch (AssertionError | RuntimeException e) {
                        throw new AssertionError(e.getMessage() + "\n--- scenario ---\n" + RandomScenarios.txtar(s), e);
                    }
                }));
    }

    private static void compareWithGo(GraphScenario s) throws Exception {
        ModuleGraph g;
        try {
            g = s.load(s.source(), ModuleGraph.DEFAULT_PARALLELISM);
        } catch (BuildListError e) {
            Result res = new Run(s, "list").run("list", "-m", "all");
            assertThat(res.stderr()).isEqualTo("go: " + e.getMessage() + "\n");
            return;
        }
        assertThat(new Run(s, "list").go("list", "-m", "all").lines().toList()).as("go list -m all").isEqualTo(GraphScenario.listLines(g));
        Run graph = new Run(s, "graph");
        graph.go("mod", "graph");
        assertThat(graph.cached(".mod")).as("go mod graph: .mod files").isEqualTo(GraphScenario.sorted(GraphScenario.lines(g.goMods())));
        Run download = new Run(s, "download");
        download.go("mod", "download", "-json");
        assertThat(download.cached(".zip")).as("go mod download: zips")
                .isEqualTo(GraphScenario.sorted(GraphScenario.lines(g.downloads().modules())));
        assertThat(download.cached(".mod")).as("go mod download: .mod files")
                .isEqualTo(GraphScenario.sorted(GraphScenario.lines(g.downloads().goMods())));
        Run all = new Run(s, "downloadall");
        all.go("mod", "download", "-json", "all");
        assertThat(all.cached(".zip")).as("go mod download all: zips")
                .isEqualTo(GraphScenario.sorted(GraphScenario.lines(g.downloadsAll().modules())));
        assertThat(all.cached(".mod")).as("go mod download all: .mod files")
                .isEqualTo(GraphScenario.sorted(GraphScenario.lines(g.downloadsAll().goMods())));
    }

    private static void checkDownload(GraphScenario s, Run r, List<String> zips) throws IOException {
        assertThat(r.cached(".zip")).as(s.name() + ": zips").isEqualTo(GraphScenario.sorted(zips));
        List<String> mods = new ArrayList<>(s.want().get("gomods"));
        zips.stream().filter(z -> !mods.contains(z)).forEach(mods::add);
        assertThat(r.cached(".mod")).as(s.name() + ": .mod files fetched").isEqualTo(GraphScenario.sorted(mods));
    }

    private record Result(int exit, String stdout, String stderr) {}

    /** One go command run: its own copy of the scenario's files and its own module cache. */
    private static final class Run {
        final GraphScenario s;
        final Path home;
        final Path work;
        final Path proxy;

        Run(GraphScenario s, String what) throws IOException {
            this.s = s;
            this.home = Files.createDirectories(tmp.resolve(s.name()).resolve(what));
            this.proxy = tmp.resolve(s.name()).resolve("proxy");
            if (!Files.isDirectory(proxy)) {
                s.writeProxy(proxy);
            }
            this.work = home.resolve("work");
            s.writeWorkDir(work);
        }

        String go(String... args) throws IOException, InterruptedException {
            Result r = run(args);
            if (r.exit() != 0) {
                throw new AssertionError("go " + String.join(" ", args) + " failed (" + r.exit() + "):\n" + r.stderr() + r.stdout());
            }
            return r.stdout();
        }

        Result run(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>();
            cmd.add("go");
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("GO") || k.equalsIgnoreCase("https_proxy") || k.equalsIgnoreCase("http_proxy"));
            env.put("HOME", home.toString());
            env.put("GOPATH", home.resolve("gopath").toString());
            env.put("GOMODCACHE", home.resolve("modcache").toString());
            env.put("GOCACHE", home.resolve("gocache").toString());
            env.put("GOENV", "off");
            env.put("GOPROXY", proxy.toUri().toString());
            env.put("GOSUMDB", "off");
            env.put("GOTOOLCHAIN", "local");
            env.put("GO111MODULE", "on");
            if (s.workspace()) {
                // -mod=mod is not allowed in workspace mode; a workspace never updates go.mod files.
                env.put("GOWORK", work.resolve("go.work").toString());
                env.put("GOFLAGS", "-modcacherw");
            } else {
                env.put("GOWORK", "off");
                env.put("GOFLAGS", "-mod=mod -modcacherw");
            }
            Path out = home.resolve("stdout");
            Path err = home.resolve("stderr");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("go " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }

        /** "path version" of every file with the given suffix in the module cache's download tree. */
        List<String> cached(String suffix) throws IOException {
            Path root = home.resolve("modcache/cache/download");
            List<String> out = new ArrayList<>();
            if (!Files.isDirectory(root)) {
                return out;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                    Path rel = root.relativize(f);
                    int at = -1;
                    for (int i = 0; i < rel.getNameCount(); i++) {
                        if (rel.getName(i).toString().equals("@v")) {
                            at = i;
                        }
                    }
                    if (at < 0) {
                        continue; // not a module file (e.g. cache/download/sumdb)
                    }
                    String path = CaseEncoding.unescapePath(rel.subpath(0, at).toString().replace('\\', '/'));
                    String file = rel.getFileName().toString();
                    String version = CaseEncoding.unescapeVersion(file.substring(0, file.length() - suffix.length()));
                    out.add(path + " " + version);
                }
            }
            return GraphScenario.sorted(out);
        }
    }
}
