package dev.modgate.core.mvs;

import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.text.GoStrings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Minimal version selection, a port of cmd/go/internal/mvs (https://research.swtch.com/vgo-mvs).
 *
 * <p>Module paths and versions are opaque here: only {@link Reqs#max} orders versions, and "none" means
 * absent. The target (main module) version is typically "" and must compare higher than every other
 * version of its path.
 */
public final class Mvs {
    /** How many requirement lookups buildList overlaps, as the go command does (par.Work with 10 workers). */
    static final int PARALLELISM = 10;

    private static final Comparator<ModuleVersion> BY_PATH = (a, b) -> GoStrings.compare(a.path(), b.path());

    private Mvs() {}

    /**
     * The build list for the targets (mvs.BuildList): the target(s) first, then the highest version of
     * every other path reachable from them, sorted by path.
     *
     * @throws BuildListError when the requirements of a reachable module cannot be read; it names the
     *     shortest requirement path to such a module
     */
    public static List<ModuleVersion> buildList(List<ModuleVersion> targets, Reqs reqs) {
        return buildList(targets, reqs, null);
    }

    private static List<ModuleVersion> buildList(List<ModuleVersion> targets, Reqs reqs, UnaryOperator<ModuleVersion> upgrade) {
        Graph g = new Graph(VersionOrder.of(reqs), targets);
        Map<ModuleVersion, ModuleVersion> upgrades = new HashMap<>();
        Map<ModuleVersion, RuntimeException> errs = new HashMap<>();

        // Explore the graph in parallel in case reqs.required does high-latency network operations.
        TaskQueue queue = new TaskQueue(PARALLELISM);
        Set<ModuleVersion> added = ConcurrentHashMap.newKeySet();
        class Visit {
            void add(ModuleVersion m) {
                if (added.add(m)) {
                    queue.add(() -> visit(m));
                }
            }

            void visit(ModuleVersion m) {
                List<ModuleVersion> required = List.of();
                RuntimeException err = null;
                if (!m.version().equals("none")) {
                    try {
                        required = reqs.required(m);
                    } catch (RuntimeException e) {
                        err = e;
                    }
                }
                ModuleVersion u = m;
                if (upgrade != null) {
                    try {
                        u = upgrade.apply(m);
                    } catch (RuntimeException e) {
                        if (err == null) {
                            err = e;
                        }
                    }
                }
                synchronized (g) {
                    if (err != null) {
                        errs.put(m, err);
                    }
                    if (!u.equals(m)) {
                        upgrades.put(m, u);
                        List<ModuleVersion> withUpgrade = new ArrayList<>(required.size() + 1);
                        withUpgrade.add(u);
                        withUpgrade.addAll(required);
                        required = withUpgrade;
                    }
                    g.require(m, required);
                }
                required.forEach(this::add);
            }
        }
        Visit visit = new Visit();
        targets.forEach(visit::add);
        queue.awaitIdle();

        if (!errs.isEmpty()) {
            // Report the shortest path from a target to a module whose requirements failed.
            List<ModuleVersion> errPath = g.findPath(errs::containsKey);
            if (errPath.isEmpty()) {
                throw new IllegalStateException("internal error: could not reconstruct path to module with error");
            }
            RuntimeException err = errs.get(errPath.getLast());
            throw new BuildListError(err, errPath, (from, to) -> to.equals(upgrades.get(from)));
        }

        List<ModuleVersion> list = g.buildList();
        if (!list.subList(0, Math.min(targets.size(), list.size())).equals(targets)) {
            // The target version is "" for the go command's main module, which the Reqs must order
            // above every other version; a Reqs that does not is broken.
            throw new IllegalStateException("mistake: chose versions " + list.subList(0, Math.min(targets.size(), list.size()))
                    + " instead of targets " + targets);
        }
        return list;
    }

    /**
     * The minimal requirement list for the main module (mvs.Req): the fewest module versions whose build
     * list is the main module's, always including the selected versions of the paths in base (which come
     * first when deciding what the others imply). Sorted by path.
     */
    public static List<ModuleVersion> req(ModuleVersion mainModule, List<String> base, Reqs reqs) {
        List<ModuleVersion> list = buildList(List.of(mainModule), reqs);

        // Not in parallel: the build list above has already read every requirement, so there is no
        // I/O left to overlap.
        Map<String, String> max = new HashMap<>();
        for (ModuleVersion m : list) {
            max.put(m.path(), m.version());
        }

        // Postorder, caching requirements.
        List<ModuleVersion> postorder = new ArrayList<>();
        Map<ModuleVersion, List<ModuleVersion>> reqCache = new HashMap<>();
        reqCache.put(mainModule, List.of());
        for (ModuleVersion m : list) {
            postorderWalk(m, reqs, reqCache, postorder);
        }

        // Walk in reverse postorder, adding only modules not already implied.
        Set<ModuleVersion> have = new HashSet<>();
        List<ModuleVersion> min = new ArrayList<>();
        // The base modules first: they must be listed.
        Set<String> haveBase = new HashSet<>();
        for (String path : base) {
            if (!haveBase.add(path)) {
                continue;
            }
            ModuleVersion m = new ModuleVersion(path, max.getOrDefault(path, ""));
            min.add(m);
            markImplied(m, reqCache, have);
        }
        for (int i = postorder.size() - 1; i >= 0; i--) {
            ModuleVersion m = postorder.get(i);
            if (!m.version().equals(max.get(m.path()))) {
                continue; // an older version
            }
            if (!have.contains(m)) {
                min.add(m);
                markImplied(m, reqCache, have);
            }
        }
        min.sort(BY_PATH);
        return List.copyOf(min);
    }

    private static void postorderWalk(ModuleVersion m, Reqs reqs, Map<ModuleVersion, List<ModuleVersion>> reqCache,
                                      List<ModuleVersion> postorder) {
        if (reqCache.containsKey(m)) {
            return;
        }
        List<ModuleVersion> required = reqs.required(m);
        reqCache.put(m, required);
        for (ModuleVersion r : required) {
            postorderWalk(r, reqs, reqCache, postorder);
        }
        postorder.add(m);
    }

    private static void markImplied(ModuleVersion m, Map<ModuleVersion, List<ModuleVersion>> reqCache, Set<ModuleVersion> have) {
        if (!have.add(m)) {
            return;
        }
        for (ModuleVersion r : reqCache.getOrDefault(m, List.of())) {
            markImplied(r, reqCache, have);
        }
    }

    /** The build list for target with every module upgraded to its latest version (mvs.UpgradeAll). */
    public static List<ModuleVersion> upgradeAll(ModuleVersion target, UpgradeReqs reqs) {
        return buildList(List.of(target), reqs, m -> m.path().equals(target.path()) ? target : reqs.upgrade(m));
    }

    /** The build list for target with the given modules upgraded (mvs.Upgrade); exceptions of reqs.required(target) propagate as they are. */
    public static List<ModuleVersion> upgrade(ModuleVersion target, UpgradeReqs reqs, List<ModuleVersion> upgrade) {
        List<ModuleVersion> list = new ArrayList<>(reqs.required(target));
        Set<String> pathInList = new HashSet<>();
        for (ModuleVersion m : list) {
            pathInList.add(m.path());
        }
        Map<String, String> upgradeTo = new LinkedHashMap<>();
        for (ModuleVersion u : upgrade) {
            if (!pathInList.contains(u.path())) {
                list.add(new ModuleVersion(u.path(), "none"));
            }
            upgradeTo.merge(u.path(), u.version(), (prev, v) -> reqs.max(u.path(), prev, v));
        }
        return buildList(List.of(target), new WithTargetReqs(target, list, reqs), m -> {
            String v = upgradeTo.get(m.path());
            return v != null ? new ModuleVersion(m.path(), v) : m;
        });
    }

    /**
     * The build list for target with the given modules downgraded, possibly overriding the target's own
     * requirements (mvs.Downgrade, after algorithm 4 of research.swtch.com/vgo-mvs). The versions to
     * downgrade to need not be reachable through reqs.previous, but reqs must handle them otherwise.
     */
    public static List<ModuleVersion> downgrade(ModuleVersion target, DowngradeReqs reqs, List<ModuleVersion> downgrade) {
        // "To avoid an unnecessary downgrade to E 1.1, we must also add a new requirement on E 1.2. We can
        // apply Algorithm R to find the minimal set of new requirements to write to go.mod." That needs a
        // version for every module in the build list, not just those the target requires.
        List<ModuleVersion> list = buildList(List.of(target), reqs);
        list = list.subList(1, list.size()); // without the target

        Map<String, String> max = new HashMap<>();
        for (ModuleVersion r : list) {
            max.put(r.path(), r.version());
        }
        for (ModuleVersion d : downgrade) {
            String v = max.get(d.path());
            if (v == null || !reqs.max(d.path(), v, d.version()).equals(d.version())) {
                max.put(d.path(), d.version());
            }
        }

        Downgrader state = new Downgrader(reqs, max);
        List<ModuleVersion> downgraded = new ArrayList<>(list.size() + 1);
        downgraded.add(target);
        candidates:
        for (ModuleVersion r : list) {
            state.add(r);
            while (state.excluded.contains(r)) {
                // Throws on what is likely a transient error reaching the repository, rather than a
                // permanent error with the version.
                ModuleVersion p = reqs.previous(r);
                // A pseudo-version target may be missing from the versions previous() walks through;
                // insert it at its place. If it is excluded, previous() returns p again next time.
                String v = max.get(r.path());
                if (!reqs.max(r.path(), v, r.version()).equals(v) && !reqs.max(r.path(), p.version(), v).equals(p.version())) {
                    p = new ModuleVersion(p.path(), v);
                }
                if (p.version().equals("none")) {
                    continue candidates;
                }
                state.add(p);
                r = p;
            }
            downgraded.add(r);
        }

        // previous() skips some versions (pseudo-versions, retracted ones) that other modules may still
        // require. If such a requirement pulls a module back above the version previous() gave, the
        // requirements of the initially downgraded version no longer matter, and must not add paths that
        // nothing else requires. So recompute with the versions MVS actually selects (see the
        // downhiddenartifact and downhiddencross tests).
        List<ModuleVersion> actual = buildList(List.of(target), new WithTargetReqs(target, downgraded, reqs));
        Map<String, String> actualVersion = new HashMap<>();
        for (ModuleVersion m : actual) {
            actualVersion.put(m.path(), m.version());
        }
        List<ModuleVersion> kept = new ArrayList<>();
        for (ModuleVersion m : list) {
            String v = actualVersion.get(m.path());
            if (v != null) {
                kept.add(new ModuleVersion(m.path(), v));
            }
        }
        return buildList(List.of(target), new WithTargetReqs(target, kept, reqs));
    }

    /** The bookkeeping of algorithm 4: which versions were visited and which must be excluded. */
    private static final class Downgrader {
        final DowngradeReqs reqs;
        final Map<String, String> max;
        final Set<ModuleVersion> added = new HashSet<>();
        final Map<ModuleVersion, List<ModuleVersion>> rdeps = new HashMap<>();
        final Set<ModuleVersion> excluded = new HashSet<>();

        Downgrader(DowngradeReqs reqs, Map<String, String> max) {
            this.reqs = reqs;
            this.max = max;
        }

        void exclude(ModuleVersion m) {
            if (!excluded.add(m)) {
                return;
            }
            for (ModuleVersion p : rdeps.getOrDefault(m, List.of())) {
                exclude(p);
            }
        }

        void add(ModuleVersion m) {
            if (!added.add(m)) {
                return;
            }
            String v = max.get(m.path());
            if (v != null && !reqs.max(m.path(), m.version(), v).equals(v)) {
                // m would upgrade an existing dependency: not a strict downgrade, and since it was
                // already a dependency it could change the behaviour of other packages.
                exclude(m);
                return;
            }
            List<ModuleVersion> list;
            try {
                list = reqs.required(m);
            } catch (RuntimeException e) {
                // Its go.mod cannot be loaded; usually an older version had a missing or invalid go.mod
                // (say v2.0.0+incompatible before a go.mod was added in v2.0.1). Go cannot tell this from
                // a transient error either (golang.org/issue/31730).
                exclude(m);
                return;
            }
            for (ModuleVersion r : list) {
                add(r);
                if (excluded.contains(r)) {
                    exclude(m);
                    return;
                }
                rdeps.computeIfAbsent(r, k -> new ArrayList<>()).add(m);
            }
        }
    }

    /** reqs with the target's requirements replaced by list (mvs.override). */
    private record WithTargetReqs(ModuleVersion target, List<ModuleVersion> list, Reqs reqs) implements Reqs {
        @Override
        public List<ModuleVersion> required(ModuleVersion m) {
            return m.equals(target) ? list : reqs.required(m);
        }

        @Override
        public String max(String path, String v1, String v2) {
            return reqs.max(path, v1, v2);
        }
    }
}
