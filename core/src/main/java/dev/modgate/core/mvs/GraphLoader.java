package dev.modgate.core.mvs;

import dev.modgate.core.module.ModuleVersion;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads one module graph from a set of roots: a port of modload.readModGraph.
 *
 * <p>Which go.mod files are read, by pruning mode:
 * <ul>
 * <li>UNPRUNED (main module below go 1.17): every module version reachable from the roots.
 * <li>PRUNED (main module at go 1.17 or later): every root; the requirements of a root are nodes of the
 *     graph (they count for version selection) but their go.mod files are read only if the root's own
 *     go.mod is below go 1.17 (or has no go line). Below such an unpruned module everything reachable is
 *     read, whatever go version the modules further down declare: once a path through the graph has
 *     left pruning, it does not come back. A node reached only through pruned modules is selected but
 *     never read.
 * <li>WORKSPACE: the roots are the workspace modules, all read. Their requirements are loaded as the
 *     roots of a graph pruned according to that workspace module's own go version: at go 1.17 or later
 *     as in PRUNED (each requirement read, below it only through unpruned modules), below 1.17 as in
 *     UNPRUNED (everything). Then, until nothing changes, every module that a workspace module (or an
 *     already reloaded module) requires at a version lower than the selected one is read at the
 *     selected version too, and its own requirements loaded the same way according to its go version.
 * </ul>
 * The same version reached once pruned and once unpruned is read once, and its requirements followed.
 */
final class GraphLoader {
    private final MainModuleSet mainModules;
    private final GoModSummaries summaries;
    private final int parallelism;

    GraphLoader(MainModuleSet mainModules, GoModSummaries summaries, int parallelism) {
        this.mainModules = mainModules;
        this.summaries = summaries;
        this.parallelism = parallelism;
    }

    /** A loaded graph and the module versions whose go.mod was read for it. */
    record Loaded(Graph graph, Set<ModuleVersion> read) {}

    /**
     * readModGraph: the graph of the main module(s) with the given roots (the single main module's
     * requirements; ignored in a workspace, whose roots are the workspace modules).
     *
     * @throws BuildListError naming the shortest path to a module whose go.mod could not be read
     */
    Loaded load(Pruning pruning, List<ModuleVersion> roots) {
        Graph g = new Graph(ModuleGraph.ORDER, mainModules.versions());
        if (pruning != Pruning.WORKSPACE) {
            g.require(mainModules.versions().getFirst(), roots);
        }
        Run run = new Run(g, pruning);
        if (pruning == Pruning.WORKSPACE) {
            mainModules.versions().forEach(m -> run.enqueue(m, Pruning.WORKSPACE));
        } else {
            roots.forEach(m -> run.enqueue(m, pruning));
        }
        run.queue.awaitIdle();
        if (pruning == Pruning.WORKSPACE) {
            run.reloadUpgraded();
        }
        if (!run.errors.isEmpty()) {
            List<ModuleVersion> path = g.findPath(run.errors::containsKey);
            if (!path.isEmpty()) {
                throw new BuildListError(run.errors.get(path.getLast()), path, null);
            }
        }
        return new Loaded(g, Set.copyOf(run.read));
    }

    /** The state of one load. */
    private final class Run {
        final Graph g; // guarded by itself
        final Pruning pruning;
        final TaskQueue queue = new TaskQueue(parallelism);
        final Memo<ModuleVersion, GoModSummaries.Result> loadCache = new Memo<>();
        final Set<ModuleVersion> loadingUnpruned = ConcurrentHashMap.newKeySet();
        final Map<ModuleVersion, RuntimeException> errors = new ConcurrentHashMap<>();
        final Set<ModuleVersion> read = ConcurrentHashMap.newKeySet();

        Run(Graph g, Pruning pruning) {
            this.g = g;
            this.pruning = pruning;
        }

        /** loadOne: reads m's own requirements into the graph, not following them. */
        GoModSummaries.Summary loadOne(ModuleVersion m) {
            GoModSummaries.Result r = loadCache.get(m, k -> {
                GoModSummaries.Result res = summaries.summary(k);
                if (res.error() == null) {
                    synchronized (g) {
                        g.require(k, res.summary().require());
                    }
                    read.add(k);
                } else {
                    errors.put(k, res.error());
                }
                return res;
            });
            return r.summary();
        }

        void enqueue(ModuleVersion m, Pruning p) {
            if (m.version().equals("none")) {
                return;
            }
            // Unpruned loading follows cycles, so each version is enqueued that way only once.
            if (p == Pruning.UNPRUNED && !loadingUnpruned.add(m)) {
                return;
            }
            queue.add(() -> {
                GoModSummaries.Summary s = loadOne(m);
                if (s == null) {
                    return; // the error is reported with its requirement path once loading is done
                }
                // A module whose go.mod does not support pruning may need any of its transitive
                // requirements to build its packages, so all of them are loaded.
                if (p != Pruning.PRUNED || s.pruning() == Pruning.UNPRUNED) {
                    Pruning next = p == Pruning.UNPRUNED ? Pruning.UNPRUNED : s.pruning();
                    for (ModuleVersion r : s.require()) {
                        enqueue(r, next);
                    }
                }
            });
        }

        /**
         * In a workspace, the requirements of the workspace modules do not tell the whole story when a
         * module they require is selected at a higher version: its requirements at that version matter
         * (they may provide packages in "all"), so load it, and repeat for what that brings in.
         */
        void reloadUpgraded() {
            Set<String> hasDepsInAll = new LinkedHashSet<>();
            Set<ModuleVersion> seen = new HashSet<>();
            for (ModuleVersion m : mainModules.versions()) {
                hasDepsInAll.add(m.path());
            }
            // Terminates: each version of each dependency is enqueued at most once, and only ever
            // higher versions of a path are.
            while (true) {
                Set<ModuleVersion> needsEnqueueing = new LinkedHashSet<>();
                synchronized (g) {
                    for (String p : hasDepsInAll) {
                        ModuleVersion m = new ModuleVersion(p, g.selected(p));
                        if (!seen.contains(m)) {
                            needsEnqueueing.add(m);
                            continue;
                        }
                        for (ModuleVersion r : g.requiredBy(m).orElse(List.of())) {
                            ModuleVersion s = new ModuleVersion(r.path(), g.selected(r.path()));
                            if (ModuleGraph.ORDER.compare(r.path(), s.version(), r.version()) > 0 && !seen.contains(s)) {
                                needsEnqueueing.add(s);
                            }
                        }
                    }
                }
                if (needsEnqueueing.isEmpty()) {
                    break;
                }
                for (ModuleVersion m : needsEnqueueing) {
                    enqueue(m, Pruning.WORKSPACE);
                    seen.add(m);
                    hasDepsInAll.add(m.path());
                }
                queue.awaitIdle();
            }
        }
    }
}
