package dev.modgate.fetch;

import dev.modgate.core.module.PseudoVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.storage.ModuleStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Answers from the data directory alone, for offline mode and Disable-Module-Fetch: the version list is what is
 * stored, and "latest" is chosen the way the go command chooses it (highest release, else highest pre-release,
 * else newest pseudo-version).
 */
final class StoredAnswers {
    private StoredAnswers() {}

    static Optional<Artifact> list(ModuleStore store, String path) throws IOException {
        List<String> versions = store.storedVersions(path);
        if (versions.isEmpty()) return Optional.empty();
        StringBuilder b = new StringBuilder();
        for (String v : versions) b.append(v).append('\n');
        return Optional.of(Artifact.bytes(b.toString().getBytes(StandardCharsets.UTF_8), Artifact.TEXT, Artifact.CacheStatus.HIT, false));
    }

    static Optional<Artifact> latest(ModuleStore store, String path) throws IOException {
        return pick(store.versionsWith(path, "info"), v -> true).map(v -> info(store, path, v));
    }

    /**
     * A query offline: "latest", or a version prefix such as v1 or v1.2 (highest stored version with that prefix,
     * as the go command resolves it). Branches and commit hashes need the upstream.
     */
    static Optional<Artifact> query(ModuleStore store, String path, String query) throws IOException {
        List<String> versions = store.versionsWith(path, "info");
        if (query.equals("latest")) return pick(versions, v -> true).map(v -> info(store, path, v));
        if (!Semver.isValid(query) || !Semver.prerelease(query).isEmpty() || !Semver.build(query).isEmpty()) return Optional.empty();
        String prefix = query + ".";
        return pick(versions, v -> v.startsWith(prefix) && !PseudoVersion.isPseudo(v)).map(v -> info(store, path, v));
    }

    private static Optional<String> pick(List<String> sortedVersions, java.util.function.Predicate<String> ok) {
        String release = null, pre = null, pseudo = null;
        for (String v : sortedVersions) {
            if (!ok.test(v)) continue;
            if (PseudoVersion.isPseudo(v)) pseudo = v;
            else if (Semver.prerelease(v).isEmpty()) release = v;
            else pre = v;
        }
        return Optional.ofNullable(release != null ? release : pre != null ? pre : pseudo);
    }

    private static Artifact info(ModuleStore store, String path, String version) {
        return Artifact.file(store.versionFile(path, version, "info"), Artifact.JSON, Artifact.CacheStatus.HIT, false);
    }
}
