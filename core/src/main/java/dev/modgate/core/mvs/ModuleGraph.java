package dev.modgate.core.mvs;

import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.modfile.WorkFile;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.text.SlashPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The module graph of a main module (or a go.work workspace) as the go command computes it for
 * {@code go list -m all} and {@code go mod download}: cmd/go/internal/modload's LoadModGraph, modelled on
 * Go 1.19 and with {@code -mod=mod} (what {@code go mod download} always uses), read through a
 * {@link GoModSource}.
 *
 * <p>What is applied, as the go command does:
 * <ul>
 * <li>The main module's go.mod is parsed strictly; dependencies' go.mod files laxly, so their replace
 *     and exclude directives are ignored.
 * <li>Replacements of the main module (and of go.work) apply everywhere in the graph: a replaced module
 *     version keeps its path and version in the graph, but its requirements come from the replacement's
 *     go.mod. A directory replacement is local: nothing is downloaded for it, and its go.mod comes from
 *     {@link GoModSource#localGoMod} (none by default).
 * <li>Excluded versions are dropped from the main module's requirements and from every go.mod read
 *     (Go 1.16 and later; before, the next higher version was used instead).
 * <li>Graph pruning (go 1.17 and later, see {@link Pruning} and {@link GraphLoader}). With a pruned
 *     graph the go command then makes the roots consistent: while some root is not the selected version
 *     of its path, every root is raised to its selected version and the graph is loaded again (modload's
 *     expandGraph and updatePrunedRoots), which may read go.mod files the first graph pruned out. Roots
 *     that name the same path twice, or the main module's path, are merged to the highest (or dropped)
 *     before the first load. An unpruned graph needs no reload: making its roots minimal does not change
 *     the build list or read any new go.mod.
 * <li>A main module without a go line: {@code go mod download} adds {@code go 1.19} (the toolchain's
 *     version) and converts the requirements to a pruned graph whose roots are the unpruned build list.
 *     That reads exactly the go.mod files of the unpruned graph and selects the same versions, so the
 *     graph here is loaded unpruned; but what {@code go mod download} downloads follows the added go line
 *     (see {@link #downloads()}).
 * </ul>
 *
 * <p>An instance is immutable and thread-safe.
 */
public final class ModuleGraph {
    /**
     * modload.cmpVersion: semantic version order, except that "" (a main module) is above every version.
     * "none" is not a valid semantic version and so is below every valid one.
     */
    static final VersionOrder ORDER = (path, v1, v2) -> {
        if (v2.isEmpty()) {
            return v1.isEmpty() ? 0 : -1;
        }
        if (v1.isEmpty()) {
            return 1;
        }
        return Semver.compare(v1, v2);
    };

    /** How many go.mod files are fetched at once by default. */
    public static final int DEFAULT_PARALLELISM = 16;

    /** What {@code go mod download} fetches: every .mod file, and the modules whose .info, .mod and .zip it downloads. */
    public record Downloads(Set<ModuleVersion> goMods, List<ModuleVersion> modules) {
        public Downloads {
            goMods = sorted(goMods);
            modules = List.copyOf(modules);
        }
    }

    private final MainModuleSet mainModules;
    private final Pruning pruning;
    private final List<ModuleVersion> roots;
    private final List<ModuleVersion> requireLines; // the single main module's require lines, as written
    private final Graph graph;
    private final List<ModuleVersion> buildList;
    private final Set<ModuleVersion> goMods;
    private final GoModSummaries summaries;

    private ModuleGraph(MainModuleSet mainModules, Pruning pruning, List<ModuleVersion> roots, List<ModuleVersion> requireLines,
                        Graph graph, GoModSummaries summaries) {
        this.mainModules = mainModules;
        this.pruning = pruning;
        this.roots = List.copyOf(roots);
        this.requireLines = List.copyOf(requireLines);
        this.graph = graph;
        this.buildList = graph.buildList();
        this.summaries = summaries;
        this.goMods = sorted(summaries.fetched());
    }

    private static Set<ModuleVersion> sorted(Set<ModuleVersion> set) {
        Set<ModuleVersion> sorted = new TreeSet<>(ModulePath.MODULE_ORDER);
        sorted.addAll(set);
        return Collections.unmodifiableSet(sorted);
    }

    /** {@link #load(byte[], GoModSource, int)} with {@link #DEFAULT_PARALLELISM}. */
    public static ModuleGraph load(byte[] goMod, GoModSource source) {
        return load(goMod, source, DEFAULT_PARALLELISM);
    }

    /**
     * Loads the module graph of the main module whose go.mod is given.
     *
     * @param parallelism how many go.mod files to fetch at once (1: one after another on this thread)
     * @throws dev.modgate.core.modfile.ModFileException when the go.mod does not parse
     * @throws IllegalArgumentException when it has no module line, a malformed module path or
     *     conflicting replacements
     * @throws BuildListError when a go.mod in the graph cannot be read; it names the requirement path
     * @throws java.util.concurrent.CancellationException when the calling thread is interrupted
     */
    public static ModuleGraph load(byte[] goMod, GoModSource source, int parallelism) {
        ModFile f = ModFile.parse("go.mod", goMod);
        MainModuleSet mms = MainModuleSet.single(f);
        List<ModuleVersion> requireLines = new ArrayList<>();
        List<ModuleVersion> roots = new ArrayList<>();
        for (ModFile.Require r : f.requires()) {
            ModuleVersion mv = new ModuleVersion(r.path(), r.version());
            requireLines.add(mv);
            if (!mms.excluded(mv)) {
                roots.add(mv);
            }
        }
        ModulePath.sort(roots);

        String go = f.goVersion();
        // Without a go line the graph is the unpruned one either way (see the class comment).
        Pruning pruning = go == null ? Pruning.UNPRUNED : Pruning.forGoVersion(go);
        GoModSummaries summaries = new GoModSummaries(mms, source);
        GraphLoader loader = new GraphLoader(mms, summaries, parallelism);

        if (pruning == Pruning.UNPRUNED) {
            return new ModuleGraph(mms, pruning, roots, requireLines, loader.load(pruning, roots).graph(), summaries);
        }
        if (hasRedundantRoot(roots, mms)) {
            // LoadModFile merges these before reading any go.mod: each path at its highest root version.
            Map<String, String> maxRoot = new LinkedHashMap<>();
            for (ModuleVersion m : roots) {
                maxRoot.merge(m.path(), m.version(), (a, b) -> ORDER.compare(m.path(), a, b) >= 0 ? a : b);
            }
            roots = consistentRoots(roots, mms, maxRoot::get);
        }
        while (true) {
            Graph g = loader.load(pruning, roots).graph();
            List<ModuleVersion> next = consistentRoots(roots, mms, g::selected);
            if (next.equals(roots)) {
                return new ModuleGraph(mms, pruning, roots, requireLines, g, summaries);
            }
            roots = next;
        }
    }

    /** {@link #loadWorkspace(byte[], Map, GoModSource, int)} with {@link #DEFAULT_PARALLELISM}. */
    public static ModuleGraph loadWorkspace(byte[] goWork, Map<String, byte[]> goModsByDir, GoModSource source) {
        return loadWorkspace(goWork, goModsByDir, source, DEFAULT_PARALLELISM);
    }

    /**
     * Loads the module graph of a workspace: the go.work file, and the go.mod of each module it uses,
     * keyed by its directory as the use directive writes it (or an equivalent form: "./a" or "a"). The go.work file's replacements override
     * the modules' own; exclusions of every workspace module apply.
     *
     * @throws dev.modgate.core.modfile.ModFileException when a file does not parse
     * @throws IllegalArgumentException for a missing go.mod, a directory or module used twice, or
     *     conflicting replacements
     * @throws BuildListError when a go.mod in the graph cannot be read
     */
    public static ModuleGraph loadWorkspace(byte[] goWork, Map<String, byte[]> goModsByDir, GoModSource source, int parallelism) {
        WorkFile work = WorkFile.parse("go.work", goWork);
        // "./a" and "a" name the same directory.
        Map<String, byte[]> byCleanDir = new LinkedHashMap<>();
        goModsByDir.forEach((dir, data) -> byCleanDir.put(SlashPath.clean(dir), data));
        Map<String, ModFile> modFiles = new LinkedHashMap<>();
        for (String dir : work.uses()) {
            byte[] data = byCleanDir.get(SlashPath.clean(dir));
            if (data == null) {
                throw new IllegalArgumentException("no go.mod given for workspace module directory " + dir);
            }
            if (!modFiles.containsKey(dir)) {
                modFiles.put(dir, ModFile.parse(SlashPath.join(dir, "go.mod"), data));
            }
        }
        MainModuleSet mms = MainModuleSet.workspace(work, modFiles);
        GoModSummaries summaries = new GoModSummaries(mms, source);
        Graph g = new GraphLoader(mms, summaries, parallelism).load(Pruning.WORKSPACE, List.of()).graph();
        return new ModuleGraph(mms, Pruning.WORKSPACE, mms.versions(), List.of(), g, summaries);
    }

    private static boolean hasRedundantRoot(List<ModuleVersion> roots, MainModuleSet mms) {
        for (int i = 0; i < roots.size(); i++) {
            if (mms.contains(roots.get(i).path()) || i > 0 && roots.get(i).path().equals(roots.get(i - 1).path())) {
                return true;
            }
        }
        return false;
    }

    /**
     * updatePrunedRoots without packages: each root path once, in order, at the version chosen by
     * version; the main module's path is not a root.
     */
    private static List<ModuleVersion> consistentRoots(List<ModuleVersion> roots, MainModuleSet mms, UnaryOperator<String> version) {
        Set<String> inRootPaths = new HashSet<>();
        mms.versions().forEach(m -> inRootPaths.add(m.path()));
        List<ModuleVersion> out = new ArrayList<>();
        for (ModuleVersion m : roots) {
            if (inRootPaths.add(m.path())) {
                out.add(new ModuleVersion(m.path(), version.apply(m.path())));
            }
        }
        return out;
    }

    /** The main module, or the workspace modules in go.work order; their version is "". */
    public List<ModuleVersion> mainModules() {
        return mainModules.versions();
    }

    /**
     * The go line of the main module (null when it has none), or of the go.work file ("1.18" when it has
     * none, as the go command assumes).
     */
    public String goVersion() {
        return mainModules.goVersion();
    }

    public Pruning pruning() {
        return pruning;
    }

    /**
     * The requirements of the main module the graph was loaded from: for a pruned graph after the go
     * command made them consistent (each path once, at its selected version); for an unpruned graph the
     * go.mod's requirements without excluded versions (the go command would minimize them, without
     * changing the build list); in a workspace, the workspace modules.
     */
    public List<ModuleVersion> roots() {
        return roots;
    }

    /**
     * The build list, as {@code go list -m all} prints it: the main module(s) first, then the selected
     * version of every other module path in the graph, sorted by path. Versions are those required;
     * see {@link #replacement} for what is actually used.
     */
    public List<ModuleVersion> buildList() {
        return buildList;
    }

    /** The selected version of path ("" for a main module), "none" when it is not in the graph. */
    public String selected(String path) {
        return graph.selected(path);
    }

    /** The requirements of m in the graph, or empty when its go.mod was not read (pruned out, or not in the graph). */
    public Optional<List<ModuleVersion>> requiredBy(ModuleVersion m) {
        return graph.requiredBy(m);
    }

    /** Every module version in the graph, selected or not, breadth-first from the main module(s). */
    public void walkBreadthFirst(Consumer<ModuleVersion> f) {
        graph.walkBreadthFirst(f);
    }

    /**
     * What m is replaced by: a module version, or a directory (version ""); empty when m is not replaced.
     */
    public Optional<ModuleVersion> replacement(ModuleVersion m) {
        return Optional.ofNullable(mainModules.replacement(m));
    }

    /**
     * The go.mod files read to load the graph (every graph load, when the roots had to be made
     * consistent): for a replaced module the replacement's, never a directory's. In module order.
     * These are the .mod files {@code go mod graph} fetches.
     */
    public Set<ModuleVersion> goMods() {
        return goMods;
    }

    /** The local directories (of directory replacements) whose go.mod was asked for. */
    public Set<String> localDirectories() {
        return new TreeSet<>(summaries.localDirs());
    }

    /**
     * What {@code go mod download} without arguments fetches (modcmd/download.go in Go 1.19):
     * <ul>
     * <li>in a workspace, and for a main module whose go line is below 1.17, every module of the build
     *     list, as {@link #downloadsAll()} (nothing if the go.mod has no require line at all);
     * <li>for a main module at go 1.17 or later, or without a go line (to which the go command adds
     *     one): only the modules the main module's go.mod requires, at their selected versions, since
     *     its require lines then list every module providing packages to the main module. Still, the
     *     whole graph is loaded first, so all of {@link #goMods()} is fetched as well. A require line
     *     whose path ends up not in the graph (an excluded version nothing else requires) is an error
     *     the go command reports for that module; it is left out here.
     * </ul>
     * Modules replaced by other module versions are downloaded as their replacement; directory
     * replacements and the main modules are not downloaded.
     */
    public Downloads downloads() {
        String go = mainModules.goVersion();
        if (pruning == Pruning.WORKSPACE || go != null && !GoVersion.atLeast(go, 1, 17)) {
            return requireLines.isEmpty() && pruning != Pruning.WORKSPACE ? downloadsOf(List.of()) : downloadsAll();
        }
        List<ModuleVersion> selected = new ArrayList<>();
        for (ModuleVersion r : requireLines) {
            String v = graph.selected(r.path());
            if (!v.equals("none")) {
                selected.add(new ModuleVersion(r.path(), v));
            }
        }
        return downloadsOf(selected);
    }

    /** What {@code go mod download all} fetches: every module of the build list (see {@link #downloads()} for replacements). */
    public Downloads downloadsAll() {
        return downloadsOf(buildList);
    }

    private Downloads downloadsOf(List<ModuleVersion> list) {
        Set<ModuleVersion> modules = new LinkedHashSet<>();
        for (ModuleVersion m : list) {
            if (m.version().isEmpty() && mainModules.contains(m.path())) {
                continue;
            }
            ModuleVersion actual = summaries.resolve(m);
            if (!actual.version().isEmpty()) {
                modules.add(actual);
            }
        }
        Set<ModuleVersion> mods = new HashSet<>(goMods);
        mods.addAll(modules);
        return new Downloads(mods, new ArrayList<>(modules));
    }

    /**
     * The graph as a {@link Reqs} for the MVS functions (modload.mvsReqs): a main module requires the
     * roots; other modules what their go.mod (or their replacement's) requires, without excluded
     * versions. upgrade keeps a module as it is; previous walks {@link GoModSource#versions} without
     * pseudo-versions and excluded versions (retractions are not consulted, unlike the go command).
     */
    public Reqs reqs() {
        return new GraphReqs();
    }

    private final class GraphReqs implements UpgradeReqs, DowngradeReqs {
        @Override
        public List<ModuleVersion> required(ModuleVersion m) {
            if (m.version().isEmpty() && mainModules.contains(m.path()) && pruning != Pruning.WORKSPACE) {
                return roots;
            }
            if (m.version().equals("none")) {
                return List.of();
            }
            GoModSummaries.Result r = summaries.summary(m);
            if (r.error() != null) {
                throw r.error();
            }
            return r.summary().require();
        }

        @Override
        public String max(String path, String v1, String v2) {
            return ORDER.compare(path, v1, v2) < 0 ? v2 : v1;
        }

        @Override
        public ModuleVersion upgrade(ModuleVersion m) {
            return m;
        }

        @Override
        public ModuleVersion previous(ModuleVersion m) {
            ModuleVersion none = new ModuleVersion(m.path(), "none");
            if (m.version().isEmpty() && mainModules.contains(m.path())) {
                return none;
            }
            List<String> list = new ArrayList<>();
            try {
                for (String v : summaries.versions(m.path())) {
                    if (Semver.isValid(v) && !PseudoVersion.isPseudo(v) && !mainModules.excluded(new ModuleVersion(m.path(), v))) {
                        list.add(v);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Semver.sort(list);
            String prev = null;
            for (String v : list) {
                if (Semver.compare(v, m.version()) >= 0) {
                    break;
                }
                prev = v;
            }
            return prev == null ? none : new ModuleVersion(m.path(), prev);
        }
    }
}
