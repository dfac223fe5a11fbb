package dev.modgate.core.mvs;

import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.modfile.ModFileException;
import dev.modgate.core.module.ModuleException;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.text.SlashPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what the module graph needs from go.mod files (modload.goModSummary and rawGoModSummary): the
 * module path, go version and requirements of each module version, after the main modules' replacements
 * and exclusions. Each go.mod is fetched and parsed once, however often a graph is reloaded.
 */
final class GoModSummaries {
    /** modload.modFileSummary, with the requirements only. */
    record Summary(String module, String goVersion, Pruning pruning, List<ModuleVersion> require) {}

    /** A summary or the error reading it. */
    record Result(Summary summary, RuntimeException error) {}

    private final MainModuleSet mainModules;
    private final GoModSource source;
    private final Memo<ModuleVersion, Result> raw = new Memo<>();
    private final Set<ModuleVersion> fetched = ConcurrentHashMap.newKeySet();
    private final Set<String> localDirs = ConcurrentHashMap.newKeySet();

    GoModSummaries(MainModuleSet mainModules, GoModSource source) {
        this.mainModules = mainModules;
        this.source = source;
    }

    /** The module versions whose go.mod was fetched from the source (replacements, not what they replace). */
    Set<ModuleVersion> fetched() {
        return Collections.unmodifiableSet(fetched);
    }

    /** The local directories whose go.mod was asked for. */
    Set<String> localDirs() {
        return Collections.unmodifiableSet(localDirs);
    }

    /** The source's version list of path. */
    List<String> versions(String path) throws IOException {
        return source.versions(path);
    }

    /** What m is replaced by, or m itself (modload.resolveReplacement). */
    ModuleVersion resolve(ModuleVersion m) {
        ModuleVersion r = mainModules.replacement(m);
        return r != null ? r : m;
    }

    /**
     * modload.goModSummary: the summary of m's go.mod, read from its replacement if it has one, with the
     * requirements on versions that a main module excludes left out (Go 1.16 and later ignore them;
     * older go commands moved them to the next higher version instead).
     */
    Result summary(ModuleVersion m) {
        ModuleVersion actual;
        try {
            actual = resolve(m);
        } catch (RuntimeException e) {
            return new Result(null, e);
        }
        Result r = raw(actual);
        if (r.error() != null) {
            return r;
        }
        Summary s = r.summary();
        if (!actual.version().isEmpty()) {
            // A directory replacement may declare any path; a module version must declare the path it
            // was required as, or the path of its replacement.
            if (s.module().isEmpty()) {
                return error(actual, "parsing go.mod: missing module line");
            }
            if (!s.module().equals(m.path()) && !s.module().equals(actual.path())) {
                return error(actual, "parsing go.mod:\n\tmodule declares its path as: " + s.module()
                        + "\n\t        but was required as: " + m.path());
            }
        }
        List<ModuleVersion> require = s.require();
        if (require.stream().anyMatch(mainModules::excluded)) {
            require = require.stream().filter(x -> !mainModules.excluded(x)).toList();
            s = new Summary(s.module(), s.goVersion(), s.pruning(), require);
        }
        return new Result(s, null);
    }

    private static Result error(ModuleVersion m, String message) {
        return new Result(null, new ModuleException(m.path(), m.version(), new IllegalArgumentException(message)));
    }

    /** modload.rawGoModSummary: the go.mod of m as it is (m is already a replacement, if any). */
    private Result raw(ModuleVersion m) {
        return this.raw.get(m, this::read);
    }

    private Result read(ModuleVersion m) {
        String name;
        byte[] data;
        ModFile f;
        try {
            if (m.version().isEmpty()) {
                MainModuleSet.Main main = mainModules.main(m.path());
                if (main != null && mainModules.inWorkspace()) {
                    // A workspace module's requirements count like anyone's. The go command rereads
                    // its go.mod laxly here; the strict parse has the same requirements and go line.
                    ModFile mf = main.modFile();
                    return new Result(summarize(mf), null);
                }
                name = SlashPath.join(m.path(), "go.mod");
                localDirs.add(m.path());
                data = source.localGoMod(m.path());
                if (data == null) {
                    // Not available here (a proxy has no local directories): a module without requirements.
                    return new Result(new Summary("", null, Pruning.UNPRUNED, List.of()), null);
                }
            } else {
                name = "go.mod";
                data = source.goMod(m);
                if (data == null) {
                    throw new IOException("no go.mod for " + m);
                }
                fetched.add(m);
            }
        } catch (IOException | RuntimeException e) {
            return new Result(null, ModuleException.of(m, e));
        }
        try {
            f = ModFile.parseLax(name, data);
        } catch (ModFileException e) {
            return new Result(null, new ModuleException(m.path(), m.version(),
                    new IllegalArgumentException("parsing " + name + ": " + e.getMessage(), e)));
        }
        return new Result(summarize(f), null);
    }

    private static Summary summarize(ModFile f) {
        String module = f.modulePath() == null ? "" : f.modulePath();
        String go = f.goVersion();
        // A go.mod without a go line predates graph pruning (modFileSummary.pruning).
        Pruning pruning = go == null || go.isEmpty() ? Pruning.UNPRUNED : Pruning.forGoVersion(go);
        List<ModuleVersion> require = new ArrayList<>(f.requires().size());
        for (ModFile.Require r : f.requires()) {
            require.add(new ModuleVersion(r.path(), r.version()));
        }
        return new Summary(module, go, pruning, List.copyOf(require));
    }
}
