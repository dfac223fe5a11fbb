package dev.modgate.core.coderepo;

import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.PathSplit;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;

/**
 * Where a module lives in its repository (the fields of modfetch's codeRepo). For path
 * {@code github.com/rsc/foo/bar/v2} in the repository rooted at {@code github.com/rsc/foo}: codeDir {@code bar},
 * pathPrefix {@code github.com/rsc/foo/bar}, pathMajor {@code /v2}, pseudoMajor {@code v2}. A go-import tag that
 * names the whole path ({@code nanomsg.org/go/mangos/v2}), or a gopkg.in path ({@code gopkg.in/yaml.v2}), makes
 * codeRoot the module path itself and codeDir "".
 *
 * @param codeDir     the module's directory in the repository ("" for the root); with pathMajor "/vN" the module
 *                    may also live in codeDir/vN
 * @param pathMajor   "", "/vN", ".vN" or ".vN-unstable"
 * @param pseudoMajor the major version pseudo-versions must have ("" allows v0 and v1)
 */
record ModuleLayout(String modPath, String codeRoot, String codeDir, String pathPrefix, String pathMajor, String pseudoMajor) {

    /** newCodeRepo's checks and computation. */
    static ModuleLayout of(String codeRoot, String path) throws CodeRepoException {
        if (!hasPathPrefix(path, codeRoot)) {
            throw new CodeRepoException(false, "mismatched repo: found " + codeRoot + " for " + path);
        }
        PathSplit split = ModulePath.splitPathVersion(path);
        if (!split.ok()) {
            throw new CodeRepoException(false, "invalid module path " + dev.modgate.core.text.GoStrings.quote(path));
        }
        String pathPrefix = codeRoot.equals(path) ? path : split.prefix();
        String pseudoMajor = ModulePath.pathMajorPrefix(split.pathMajor());
        String codeDir = "";
        if (!codeRoot.equals(path)) {
            if (!hasPathPrefix(pathPrefix, codeRoot)) {
                throw new CodeRepoException(false, "repository rooted at " + codeRoot + " cannot contain module " + path);
            }
            codeDir = trimSlashes(pathPrefix.substring(codeRoot.length()));
        }
        return new ModuleLayout(path, codeRoot, codeDir, pathPrefix, split.pathMajor(), pseudoMajor);
    }

    /** The tag prefix of this module's versions: "dir/" for a module in a subdirectory, else "". */
    String tagPrefix() {
        return codeDir.isEmpty() ? "" : codeDir + "/";
    }

    /** revToRev: the repository revision a module version or query names. */
    String revToRev(String rev) {
        if (Semver.isValid(rev)) {
            if (PseudoVersion.isPseudo(rev)) {
                return PseudoVersion.rev(rev);
            }
            if (Semver.build(rev).equals("+incompatible")) {
                rev = rev.substring(0, rev.length() - "+incompatible".length());
            }
            return codeDir.isEmpty() ? rev : codeDir + "/" + rev;
        }
        return rev;
    }

    /** str.HasPathPrefix: s is prefix or lies below it, element-wise. */
    static boolean hasPathPrefix(String s, String prefix) {
        if (s.length() == prefix.length()) return s.equals(prefix);
        if (s.length() > prefix.length()) {
            if (!prefix.isEmpty() && prefix.charAt(prefix.length() - 1) == '/') return s.startsWith(prefix);
            return s.charAt(prefix.length()) == '/' && s.startsWith(prefix);
        }
        return false;
    }

    static String trimSlashes(String s) {
        int i = 0, j = s.length();
        while (i < j && s.charAt(i) == '/') i++;
        while (j > i && s.charAt(j - 1) == '/') j--;
        return s.substring(i, j);
    }

    /** path.Join for two relative slash paths (neither with "." or ".." elements). */
    static String join(String dir, String file) {
        return dir.isEmpty() ? file : dir + "/" + file;
    }
}
