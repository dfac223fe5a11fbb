package dev.modgate.core.mvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modgate.core.modfile.ModFileException;
import dev.modgate.core.module.InvalidPathException;
import dev.modgate.core.module.ModuleVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ModuleGraph's API beyond the scenarios: errors, the Reqs view, parallel fetching, local directories. */
class ModuleGraphTest {
    /** go.mod files by "path@version"; versions() lists what is there plus extra versions. */
    private static final class Source implements GoModSource {
        final Map<String, String> mods = new LinkedHashMap<>();
        final Map<String, List<String>> extraVersions = new LinkedHashMap<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        volatile long delayMillis;

        Source mod(String pathAtVersion, String goMod) {
            mods.put(pathAtVersion, goMod);
            return this;
        }

        @Override
        public byte[] goMod(ModuleVersion mv) throws IOException {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                String s = mods.get(mv.path() + "@" + mv.version());
                if (s == null) {
                    throw new IOException("reading " + mv.path() + "/@v/" + mv.version() + ".mod: 404 Not Found");
                }
                return s.getBytes(StandardCharsets.UTF_8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public List<String> versions(String path) {
            List<String> out = new java.util.ArrayList<>(extraVersions.getOrDefault(path, List.of()));
            mods.keySet().stream().filter(k -> k.startsWith(path + "@")).map(k -> k.substring(path.length() + 1)).forEach(out::add);
            return out;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ModuleVersion mv(String path, String version) {
        return new ModuleVersion(path, version);
    }

    @Test
    void aMissingGoModFailsWithTheRequirementPath() {
        Source src = new Source().mod("example.com/a@v1.0.0", "module example.com/a\ngo 1.16\nrequire example.com/b v1.0.0\n");
        assertThatThrownBy(() -> ModuleGraph.load(bytes("module example.com/main\ngo 1.16\nrequire example.com/a v1.0.0\n"), src))
                .isInstanceOf(BuildListError.class)
                .hasMessage("example.com/a@v1.0.0 requires\n\texample.com/b@v1.0.0: reading example.com/b/@v/v1.0.0.mod: 404 Not Found")
                .satisfies(e -> assertThat(((BuildListError) e).module()).isEqualTo(mv("example.com/b", "v1.0.0")))
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void aMissingRootNamesJustTheRoot() {
        assertThatThrownBy(() -> ModuleGraph.load(bytes("module example.com/main\ngo 1.17\nrequire example.com/a v1.0.0\n"), new Source()))
                .isInstanceOf(BuildListError.class)
                .hasMessage("example.com/a@v1.0.0: reading example.com/a/@v/v1.0.0.mod: 404 Not Found");
    }

    @Test
    void theMainGoModIsParsedStrictly() {
        Source src = new Source();
        assertThatThrownBy(() -> ModuleGraph.load(bytes("module example.com/main\nfrobnicate\n"), src))
                .isInstanceOf(ModFileException.class).hasMessage("go.mod:2: unknown directive: frobnicate");
        assertThatThrownBy(() -> ModuleGraph.load(bytes("go 1.17\n"), src))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no module declaration in go.mod. To specify the module path:\n\tgo mod edit -module=example.com/mod");
        assertThatThrownBy(() -> ModuleGraph.load(bytes("module \"example.com/a b\"\n"), src))
                .isInstanceOf(InvalidPathException.class).hasMessageStartingWith("malformed module path \"example.com/a b\"");
    }

    @Test
    void conflictingReplacementsAreRejected() {
        String goMod = "module example.com/main\ngo 1.17\nreplace example.com/a v1.0.0 => example.com/b v1.0.0\n"
                + "replace example.com/a v1.0.0 => example.com/c v1.0.0\n";
        assertThatThrownBy(() -> ModuleGraph.load(bytes(goMod), new Source()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conflicting replacements for example.com/a@v1.0.0:\n\texample.com/b@v1.0.0\n\texample.com/c@v1.0.0");
    }

    @Test
    void workspaceRulesAreChecked() {
        Map<String, byte[]> mods = Map.of("./a", bytes("module example.com/a\ngo 1.18\n"), "./b", bytes("module example.com/a\ngo 1.18\n"));
        assertThatThrownBy(() -> ModuleGraph.loadWorkspace(bytes("go 1.18\nuse ./a\nuse ./b\n"), mods, new Source()))
                .hasMessage("module example.com/a appears multiple times in workspace");
        assertThatThrownBy(() -> ModuleGraph.loadWorkspace(bytes("go 1.18\nuse ./a\nuse a\n"), mods, new Source()))
                .hasMessage("path a appears multiple times in workspace");
        assertThatThrownBy(() -> ModuleGraph.loadWorkspace(bytes("go 1.18\nuse ./a\nreplace example.com/a => example.com/x v1.0.0\n"),
                mods, new Source())).hasMessageStartingWith("workspace module example.com/a is replaced at all versions in the go.work file.");
        assertThatThrownBy(() -> ModuleGraph.loadWorkspace(bytes("go 1.18\nuse ./c\n"), mods, new Source()))
                .hasMessage("no go.mod given for workspace module directory ./c");
    }

    @Test
    void workspaceModulesMayNotReplaceTheSameVersionDifferentlyUnlessGoWorkDecides() {
        Map<String, byte[]> mods = new LinkedHashMap<>();
        mods.put("./a", bytes("module example.com/wa\ngo 1.18\nreplace example.com/x v1.0.0 => example.com/x v1.0.1\n"));
        mods.put("./b", bytes("module example.com/wb\ngo 1.18\nreplace example.com/x v1.0.0 => example.com/x v1.0.2\n"));
        assertThatThrownBy(() -> ModuleGraph.loadWorkspace(bytes("go 1.18\nuse (\n./a\n./b\n)\n"), mods, new Source()))
                .hasMessage("conflicting replacements for example.com/x@v1.0.0:\n\texample.com/x@v1.0.1\n\texample.com/x@v1.0.2\n"
                        + "use \"go work edit -replace example.com/x@v1.0.0=[override]\" to resolve");
        ModuleGraph g = ModuleGraph.loadWorkspace(bytes("go 1.18\nuse (\n./a\n./b\n)\nreplace example.com/x => example.com/x v1.0.3\n"),
                mods, new Source());
        assertThat(g.replacement(mv("example.com/x", "v1.0.0"))).contains(mv("example.com/x", "v1.0.3"));
        assertThat(g.mainModules()).containsExactly(mv("example.com/wa", ""), mv("example.com/wb", ""));
        assertThat(g.goVersion()).isEqualTo("1.18");
        assertThat(g.pruning()).isEqualTo(Pruning.WORKSPACE);
    }

    @Test
    void aLocalDirectoryWithoutGoModHasNoRequirements() {
        // The default localGoMod: a proxy has no local directories.
        Source src = new Source().mod("example.com/a@v1.0.0", "module example.com/a\ngo 1.17\nrequire example.com/c v1.0.0\n");
        ModuleGraph g = ModuleGraph.load(bytes("module example.com/main\ngo 1.17\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n)\n"
                + "replace example.com/c v1.0.0 => ../c\n"), src);
        assertThat(g.buildList()).containsExactly(mv("example.com/main", ""), mv("example.com/a", "v1.0.0"), mv("example.com/c", "v1.0.0"));
        assertThat(g.requiredBy(mv("example.com/c", "v1.0.0"))).contains(List.of());
        assertThat(g.localDirectories()).containsExactly("../c");
        assertThat(g.replacement(mv("example.com/c", "v1.0.0"))).contains(mv("../c", ""));
        assertThat(g.replacement(mv("example.com/c", "v1.1.0"))).isEmpty();
        assertThat(g.downloadsAll().modules()).containsExactly(mv("example.com/a", "v1.0.0"));
    }

    @Test
    void fetchesGoModsInParallel() {
        Source src = new Source();
        StringBuilder main = new StringBuilder("module example.com/main\ngo 1.16\n");
        for (int i = 0; i < 20; i++) {
            src.mod("example.com/m" + i + "@v1.0.0", "module example.com/m" + i + "\ngo 1.16\n");
            main.append("require example.com/m").append(i).append(" v1.0.0\n");
        }
        src.delayMillis = 20;
        ModuleGraph g = ModuleGraph.load(bytes(main.toString()), src, 8);
        assertThat(g.goMods()).hasSize(20);
        assertThat(src.maxRunning.get()).isBetween(2, 8);

        src.maxRunning.set(0);
        src.delayMillis = 0;
        ModuleGraph.load(bytes(main.toString()), src, 1);
        assertThat(src.maxRunning.get()).isEqualTo(1);
    }

    @Test
    void reqsIsTheGraphForTheMvsFunctions() {
        Source src = new Source()
                .mod("example.com/a@v1.0.0", "module example.com/a\ngo 1.16\nrequire example.com/b v1.1.0\n")
                .mod("example.com/b@v1.0.0", "module example.com/b\ngo 1.16\n")
                .mod("example.com/b@v1.1.0", "module example.com/b\ngo 1.16\nrequire example.com/c v1.0.0\n")
                .mod("example.com/b@v1.2.0", "module example.com/b\ngo 1.16\n")
                .mod("example.com/c@v1.0.0", "module example.com/c\ngo 1.16\n");
        src.extraVersions.put("example.com/b", List.of("v1.0.5", "v1.0.9-0.20200101000000-abcdefabcdef", "not-a-version"));
        ModuleGraph g = ModuleGraph.load(bytes("module example.com/main\ngo 1.16\nrequire (\n\texample.com/a v1.0.0\n"
                + "\texample.com/b v1.0.0\n\texample.com/c v1.0.0\n)\nexclude example.com/b v1.0.5\n"), src);
        ModuleVersion main = mv("example.com/main", "");
        Reqs reqs = g.reqs();
        assertThat(Mvs.buildList(List.of(main), reqs)).isEqualTo(g.buildList());
        // b and c are implied by a.
        assertThat(Mvs.req(main, List.of(), reqs)).containsExactly(mv("example.com/a", "v1.0.0"));
        DowngradeReqs down = (DowngradeReqs) reqs;
        // Neither the excluded v1.0.5 nor the pseudo-version counts as a previous version.
        assertThat(down.previous(mv("example.com/b", "v1.1.0"))).isEqualTo(mv("example.com/b", "v1.0.0"));
        assertThat(down.previous(mv("example.com/b", "v1.0.0"))).isEqualTo(mv("example.com/b", "none"));
        assertThat(down.previous(main)).isEqualTo(mv("example.com/main", "none"));
        // Downgrading b below a's requirement takes a out.
        assertThat(Mvs.downgrade(main, down, List.of(mv("example.com/b", "v1.0.0"))))
                .containsExactly(main, mv("example.com/b", "v1.0.0"), mv("example.com/c", "v1.0.0"));
        assertThat(((UpgradeReqs) reqs).upgrade(mv("example.com/c", "v1.0.0"))).isEqualTo(mv("example.com/c", "v1.0.0"));
    }

    @Test
    void goVersionsPruneFrom117() {
        assertThat(Pruning.forGoVersion("1.16")).isEqualTo(Pruning.UNPRUNED);
        assertThat(Pruning.forGoVersion("1.2")).isEqualTo(Pruning.UNPRUNED);
        assertThat(Pruning.forGoVersion("1.17")).isEqualTo(Pruning.PRUNED);
        assertThat(Pruning.forGoVersion("1.17rc1")).isEqualTo(Pruning.PRUNED);
        assertThat(Pruning.forGoVersion("1.21.0")).isEqualTo(Pruning.PRUNED);
        assertThat(Pruning.forGoVersion("2.0")).isEqualTo(Pruning.PRUNED);
        assertThat(Pruning.forGoVersion("x")).isEqualTo(Pruning.UNPRUNED);
        assertThat(Pruning.forGoVersion("1.170")).isEqualTo(Pruning.PRUNED);
    }
}
