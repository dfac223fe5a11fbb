package dev.modgate.fetch;

import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.storage.ModuleStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Answers from the data directory alone, for offline mode and Disable-Module-Fetch: the version list is what is
 * stored, and "latest" is chosen the way the go command chooses it ({@link LatestVersion}: highest release, else
 * highest pre-release, else highest pseudo-version).
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
        return LatestVersion.any(store.versionsWith(path, "info")).map(v -> info(store, path, v));
    }

    /**
     * A query offline: "latest", or a version prefix such as v1 or v1.2 (highest stored version with that prefix,
     * as the go command resolves it). Branches and commit hashes need the upstream.
     */
    static Optional<Artifact> query(ModuleStore store, String path, String query) throws IOException {
        List<String> versions = store.versionsWith(path, "info");
        if (query.equals("latest")) return LatestVersion.any(versions).map(v -> info(store, path, v));
        if (!Semver.isValid(query) || !Semver.prerelease(query).isEmpty() || !Semver.build(query).isEmpty()) return Optional.empty();
        String prefix = query + ".";
        return LatestVersion.tagged(versions.stream().filter(v -> v.startsWith(prefix)).toList()).map(v -> info(store, path, v));
    }

    private static Artifact info(ModuleStore store, String path, String version) {
        return Artifact.file(store.versionFile(path, version, "info"), Artifact.JSON, Artifact.CacheStatus.HIT, false);
    }
}
