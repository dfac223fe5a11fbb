package dev.modgate.core.mvs;

import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An incremental MVS graph (mvs.Graph): the caller pushes the requirements of each module version as it
 * learns them, and the graph keeps the selected (highest) version of every path seen so far.
 *
 * <p>Not thread-safe: callers that load requirements concurrently serialize their calls, as Go's do.
 */
public final class Graph {
    private final VersionOrder cmp;
    private final List<ModuleVersion> roots;
    private final Map<ModuleVersion, List<ModuleVersion>> required = new HashMap<>();
    /** true for roots, false for other reachable versions: a version absent here is unreachable. */
    private final Map<ModuleVersion, Boolean> isRoot = new HashMap<>();
    private final Map<String, String> selected = new LinkedHashMap<>();

    /** A graph holding only the given roots, ordered by cmp. */
    public Graph(VersionOrder cmp, List<ModuleVersion> roots) {
        this.cmp = cmp;
        this.roots = List.copyOf(roots);
        for (ModuleVersion m : this.roots) {
            isRoot.put(m, true);
            select(m);
        }
    }

    private void select(ModuleVersion m) {
        if (cmp.compare(m.path(), selected(m.path()), m.version()) < 0) {
            selected.put(m.path(), m.version());
        }
    }

    /**
     * Records that m requires reqs. m must be reachable from the roots (through earlier calls), and its
     * requirements must not have been recorded already: both would mean a disconnected or duplicated
     * traversal, a bug in the caller, so they throw IllegalStateException.
     */
    public void require(ModuleVersion m, List<ModuleVersion> reqs) {
        if (!isRoot.containsKey(m)) {
            throw new IllegalStateException(m + " is not reachable from any root");
        }
        if (required.containsKey(m)) {
            throw new IllegalStateException("requirements of " + m + " have already been set");
        }
        List<ModuleVersion> copy = List.copyOf(reqs);
        required.put(m, copy);
        for (ModuleVersion dep : copy) {
            isRoot.putIfAbsent(dep, false);
            select(dep);
        }
    }

    /** The requirements recorded for m, or empty when {@link #require} was not called for it (not loaded, or pruned out). */
    public Optional<List<ModuleVersion>> requiredBy(ModuleVersion m) {
        return Optional.ofNullable(required.get(m));
    }

    /** The selected version of path, "none" when the path is not in the graph. */
    public String selected(String path) {
        return selected.getOrDefault(path, "none");
    }

    /**
     * The selected version of every path in the graph: first those of the roots' paths in root order
     * (each path once, skipped when "none"), then the others sorted as module.Sort sorts.
     */
    public List<ModuleVersion> buildList() {
        Set<String> seenRoot = new HashSet<>();
        List<ModuleVersion> list = new ArrayList<>();
        for (ModuleVersion r : roots) {
            // Several roots with the same path are degenerate but harmless: all their requirements
            // count, and only the highest of them can be selected.
            if (!seenRoot.add(r.path())) {
                continue;
            }
            String v = selected(r.path());
            if (!v.equals("none")) {
                list.add(new ModuleVersion(r.path(), v));
            }
        }
        int uniqueRoots = list.size();
        selected.forEach((path, version) -> {
            if (!seenRoot.contains(path)) {
                list.add(new ModuleVersion(path, version));
            }
        });
        ModulePath.sort(list.subList(uniqueRoots, list.size()));
        return Collections.unmodifiableList(list);
    }

    /**
     * Calls f once for each module version other than "none" in the graph, selected or not, in
     * breadth-first order from the roots.
     */
    public void walkBreadthFirst(Consumer<ModuleVersion> f) {
        Deque<ModuleVersion> queue = new ArrayDeque<>();
        Set<ModuleVersion> enqueued = new HashSet<>();
        for (ModuleVersion m : roots) {
            if (!m.version().equals("none") && enqueued.add(m)) {
                queue.add(m);
            }
        }
        while (!queue.isEmpty()) {
            ModuleVersion m = queue.poll();
            f.accept(m);
            for (ModuleVersion r : required.getOrDefault(m, List.of())) {
                if (!r.version().equals("none") && enqueued.add(r)) {
                    queue.add(r);
                }
            }
        }
    }

    /**
     * A shortest requirement path from one of the roots to a module version for which f holds, the root
     * first; empty when there is none.
     */
    public List<ModuleVersion> findPath(Predicate<ModuleVersion> f) {
        // firstRequiredBy.get(a) == b: in a breadth-first walk a was first required by b (null for roots).
        Map<ModuleVersion, ModuleVersion> firstRequiredBy = new HashMap<>();
        Deque<ModuleVersion> queue = new ArrayDeque<>(roots);
        for (ModuleVersion m : roots) {
            firstRequiredBy.put(m, null);
        }
        while (!queue.isEmpty()) {
            ModuleVersion m = queue.poll();
            if (f.test(m)) {
                List<ModuleVersion> path = new ArrayList<>();
                for (ModuleVersion p = m; p != null; p = firstRequiredBy.get(p)) {
                    path.add(p);
                }
                Collections.reverse(path);
                return path;
            }
            for (ModuleVersion r : required.getOrDefault(m, List.of())) {
                if (!firstRequiredBy.containsKey(r)) {
                    firstRequiredBy.put(r, m);
                    queue.add(r);
                }
            }
        }
        return List.of();
    }
}
