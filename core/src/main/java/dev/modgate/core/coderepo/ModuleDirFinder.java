package dev.modgate.core.coderepo;

import static dev.modgate.core.text.GoStrings.quote;

import dev.modgate.core.modfile.ModFile;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.PathSplit;
import dev.modgate.core.semver.Semver;
import java.io.IOException;

/**
 * codeRepo.findDir: which directory of the repository holds a module version, judged by the go.mod files at the
 * revision. With pathMajor "/vN" the module is either in codeDir (its go.mod says .../vN) or in codeDir/vN (a
 * "major subdirectory"), never both; without a go.mod only a root module at v0/v1 (or gopkg.in) is allowed.
 */
final class ModuleDirFinder {
    private ModuleDirFinder() {}

    /** @param gomod the go.mod read on the way, or null when the module has none */
    record Found(String rev, String dir, byte[] gomod) {}

    static Found find(ModuleLayout m, CodeHost code, String version) throws IOException {
        if (!Semver.isValid(version)) {
            throw CodeRepo.versionError(m.modPath(), version, false, "syntax error", false);
        }
        String rev = m.revToRev(version);

        // Read go.mod, but judge it (except for I/O errors) only after ruling out vN/go.mod.
        String file1 = ModuleLayout.join(m.codeDir(), "go.mod");
        byte[] gomod1 = read(m, code, rev, file1);
        String mpath1 = gomod1 == null ? "" : ModFile.scanModulePath(gomod1);
        boolean found1 = gomod1 != null && (isMajor(mpath1, m.pathMajor()) || canReplaceMismatchedVersionDueToBug(m, mpath1));

        String file2 = "";
        if (!m.pathMajor().isEmpty() && !m.codeRoot().equals(m.modPath()) && !m.pathMajor().startsWith(".")) {
            // With pathMajor "/v2": either go.mod claims v2 and v2/go.mod does not exist, or v2/go.mod claims v2.
            // Only the major suffix is compared, not the path: a fork may be used under a replace directive.
            String dir2 = ModuleLayout.join(m.codeDir(), m.pathMajor().substring(1));
            file2 = ModuleLayout.join(dir2, "go.mod");
            byte[] gomod2 = read(m, code, rev, file2);
            String mpath2 = gomod2 == null ? "" : ModFile.scanModulePath(gomod2);
            boolean found2 = gomod2 != null && isMajor(mpath2, m.pathMajor());
            if (found1 && found2) {
                throw new CodeRepoException(false, m.pathPrefix() + "/" + file1 + " and ..." + m.pathMajor() + "/go.mod both have ..."
                        + m.pathMajor() + " module paths at revision " + rev);
            }
            if (found2) return new Found(rev, dir2, gomod2);
            if (gomod2 != null) {
                if (mpath2.isEmpty()) {
                    throw new CodeRepoException(false, m.codeRoot() + "/" + file2 + " is missing module path at revision " + rev);
                }
                throw new CodeRepoException(false, m.codeRoot() + "/" + file2 + " has non-..." + m.pathMajor() + " module path "
                        + quote(mpath2) + " at revision " + rev);
            }
        }

        if (found1) return new Found(rev, m.codeDir(), gomod1);
        if (gomod1 != null) {
            // An explicit go.mod with a non-matching major version.
            String suffix = file2.isEmpty() ? "" : " (and ..." + m.pathMajor() + "/go.mod does not exist)";
            if (mpath1.isEmpty()) {
                throw new CodeRepoException(false, file1 + " is missing module path" + suffix + " at revision " + rev);
            }
            if (!m.pathMajor().isEmpty()) {
                throw new CodeRepoException(false, file1 + " has non-..." + m.pathMajor() + " module path " + quote(mpath1) + suffix + " at revision " + rev);
            }
            if (!ModulePath.splitPathVersion(mpath1).ok()) {
                throw new CodeRepoException(false, file1 + " has malformed module path " + quote(mpath1) + suffix + " at revision " + rev);
            }
            throw new CodeRepoException(false, file1 + " has post-" + Semver.major(version) + " module path " + quote(mpath1) + suffix + " at revision " + rev);
        }

        if (m.codeDir().isEmpty() && (m.pathMajor().isEmpty() || m.pathMajor().startsWith("."))) {
            // An implicit go.mod at the repository root is fine for v0/v1 and for gopkg.in.
            return new Found(rev, "", null);
        }
        if (!file2.isEmpty()) {
            throw new CodeRepoException(false, "missing " + m.pathPrefix() + "/go.mod and ..." + m.pathMajor() + "/go.mod at revision " + rev);
        }
        throw new CodeRepoException(false, "missing " + m.pathPrefix() + "/go.mod at revision " + rev);
    }

    /** The file, or null when it does not exist (or the revision does not); other errors name the file. */
    private static byte[] read(ModuleLayout m, CodeHost code, String rev, String file) throws IOException {
        try {
            return code.readFile(rev, file, CodeRepo.MAX_GO_MOD);
        } catch (IOException e) {
            if (CodeRepoException.isNotExist(e)) return null;
            throw new CodeRepoException(false, "reading " + m.codeRoot() + "/" + file + " at revision " + rev + ": " + e.getMessage(), e);
        }
    }

    /**
     * isMajor: whether the versions allowed for mpath suit pathMajor. An empty pathMajor accepts paths for v0/v1
     * (gopkg.in .v0/.v1 included); otherwise only the major versions must agree, so a /v2 clone may replace
     * gopkg.in/foo.v2-unstable.
     */
    static boolean isMajor(String mpath, String pathMajor) {
        if (mpath.isEmpty()) return false;
        PathSplit s = ModulePath.splitPathVersion(mpath);
        if (!s.ok()) return false;
        if (pathMajor.isEmpty()) {
            String p = ModulePath.pathMajorPrefix(s.pathMajor());
            return p.isEmpty() || p.equals("v0") || p.equals("v1");
        }
        if (s.pathMajor().isEmpty()) return false;
        return pathMajor.substring(1).equals(s.pathMajor().substring(1));
    }

    /** golang.org/issue/34254: unversioned paths were once accepted as replacements for versioned gopkg.in paths. */
    private static boolean canReplaceMismatchedVersionDueToBug(ModuleLayout m, String mpath) {
        return m.pathMajor().isEmpty() && mpath.startsWith("gopkg.in/");
    }
}
