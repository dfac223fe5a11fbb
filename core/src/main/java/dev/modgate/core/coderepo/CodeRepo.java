package dev.modgate.core.coderepo;

import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.core.zip.ModuleFile;
import dev.modgate.core.zip.ModuleZip;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * modfetch's codeRepo: one module of a version-control repository, with the go command's rules for turning tags
 * and commits into module versions (tag prefixes for modules in subdirectories, major-version subdirectories,
 * +incompatible, pseudo-versions), and for the module's go.mod and zip at a version. Nothing here does I/O except
 * through the {@link CodeHost}.
 */
public final class CodeRepo {
    /** codehost.MaxGoMod, MaxLICENSE. */
    public static final long MAX_GO_MOD = 16L << 20;
    public static final long MAX_LICENSE = 16L << 20;

    private final ModuleLayout m;
    private final CodeHost code;

    /**
     * @param codeRoot the module path prefix at the repository's root (the go-import prefix, or e.g.
     *                 {@code github.com/owner/repo})
     * @throws CodeRepoException when the path cannot live in that repository
     */
    public CodeRepo(CodeHost code, String codeRoot, String path) throws CodeRepoException {
        this.code = code;
        this.m = ModuleLayout.of(codeRoot, path);
    }

    public String modulePath() { return m.modPath(); }

    /** The module's directory in the repository ("" for the root). */
    public String codeDir() { return m.codeDir(); }

    /**
     * Versions: the canonical versions tagged for this module (tags {@code codeDir/vX.Y.Z}), sorted, with
     * {@code +incompatible} versions where allowed. Pseudo-versions and non-canonical tags are left out.
     */
    public List<String> versions(String prefix) throws IOException {
        // gopkg.in/macaroon-bakery.v2-unstable does not use the v2 tags (those are for .v2): it has no tags at all.
        if (m.modPath().startsWith("gopkg.in/") && m.modPath().endsWith("-unstable")) return List.of();
        String p = m.tagPrefix() + prefix;
        Tags tags;
        try {
            tags = code.tags(p);
        } catch (IOException e) {
            throw CodeRepoException.wrap("module " + m.modPath() + ": " + e.getMessage(), e);
        }
        List<String> list = new ArrayList<>();
        List<String> incompatible = new ArrayList<>();
        for (Tag tag : tags.list()) {
            if (!tag.name().startsWith(p)) continue;
            String v = tag.name().substring(m.tagPrefix().length());
            // Non-canonical tags are resolved to pseudo-versions by stat; semver.Canonical rather than
            // module.CanonicalVersion so that a "v2.0.0+incompatible" tag is not taken literally.
            if (v.isEmpty() || !v.equals(Semver.canonical(v))) continue;
            if (PseudoVersion.isPseudo(v)) continue;
            if (!ModulePath.matchPathMajor(v, m.pathMajor())) {
                if (m.codeDir().isEmpty() && m.pathMajor().isEmpty() && Semver.major(v).compareTo("v1") > 0) incompatible.add(v);
                continue;
            }
            list.add(v);
        }
        Semver.sort(list);
        Semver.sort(incompatible);
        return appendIncompatibleVersions(list, incompatible);
    }

    /**
     * Adds "+incompatible" versions, unless the latest compatible version has a go.mod (the author wants users on
     * v0/v1, go.dev/issue/34189); per major version, not at all if its latest tag has a go.mod.
     */
    private List<String> appendIncompatibleVersions(List<String> list, List<String> incompatible) throws IOException {
        if (incompatible.isEmpty() || !m.pathMajor().isEmpty()) return list;
        if (!list.isEmpty() && versionHasGoMod(list.getLast())) return list;
        List<String> out = new ArrayList<>(list);
        String lastMajor = "";
        boolean lastMajorHasGoMod = false;
        for (int i = 0; i < incompatible.size(); i++) {
            String v = incompatible.get(i);
            String major = Semver.major(v);
            if (!major.equals(lastMajor)) {
                int j = i;
                while (j + 1 < incompatible.size() && Semver.major(incompatible.get(j + 1)).equals(major)) j++;
                lastMajor = major;
                lastMajorHasGoMod = versionHasGoMod(incompatible.get(j));
            }
            if (lastMajorHasGoMod) continue;
            out.add(v + "+incompatible");
        }
        return out;
    }

    private boolean versionHasGoMod(String v) throws IOException {
        try {
            return code.readFile(v, "go.mod", MAX_GO_MOD) != null;
        } catch (IOException e) {
            if (CodeRepoException.isNotExist(e)) return false;
            throw CodeRepoException.wrap("module " + m.modPath() + ": " + e.getMessage(), e);
        }
    }

    /** Stat: the module version a version, branch, tag or commit hash names ("latest" for {@link #latest}). */
    public VersionInfo stat(String rev) throws IOException {
        if (rev.equals("latest")) return latest();
        Revision info;
        try {
            info = code.stat(m.revToRev(rev));
        } catch (IOException e) {
            // Wrapped as the go command wraps it (%w): what went wrong underneath, such as a timeout, stays findable.
            CodeRepoException err = versionError(m.modPath(), rev, false, e.getMessage(), CodeRepoException.isNotExist(e));
            err.initCause(e);
            throw err;
        }
        return VersionResolver.convert(m, code, this, info, rev);
    }

    /** Latest: the version of the default branch's head (a tag on it, else a pseudo-version). */
    public VersionInfo latest() throws IOException {
        Revision info = code.latest();
        return VersionResolver.convert(m, code, this, info, "");
    }

    /**
     * GoMod: the go.mod at a canonical version, or the synthesized {@code module path} line when the module has none
     * there. The version must resolve (see {@link #checkResolves}): a go.mod is never made up for a version that
     * does not exist.
     */
    public byte[] goMod(String version) throws IOException {
        checkCanonicalVersion(version);
        checkResolves(version);
        return goModAt(version);
    }

    /**
     * The go.mod at a version known to exist (a tag just listed). codeRepo.GoMod without its checks: a revision
     * it cannot find counts as a missing file there, which is right only once the version is known to resolve.
     */
    private byte[] goModAt(String version) throws IOException {
        ModuleDirFinder.Found f = ModuleDirFinder.find(m, code, version);
        if (f.gomod() != null) return f.gomod();
        byte[] data;
        try {
            data = code.readFile(f.rev(), ModuleLayout.join(f.dir(), "go.mod"), MAX_GO_MOD);
        } catch (IOException e) {
            if (!CodeRepoException.isNotExist(e)) throw e;
            data = null;
        }
        return data != null ? data : ModFile.legacyGoMod(m.modPath()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The version must be what Stat resolves it to, as the go command checks before it reads a version's go.mod
     * or zip (modload's queries stat first): an unknown tag or commit, a repository that does not exist, an
     * +incompatible or /vN version the module cannot have are the go command's "invalid version" errors, and
     * "does not exist" (a 404), never a legacy go.mod. codeRepo.GoMod itself stats only pseudo-versions; its
     * findDir takes an unknown revision for a missing go.mod, which is how made-up go.mod files came about.
     */
    private void checkResolves(String version) throws IOException {
        VersionInfo info = stat(version);
        if (!info.version().equals(version)) {
            throw versionError(m.modPath(), version, false, "resolves to version " + info.version(), true);
        }
    }

    /**
     * Zip: writes the module zip of a canonical version: the files below the module's directory at that
     * revision, by the module zip rules, plus the repository root's LICENSE when the module is in a
     * subdirectory and has none of its own.
     */
    public void zip(String version, OutputStream out) throws IOException {
        checkCanonicalVersion(version);
        checkResolves(version);
        ModuleDirFinder.Found f = ModuleDirFinder.find(m, code, version);
        String subdir = ModuleLayout.trimSlashes(f.dir());
        String prefix = subdir.isEmpty() ? "" : subdir + "/";
        List<ModuleFile> files = new ArrayList<>();
        boolean haveLicense = false;
        for (ModuleFile file : code.readTree(f.rev(), subdir)) {
            if (!file.path().startsWith(prefix)) continue;
            String name = file.path().substring(prefix.length());
            if (name.isEmpty() || name.endsWith("/")) continue;
            files.add(renamed(file, name));
            if (name.equals("LICENSE")) haveLicense = true;
        }
        if (!haveLicense && !subdir.isEmpty()) {
            byte[] license = null;
            try {
                license = code.readFile(f.rev(), "LICENSE", MAX_LICENSE);
            } catch (IOException e) {
                // as the go command: no LICENSE to add
            }
            if (license != null) files.add(ModuleFile.of("LICENSE", license));
        }
        ModuleZip.create(new ModuleVersion(m.modPath(), version), files, out);
    }

    private static ModuleFile renamed(ModuleFile f, String name) {
        return ModuleFile.of(name, f.type(), f.size(), f::open);
    }

    private void checkCanonicalVersion(String version) throws CodeRepoException {
        if (!version.equals(ModulePath.canonicalVersion(version))) {
            throw new CodeRepoException(false, "version " + version + " is not canonical");
        }
    }

    /**
     * retractedVersions: the retract directives of the go.mod at the highest release (else the highest
     * pre-release) tagged for this module, as a predicate. +incompatible versions cannot hold retractions.
     */
    Predicate<String> retractedVersions() throws IOException {
        List<String> versions = new ArrayList<>(versions(""));
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).endsWith("+incompatible")) {
                versions = versions.subList(0, i);
                break;
            }
        }
        if (versions.isEmpty()) return v -> false;
        String highest = "";
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (Semver.prerelease(versions.get(i)).isEmpty()) {
                highest = versions.get(i);
                break;
            }
        }
        if (highest.isEmpty()) highest = versions.getLast();
        ModFile f = ModFile.parseLax("go.mod", goModAt(highest));
        List<ModFile.VersionInterval> retractions = f.retracts().stream().map(ModFile.Retract::interval).toList();
        return v -> {
            for (ModFile.VersionInterval r : retractions) {
                if (Semver.compare(r.low(), v) <= 0 && Semver.compare(v, r.high()) <= 0) return true;
            }
            return false;
        };
    }

    /** module.ModuleError around module.InvalidVersionError: {@code path@version: invalid version: reason}. */
    static CodeRepoException versionError(String path, String version, boolean pseudo, String reason, boolean notExist) {
        return new CodeRepoException(notExist, path + "@" + version + ": invalid " + (pseudo ? "pseudo-version" : "version") + ": " + reason).markInvalidVersion();
    }

}
