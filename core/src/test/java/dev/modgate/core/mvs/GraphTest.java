package dev.modgate.core.mvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.module.ModuleVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {
    private static ModuleVersion mv(String path, String version) {
        return new ModuleVersion(path, version);
    }

    private static final ModuleVersion MAIN = mv("example.com/main", "");

    private static Graph graph() {
        Graph g = new Graph(ModuleGraph.ORDER, List.of(MAIN));
        g.require(MAIN, List.of(mv("example.com/b", "v1.0.0"), mv("example.com/a", "v1.1.0")));
        g.require(mv("example.com/b", "v1.0.0"), List.of(mv("example.com/a", "v1.2.0"), mv("example.com/c", "none")));
        g.require(mv("example.com/a", "v1.2.0"), List.of(mv("example.com/main", "v0.1.0"), mv("example.com/d", "v1.0.0")));
        return g;
    }

    @Test
    void selectsTheHighestVersionAndTheRootAboveAll() {
        Graph g = graph();
        assertThat(g.selected("example.com/a")).isEqualTo("v1.2.0");
        assertThat(g.selected("example.com/main")).isEmpty();
        assertThat(g.selected("example.com/c")).isEqualTo("none");
        assertThat(g.selected("example.com/zzz")).isEqualTo("none");
    }

    @Test
    void buildListHasRootsFirstThenPathsInOrderWithoutNone() {
        assertThat(graph().buildList()).containsExactly(MAIN, mv("example.com/a", "v1.2.0"), mv("example.com/b", "v1.0.0"),
                mv("example.com/d", "v1.0.0"));
    }

    @Test
    void requiredByTellsLoadedFromNotLoaded() {
        Graph g = graph();
        assertThat(g.requiredBy(mv("example.com/b", "v1.0.0"))).contains(List.of(mv("example.com/a", "v1.2.0"), mv("example.com/c", "none")));
        assertThat(g.requiredBy(mv("example.com/a", "v1.1.0"))).isEmpty();
    }

    @Test
    void walksBreadthFirstOverEveryVersionButNone() {
        List<ModuleVersion> seen = new ArrayList<>();
        graph().walkBreadthFirst(seen::add);
        assertThat(seen).containsExactly(MAIN, mv("example.com/b", "v1.0.0"), mv("example.com/a", "v1.1.0"),
                mv("example.com/a", "v1.2.0"), mv("example.com/main", "v0.1.0"), mv("example.com/d", "v1.0.0"));
    }

    @Test
    void findsAShortestPath() {
        Graph g = graph();
        assertThat(g.findPath(m -> m.path().equals("example.com/d")))
                .containsExactly(MAIN, mv("example.com/b", "v1.0.0"), mv("example.com/a", "v1.2.0"), mv("example.com/d", "v1.0.0"));
        assertThat(g.findPath(m -> m.equals(MAIN))).containsExactly(MAIN);
        assertThat(g.findPath(m -> false)).isEmpty();
    }

    @Test
    void refusesDisconnectedOrRepeatedRequirements() {
        Graph g = graph();
        assertThatThrownBy(() -> g.require(mv("example.com/x", "v1.0.0"), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessage("example.com/x@v1.0.0 is not reachable from any root");
        assertThatThrownBy(() -> g.require(mv("example.com/b", "v1.0.0"), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessage("requirements of example.com/b@v1.0.0 have already been set");
    }

    @Test
    void severalRootsOfOnePathListTheirPathOnce() {
        Graph g = new Graph(ModuleGraph.ORDER, List.of(mv("x", "v1.0.0"), mv("x", "v1.1.0"), mv("w", "v1.0.0")));
        assertThat(g.buildList()).containsExactly(mv("x", "v1.1.0"), mv("w", "v1.0.0"));
    }
}
