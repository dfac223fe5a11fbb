package dev.modgate.core.module;

import dev.modgate.core.semver.Semver;
import java.util.Optional;

/**
 * Which version "latest" means among known versions, as the go command decides it (modload's query for "latest"
 * over a version list): the highest release, else the highest pre-release. Pseudo-versions never appear in a
 * proxy's list (proxy.go drops them), so they count only where nothing tagged exists at all.
 */
public final class LatestVersion {
    private LatestVersion() {}

    /** The highest release, else the highest pre-release; pseudo-versions and invalid versions are ignored. */
    public static Optional<String> tagged(Iterable<String> versions) {
        String release = null, pre = null;
        for (String v : versions) {
            if (!Semver.isValid(v) || PseudoVersion.isPseudo(v)) continue;
            if (Semver.prerelease(v).isEmpty()) release = higher(release, v);
            else pre = higher(pre, v);
        }
        return Optional.ofNullable(release != null ? release : pre);
    }

    /**
     * {@link #tagged}, else the highest pseudo-version: what a module cache holding these versions can answer for
     * {@code @latest} (a module with no tags is known only by pseudo-versions of its commits).
     */
    public static Optional<String> any(Iterable<String> versions) {
        Optional<String> t = tagged(versions);
        if (t.isPresent()) return t;
        String pseudo = null;
        for (String v : versions) {
            if (Semver.isValid(v) && PseudoVersion.isPseudo(v)) pseudo = higher(pseudo, v);
        }
        return Optional.ofNullable(pseudo);
    }

    /** Not Semver.max: it returns the canonical form, which drops "+incompatible". */
    private static String higher(String best, String v) {
        return best == null || Semver.compare(v, best) > 0 ? v : best;
    }
}
