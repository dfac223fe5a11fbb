package dev.modgate.core.coderepo;

import static dev.modgate.core.text.GoStrings.quote;

import dev.modgate.core.module.InvalidVersionException;
import dev.modgate.core.module.ModulePath;
import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * codeRepo.convert and validatePseudoVersion: turns a commit into the module version that names it. A canonical
 * tag on the commit wins (the one asked for, else the highest allowed); otherwise the commit gets a pseudo-version
 * based on the highest allowed tag among its ancestors. A pseudo-version asked for is checked against the commit
 * (hash, time, and a base tag that is an ancestor but not on the commit itself).
 */
final class VersionResolver {
    private final ModuleLayout m;
    private final CodeHost code;
    private final CodeRepo repo;
    private final Revision info;
    private final String statVers;
    /** canUseIncompatible's memo: "" for the root go.mod, "vN" for vN/go.mod. */
    private final Map<String, Boolean> incompatibleOk = new HashMap<>();

    private VersionResolver(ModuleLayout m, CodeHost code, CodeRepo repo, Revision info, String statVers) {
        this.m = m;
        this.code = code;
        this.repo = repo;
        this.info = info;
        this.statVers = statVers;
    }

    /** @param statVers the version or query the caller asked for; "" for the latest commit */
    static VersionInfo convert(ModuleLayout m, CodeHost code, CodeRepo repo, Revision info, String statVers) throws IOException {
        return new VersionResolver(m, code, repo, info, statVers).convert();
    }

    private VersionInfo convert() throws IOException {
        if (PseudoVersion.isPseudo(statVers)) {
            validatePseudoVersion(statVers);
            return checkCanonical(statVers);
        }

        // Not a pseudo-version: resolve it to a canonical version, or check that it already is a canonical tag.
        Predicate<String> isRetracted;
        try {
            isRetracted = repo.retractedVersions();
        } catch (IOException | RuntimeException e) {
            isRetracted = v -> false;
        }

        Tagged fromVcs = tagToVersion(info.version());
        if (fromVcs.canonical()) {
            try {
                return checkCanonical(fromVcs.version());
            } catch (IOException e) {
                // fall through to the tags on the revision
            }
        }

        String highestCanonical = "";
        String pseudoBase = "";
        for (String pathTag : info.tags()) {
            Tagged t = tagToVersion(pathTag);
            if (!statVers.isEmpty() && Semver.compare(t.version(), statVers) == 0) {
                if (t.canonical()) {
                    // The canonical form of the version asked for: resolve to exactly it (or fail in checkCanonical).
                    return checkCanonical(t.version());
                }
                // Equivalent but not canonical (v1.0.0+meta): ambiguous as a version, but a fine pseudo-version base.
                pseudoBase = t.version();
            }
            if (t.canonical() && Semver.compare(highestCanonical, t.version()) < 0 && !isRetracted.test(t.version())) {
                if (ModulePath.matchPathMajor(t.version(), m.pathMajor()) || canUseIncompatible(t.version())) {
                    highestCanonical = t.version();
                }
            }
        }
        if (!highestCanonical.isEmpty()) return checkCanonical(highestCanonical);

        // The highest allowed tag among the ancestors is the pseudo-version's base, so that it sorts above it.
        Predicate<String> finalRetracted = isRetracted;
        Predicate<String> tagAllowed = tag -> {
            String v = tagToVersion(tag).version();
            if (v.isEmpty()) return false;
            if (!ModulePath.matchPathMajor(v, m.pathMajor()) && !canUseIncompatible(v)) return false;
            return !finalRetracted.test(v);
        };
        if (pseudoBase.isEmpty()) {
            String tag = "";
            try {
                tag = code.recentTag(info.name(), m.tagPrefix(), tagAllowed);
            } catch (IOException e) {
                // as the go command: no base tag
            }
            if (!tag.isEmpty()) pseudoBase = tagToVersion(tag).version();
        }
        return checkCanonical(PseudoVersion.build(m.pseudoMajor(), pseudoBase, info.time(), info.shortName()));
    }

    private record Tagged(String version, boolean canonical) {}

    /** The version a tag names after the module's tag prefix; "" for other, invalid, incomplete or pseudo tags. */
    private Tagged tagToVersion(String tag) {
        String prefix = m.tagPrefix();
        if (!tag.startsWith(prefix)) return new Tagged("", false);
        String trimmed = tag.substring(prefix.length());
        // Tags that look like pseudo-versions would be confusing (the go command tests the whole tag).
        if (PseudoVersion.isPseudo(tag)) return new Tagged("", false);
        // semver.Canonical, not module.CanonicalVersion: an explicit "+incompatible" in a tag is not picked up.
        String v = Semver.canonical(trimmed);
        if (v.isEmpty() || !trimmed.startsWith(v)) return new Tagged("", false); // invalid, or just vX / vX.Y
        return new Tagged(v, v.equals(trimmed));
    }

    /**
     * Whether v may be used as vX.Y.Z+incompatible: only for a module at the repository root without a major
     * suffix whose revision has no go.mod; unless +incompatible was asked for explicitly, also no vN/go.mod for
     * that major version (go.dev/issue/51324).
     */
    private boolean canUseIncompatible(String v) {
        if (!m.codeDir().isEmpty() || !m.pathMajor().isEmpty()) return false;
        Boolean ok = incompatibleOk.get("");
        if (ok == null) {
            ok = !hasFile("go.mod");
            incompatibleOk.put("", ok);
        }
        if (!ok) return false;
        if (!v.isEmpty() && !statVers.endsWith("+incompatible")) {
            String major = Semver.major(v);
            Boolean okSub = incompatibleOk.get(major);
            if (okSub == null) {
                okSub = !hasFile(major + "/go.mod");
                incompatibleOk.put(major, okSub);
            }
            return okSub;
        }
        return true;
    }

    /** The go command treats any error reading the file as "no such file" here. */
    private boolean hasFile(String file) {
        try {
            return code.readFile(info.name(), file, CodeRepo.MAX_GO_MOD) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * checkCanonical: v must suit the module path (adding +incompatible where allowed), the module must exist at
     * the revision (findDir), and a canonical version asked for must resolve to itself.
     */
    private VersionInfo checkCanonical(String v) throws IOException {
        try {
            // The author decides where the module lives and what its path is; findDir applies both.
            ModuleDirFinder.find(m, code, v);
        } catch (IOException e) {
            // The cause stays findable: a failure to reach the repository is no answer about the version.
            CodeRepoException err = CodeRepo.versionError(m.modPath(), v, false, e.getMessage(), true);
            err.initCause(e);
            throw err;
        }

        if (v.equals(trimIncompatible(statVers))) v = statVers;
        String base = trimIncompatible(v);
        CodeRepoException errIncompatible = null;
        if (!ModulePath.matchPathMajor(base, m.pathMajor())) {
            if (canUseIncompatible(base)) {
                v = base + "+incompatible";
            } else if (!m.pathMajor().isEmpty()) {
                errIncompatible = CodeRepo.versionError(m.modPath(), v, false, "module path includes a major version suffix, so major version must match", false);
            } else {
                errIncompatible = CodeRepo.versionError(m.modPath(), v, false,
                        "module contains a go.mod file, so module path must match major version (" + quote(m.pathPrefix() + "/" + Semver.major(v)) + ")", false);
            }
        } else if (v.endsWith("+incompatible")) {
            errIncompatible = CodeRepo.versionError(m.modPath(), v, false,
                    "+incompatible suffix not allowed: major version " + Semver.major(v) + " is compatible", false);
        }

        if (!statVers.isEmpty() && statVers.equals(ModulePath.canonicalVersion(statVers))) {
            // A canonical version asked for must resolve to itself (possibly with +incompatible added).
            String statBase = trimIncompatible(statVers);
            if (!statBase.equals(base)) {
                throw CodeRepo.versionError(m.modPath(), statVers, false, "resolves to version " + v + " (" + statBase + " is not a tag)", false);
            }
        }
        if (errIncompatible != null) throw errIncompatible;

        Origin origin = info.origin() == null ? null : info.origin().withSubdir(m.codeDir());
        return new VersionInfo(v, info.time(), info.name(), info.shortName(), origin);
    }

    private static String trimIncompatible(String v) {
        return v.endsWith("+incompatible") ? v.substring(0, v.length() - "+incompatible".length()) : v;
    }

    /**
     * validatePseudoVersion: the pseudo-version's major suits the path, its hash and time are the commit's, and its
     * base is a tag on an ancestor (not on the commit itself). Pseudo-versions may not be built on arbitrary
     * bases: that would let authors pin versions above real releases and give each commit endless names.
     */
    private void validatePseudoVersion(String version) throws IOException {
        try {
            checkPseudo(version);
        } catch (InvalidVersionException e) {
            throw CodeRepo.versionError(m.modPath(), e.version(), e.pseudo(), e.reason(), false);
        } catch (CodeRepoException e) {
            if (e.getMessage().startsWith(m.modPath() + "@")) throw e;
            CodeRepoException err = CodeRepo.versionError(m.modPath(), version, true, e.getMessage(), false);
            err.initCause(e);
            throw err;
        } catch (IOException e) {
            CodeRepoException err = CodeRepo.versionError(m.modPath(), version, true, e.getMessage(), false);
            err.initCause(e);
            throw err;
        }
    }

    private void checkPseudo(String version) throws IOException {
        String rev = PseudoVersion.rev(version);
        if (!rev.equals(info.shortName())) {
            if (rev.startsWith(info.shortName())) throw problem("revision is longer than canonical (expected " + info.shortName() + ")");
            if (info.shortName().startsWith(rev)) throw problem("revision is shorter than canonical (expected " + info.shortName() + ")");
            throw problem("does not match short name of revision (expected " + info.shortName() + ")");
        }
        java.time.Instant t = PseudoVersion.time(version);
        if (!t.equals(java.time.Instant.ofEpochSecond(info.time().getEpochSecond()))) {
            throw problem("does not match version-control timestamp (expected " + PseudoVersion.formatTimestamp(info.time()) + ")");
        }
        String tagPrefix = m.tagPrefix();
        String base = PseudoVersion.base(trimIncompatible(version));
        if (base.isEmpty()) {
            if (m.pseudoMajor().isEmpty() && Semver.major(version).equals("v1")) {
                throw problem("major version without preceding tag must be v0, not v1");
            }
            return;
        }
        for (String tag : info.tags()) {
            String versionOnly = tag.startsWith(tagPrefix) ? tag.substring(tagPrefix.length()) : tag;
            if (versionOnly.equals(base)) {
                // Referring to a commit by a pseudo-version derived from its own canonical tag is just confusing.
                throw problem("tag (" + tag + ") found on revision " + rev + " is already canonical, so should not be replaced with a pseudo-version derived from that tag");
            }
        }
        Tags tags = code.tags(tagPrefix + base);
        String lastTag = "";
        boolean ancestorFound = false;
        IOException descendsError = null;
        for (Tag tag : tags.list()) {
            String versionOnly = tag.name().startsWith(tagPrefix) ? tag.name().substring(tagPrefix.length()) : tag.name();
            if (Semver.compare(versionOnly, base) == 0) {
                lastTag = tag.name();
                try {
                    ancestorFound = code.descendsFrom(info.name(), tag.name());
                    descendsError = null;
                } catch (IOException e) {
                    ancestorFound = false;
                    descendsError = e;
                }
                if (ancestorFound) break;
            }
        }
        if (lastTag.isEmpty()) throw problem("preceding tag (" + base + ") not found");
        if (!ancestorFound) {
            if (descendsError != null) throw descendsError;
            throw problem("revision " + rev + " is not a descendent of preceding tag (" + lastTag + ")");
        }
    }

    private static CodeRepoException problem(String msg) {
        return new CodeRepoException(false, msg);
    }
}
