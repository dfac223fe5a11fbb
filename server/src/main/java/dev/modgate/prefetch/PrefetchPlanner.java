package dev.modgate.prefetch;

import dev.modgate.core.dirhash.GoSum;
import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.mvs.GoModSource;
import dev.modgate.core.mvs.ModuleGraph;
import dev.modgate.core.modfile.WorkFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the inputs into the module versions to fetch, as the go command would for {@code go mod download all}:
 * the go.mod files it reads to load the module graph, and the zips of the build list. go.sum files list both
 * directly; a module@version query stands for a new module that requires it.
 */
public final class PrefetchPlanner {
    private final ModuleFetcher fetcher;
    private final GoModSource source;

    public PrefetchPlanner(ModuleFetcher fetcher) {
        this.fetcher = fetcher;
        this.source = new GoModSource() {
            @Override public byte[] goMod(ModuleVersion mv) throws IOException {
                return fetcher.goMod(mv.path(), mv.version());
            }

            @Override public List<String> versions(String path) throws IOException {
                return fetcher.versions(path);
            }
        };
    }

    public List<PrefetchRunner.Job> plan(PrefetchInputs in) throws IOException {
        Map<String, PrefetchRunner.Job> jobs = new TreeMap<>();
        for (Path mod : in.goMods()) add(jobs, graph(() -> ModuleGraph.load(Files.readAllBytes(mod), source), mod.toString()));
        for (Path work : in.goWorks()) add(jobs, graph(() -> workspace(work), work.toString()));
        for (Path sum : in.goSums()) {
            for (GoSum.Line l : GoSum.parse(sum.toString(), Files.readAllBytes(sum))) {
                ModuleVersion mv = l.module();
                try {
                    ModulePath.check(mv.path(), mv.version());
                    if (!mv.version().equals(ModulePath.canonicalVersion(mv.version()))) throw new IllegalArgumentException("version is not canonical");
                } catch (IllegalArgumentException e) {
                    throw new IOException(sum + ": " + l + ": " + e.getMessage());
                }
                put(jobs, new PrefetchRunner.Job(mv.path(), mv.version(), !l.isGoMod()));
            }
        }
        for (String q : in.queries()) {
            int at = q.indexOf('@');
            String path = q.substring(0, at);
            String query = q.substring(at + 1);
            String version = query.equals("latest") ? latest(path) : fetcher.resolve(path, query);
            // As if a new module ran "go get path@version" and then "go mod download all".
            String main = "module modgate.invalid/prefetch\n\ngo 1.19\n\nrequire " + path + " " + version + "\n";
            add(jobs, graph(() -> ModuleGraph.load(main.getBytes(StandardCharsets.UTF_8), source), q));
        }
        return new ArrayList<>(jobs.values());
    }

    /**
     * As the go command resolves path@latest (modload's query over a proxy): the highest release in the version list,
     * else its highest pre-release ({@link LatestVersion}); only when the list has neither, the proxy's @latest.
     */
    private String latest(String path) throws IOException {
        Optional<String> listed = LatestVersion.tagged(fetcher.versions(path));
        if (listed.isPresent()) return listed.get();
        try {
            return fetcher.latest(path);
        } catch (ModuleFetcher.PermanentException notThere) {
            throw new ModuleFetcher.PermanentException(path + "@latest: no versions (" + notThere.getMessage() + ")");
        }
    }

    private ModuleGraph workspace(Path work) throws IOException {
        byte[] goWork = Files.readAllBytes(work);
        Path dir = work.toAbsolutePath().getParent();
        Map<String, byte[]> mods = new HashMap<>();
        for (String use : WorkFile.parse(work.toString(), goWork).uses()) {
            mods.put(use, Files.readAllBytes(dir.resolve(use).resolve("go.mod")));
        }
        return ModuleGraph.loadWorkspace(goWork, mods, source);
    }

    private interface GraphLoad {
        ModuleGraph load() throws IOException;
    }

    private static ModuleGraph graph(GraphLoad load, String what) throws IOException {
        try {
            return load.load();
        } catch (UncheckedIOException e) {
            throw new IOException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    private static void add(Map<String, PrefetchRunner.Job> jobs, ModuleGraph g) {
        ModuleGraph.Downloads d = g.downloadsAll();
        for (ModuleVersion mv : d.goMods()) put(jobs, new PrefetchRunner.Job(mv.path(), mv.version(), false));
        for (ModuleVersion mv : d.modules()) put(jobs, new PrefetchRunner.Job(mv.path(), mv.version(), true));
    }

    private static void put(Map<String, PrefetchRunner.Job> jobs, PrefetchRunner.Job j) {
        jobs.merge(j.path() + "@" + j.version(), j, (a, b) -> a.zip() ? a : b);
    }
}
