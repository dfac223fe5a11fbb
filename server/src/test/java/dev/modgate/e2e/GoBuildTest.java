package dev.modgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modgate.testing.Corpus;
import dev.modgate.testing.GoTool;
import dev.modgate.testing.GoproxyTree;
import dev.modgate.testing.SampleApp;
import dev.modgate.testing.StaticHttpServer;
import dev.modgate.testing.TestModgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Go program with several dependencies builds and runs with GOPROXY pointing at modgate, and only at modgate. */
class GoBuildTest {
    @TempDir Path tmp;

    @Test
    void goBuildOfAModuleWithDependencies() throws Exception {
        GoTool go = new GoTool(tmp.resolve("home"));
        GoproxyTree tree = GoproxyTree.build(Corpus.cmdGoModules(), tmp.resolve("tree"), mv -> SampleApp.MODULES.contains(mv.path()));
        try (StaticHttpServer upstream = new StaticHttpServer(tree.root());
             TestModgate modgate = new TestModgate(tmp.resolve("data"), upstream.url())) {
            Path app = SampleApp.write(tmp.resolve("app"));
            go.set("GOPROXY", modgate.url()).freshModCache("build");
            GoTool.Result build = go.run(app, "build", "-o", "hello", ".");
            assertThat(build.exit()).as("go build: %s", build.all()).isZero();
            Process p = new ProcessBuilder(app.resolve("hello").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertThat(p.waitFor()).isZero();
            assertThat(out).isEqualTo("Hello, world.");
            // And go.sum got the sums the go command computed from modgate's files.
            List<String> sum = Files.readAllLines(app.resolve("go.sum"));
            assertThat(sum).anyMatch(l -> l.startsWith("rsc.io/quote v1.5.2 h1:"))
                    .anyMatch(l -> l.startsWith("rsc.io/sampler v1.3.0 h1:"));
            // Adding a dependency resolves @latest and a version list through modgate as well.
            GoTool.Result get = go.run(app, "get", "rsc.io/sampler@latest");
            assertThat(get.exit()).as("go get: %s", get.all()).isZero();
            assertThat(Files.readString(app.resolve("go.mod"))).contains("rsc.io/sampler v1.99.99");
        }
    }
}
