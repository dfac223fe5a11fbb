package dev.modgate.core.mvs;

import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.modfile.ModFile.Replace;
import dev.modgate.core.modfile.WorkFile;
import dev.modgate.core.module.InvalidPathException;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.module.PathKind;
import dev.modgate.core.text.SlashPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The main module, or the modules of a workspace, with what their go.mod (and go.work) files say about
 * everyone else: replacements and exclusions (modload.MainModuleSet and modFileIndex). Only the main
 * modules' files count for these: a dependency's replace and exclude directives are ignored, which is
 * why dependencies' go.mod files are parsed laxly.
 */
final class MainModuleSet {
    /** One main module: its go.mod, its directory relative to the go.work file ("" alone), its replacements. */
    record Main(ModuleVersion version, ModFile modFile, String dir, Map<ModuleVersion, ModuleVersion> replace) {}

    private final List<Main> mains;
    private final Map<String, Main> byPath = new LinkedHashMap<>();
    private final Map<ModuleVersion, ModuleVersion> workReplace;
    private final Set<ModuleVersion> excludes = new HashSet<>();
    private final boolean workspace;
    private final String workGoVersion; // the go.work file's go line, null without one

    private MainModuleSet(List<Main> mains, Map<ModuleVersion, ModuleVersion> workReplace, boolean workspace, String workGoVersion) {
        this.mains = List.copyOf(mains);
        this.workReplace = workReplace;
        this.workspace = workspace;
        this.workGoVersion = workGoVersion;
        for (Main m : mains) {
            if (byPath.putIfAbsent(m.version().path(), m) != null) {
                throw new IllegalArgumentException("module " + m.version().path() + " appears multiple times in workspace");
            }
            excludes.addAll(m.modFile().excludes());
        }
    }

    /** A single main module, its go.mod parsed strictly (modfile.Parse) as the go command reads its own go.mod. */
    static MainModuleSet single(ModFile f) {
        ModuleVersion mv = mainVersion(f);
        return new MainModuleSet(List.of(new Main(mv, f, "", replaceMap(f.replaces(), ""))), Map.of(), false, null);
    }

    /** A workspace: the go.work file and the go.mod of each module it uses, keyed by its use directive's directory as written. */
    static MainModuleSet workspace(WorkFile work, Map<String, ModFile> modFilesByDir) {
        Map<ModuleVersion, ModuleVersion> workReplace = replaceMap(work.replaces(), "");
        Set<String> seen = new HashSet<>();
        List<Main> mains = new ArrayList<>();
        for (String dir : work.uses()) {
            String clean = SlashPath.clean(dir);
            if (!seen.add(clean)) {
                throw new IllegalArgumentException("path " + dir + " appears multiple times in workspace");
            }
            ModFile f = modFilesByDir.get(dir);
            if (f == null) {
                throw new IllegalArgumentException("no go.mod given for workspace module directory " + dir);
            }
            mains.add(new Main(mainVersion(f), f, clean, replaceMap(f.replaces(), clean)));
        }
        for (ModuleVersion old : workReplace.keySet()) {
            for (Main m : mains) {
                if (m.version().path().equals(old.path()) && old.version().isEmpty()) {
                    throw new IllegalArgumentException("workspace module " + old.path() + " is replaced at all versions in the go.work file. "
                            + "To fix, remove the replacement from the go.work file or specify the version at which to replace the module.");
                }
            }
        }
        checkWorkspaceConflicts(mains, workReplace);
        return new MainModuleSet(mains, workReplace, true, work.goVersion());
    }

    private static ModuleVersion mainVersion(ModFile f) {
        String path = f.modulePath();
        if (path == null) {
            throw new IllegalArgumentException("no module declaration in go.mod. To specify the module path:\n\tgo mod edit -module=example.com/mod");
        }
        try {
            ModulePath.checkImportPath(path);
        } catch (InvalidPathException e) {
            // The go command reports a bad main module path as a module path, not an import path.
            throw new InvalidPathException(PathKind.MODULE, e.path(), e.reason());
        }
        return new ModuleVersion(path, "");
    }

    /**
     * modload.toReplaceMap: old module (version "" for all versions) to new, where a new version "" means
     * a directory. In a workspace, a module's relative directories are joined to the module's directory,
     * so that all are relative to the go.work file (modload.canonicalizeReplacePath).
     */
    private static Map<ModuleVersion, ModuleVersion> replaceMap(List<Replace> replaces, String dir) {
        Map<ModuleVersion, ModuleVersion> map = new LinkedHashMap<>();
        for (Replace r : replaces) {
            ModuleVersion old = new ModuleVersion(r.oldPath(), r.oldVersion());
            String newPath = r.newPath();
            if (r.isDirectory() && !dir.isEmpty() && !SlashPath.isAbs(newPath)) {
                newPath = SlashPath.join(dir, newPath);
            }
            ModuleVersion repl = new ModuleVersion(newPath, r.newVersion());
            ModuleVersion prev = map.putIfAbsent(old, repl);
            if (prev != null && !prev.equals(repl)) {
                throw new IllegalArgumentException("conflicting replacements for " + old + ":\n\t" + show(prev) + "\n\t" + show(repl));
            }
        }
        return map;
    }

    /** makeMainModules: two workspace modules may not replace the same module version differently, unless go.work decides. */
    private static void checkWorkspaceConflicts(List<Main> mains, Map<ModuleVersion, ModuleVersion> workReplace) {
        Set<String> replacedByWorkFile = new HashSet<>();
        workReplace.keySet().forEach(old -> replacedByWorkFile.add(old.path()));
        Map<ModuleVersion, ModuleVersion> seen = new LinkedHashMap<>(workReplace);
        for (Main m : mains) {
            for (Map.Entry<ModuleVersion, ModuleVersion> e : m.replace().entrySet()) {
                if (replacedByWorkFile.contains(e.getKey().path())) {
                    continue;
                }
                ModuleVersion prev = seen.putIfAbsent(e.getKey(), e.getValue());
                if (prev != null && !prev.equals(e.getValue())) {
                    throw new IllegalArgumentException("conflicting replacements for " + e.getKey() + ":\n\t" + show(prev) + "\n\t"
                            + show(e.getValue()) + "\nuse \"go work edit -replace " + e.getKey() + "=[override]\" to resolve");
                }
            }
        }
    }

    /** A replacement as the go command prints it: a directory is just its path. */
    private static String show(ModuleVersion m) {
        return m.toString();
    }

    boolean inWorkspace() {
        return workspace;
    }

    List<Main> mains() {
        return mains;
    }

    List<ModuleVersion> versions() {
        return mains.stream().map(Main::version).toList();
    }

    boolean contains(String path) {
        return byPath.containsKey(path);
    }

    Main main(String path) {
        return byPath.get(path);
    }

    /** CheckExclusions: whether any main module excludes m. */
    boolean excluded(ModuleVersion m) {
        return excludes.contains(m);
    }

    /**
     * modload.Replacement: what m is replaced by, or null. The go.work file's replacements come first;
     * then each workspace module's, in order, the last match winning.
     *
     * @throws IllegalStateException for the one conflict between workspace modules that the go command
     *     detects here: an exact-version replacement that differs from an earlier module's match (Go
     *     compares the matched version against one it never sets, so other shapes go unnoticed)
     */
    ModuleVersion replacement(ModuleVersion m) {
        if (m.version().isEmpty() && contains(m.path())) {
            return null; // a main module is never replaced
        }
        ModuleVersion r = lookup(workReplace, m);
        if (r != null) {
            return r;
        }
        ModuleVersion found = null;
        Main foundIn = null;
        for (Main main : mains) {
            ModuleVersion hit = lookup(main.replace(), m);
            if (hit == null) {
                continue;
            }
            if (found != null && main.replace().containsKey(m) && !found.equals(hit)) {
                throw new IllegalStateException("conflicting replacements found for " + m + " in workspace modules defined by "
                        + SlashPath.join(foundIn.dir(), "go.mod") + " and " + SlashPath.join(main.dir(), "go.mod"));
            }
            found = hit;
            foundIn = main;
        }
        return found;
    }

    private static ModuleVersion lookup(Map<ModuleVersion, ModuleVersion> replace, ModuleVersion m) {
        ModuleVersion r = replace.get(m);
        return r != null ? r : replace.get(new ModuleVersion(m.path(), ""));
    }

    /** The go version of the single main module, or of the go.work file ("1.18" if it has none). */
    String goVersion() {
        if (inWorkspace()) {
            return workGoVersion != null ? workGoVersion : "1.18";
        }
        return mains.getFirst().modFile().goVersion();
    }
}
