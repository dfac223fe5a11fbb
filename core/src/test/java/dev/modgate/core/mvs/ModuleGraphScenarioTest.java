package dev.modgate.core.mvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The scenarios of src/test/resources/modgraph, loaded from memory, against their expectations. */
class ModuleGraphScenarioTest {
    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        return GraphScenario.all().stream().flatMap(s -> Stream.of(1, ModuleGraph.DEFAULT_PARALLELISM).map(parallelism ->
                DynamicTest.dynamicTest(s.name() + " (parallelism " + parallelism + ")", () -> check(s, parallelism))));
    }

    private static void check(GraphScenario s, int parallelism) {
        GraphScenario.Source source = s.source();
        if (s.wantError() != null) {
            assertThatThrownBy(() -> s.load(source, parallelism)).isInstanceOf(BuildListError.class).hasMessage(s.wantError());
            return;
        }
        ModuleGraph g = s.load(source, parallelism);
        assertThat(GraphScenario.listLines(g)).as("go list -m all").isEqualTo(s.want().get("list"));
        assertThat(GraphScenario.lines(g.goMods())).as("go.mod files read").isEqualTo(GraphScenario.sorted(s.want().get("gomods")));
        // Nothing else was asked of the source: the graph reads exactly the go.mod files it reports.
        assertThat(source.asked).containsExactlyInAnyOrderElementsOf(g.goMods());

        ModuleGraph.Downloads d = g.downloads();
        assertThat(GraphScenario.sorted(GraphScenario.lines(d.modules()))).as("go mod download")
                .isEqualTo(GraphScenario.sorted(s.want().get("download")));
        assertThat(d.goMods()).containsAll(g.goMods()).containsAll(d.modules());
        assertThat(d.goMods()).hasSize(union(g.goMods(), d.modules()));

        ModuleGraph.Downloads all = g.downloadsAll();
        assertThat(GraphScenario.sorted(GraphScenario.lines(all.modules()))).as("go mod download all")
                .isEqualTo(GraphScenario.sorted(s.want().get("downloadall")));
        assertThat(all.goMods()).hasSize(union(g.goMods(), all.modules()));
    }

    private static int union(java.util.Set<ModuleVersion> a, List<ModuleVersion> b) {
        java.util.Set<ModuleVersion> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u.size();
    }
}
