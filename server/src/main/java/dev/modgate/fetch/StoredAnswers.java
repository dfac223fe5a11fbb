package dev.modgate.fetch;

import dev.modgate.core.module.LatestVersion;
import dev.modgate.core.module.ModuleVersion;
import dev.modgate.core.semver.Semver;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactKind;
import dev.modgate.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Answers from storage alone, for offline mode and Disable-Module-Fetch: the version list is what is stored, and
 * "latest" is chosen the way the go command chooses it ({@link LatestVersion}: highest release, else highest
 * pre-release, else highest pseudo-version).
 */
final class StoredAnswers {
    private StoredAnswers() {}

    static Optional<Artifact> list(Storage storage, String path) throws IOException {
        List<String> versions = storage.listedVersions(path);
        if (versions.isEmpty()) return Optional.empty();
        StringBuilder b = new StringBuilder();
        for (String v : versions) b.append(v).append('\n');
        return Optional.of(Artifact.bytes(b.toString().getBytes(StandardCharsets.UTF_8), Artifact.TEXT, Artifact.CacheStatus.HIT, false));
    }

    static Optional<Artifact> latest(Storage storage, String path) throws IOException {
        Optional<String> v = LatestVersion.any(storage.versions(path, ArtifactKind.INFO));
        return v.isEmpty() ? Optional.empty() : info(storage, path, v.get());
    }

    /**
     * A query offline: "latest", or a version prefix such as v1 or v1.2 (highest stored version with that prefix,
     * as the go command resolves it). Branches and commit hashes need the upstream.
     */
    static Optional<Artifact> query(Storage storage, String path, String query) throws IOException {
        List<String> versions = storage.versions(path, ArtifactKind.INFO);
        if (query.equals("latest")) return latest(storage, path);
        if (!Semver.isValid(query) || !Semver.prerelease(query).isEmpty() || !Semver.build(query).isEmpty()) return Optional.empty();
        String prefix = query + ".";
        Optional<String> v = LatestVersion.tagged(versions.stream().filter(x -> x.startsWith(prefix)).toList());
        return v.isEmpty() ? Optional.empty() : info(storage, path, v.get());
    }

    private static Optional<Artifact> info(Storage storage, String path, String version) throws IOException {
        // Not immutable here: the answer to "latest" or "v1" changes as versions are stored.
        return storage.get(ArtifactKind.INFO, new ModuleVersion(path, version))
                .map(b -> Artifact.stored(b, Artifact.JSON, Artifact.CacheStatus.HIT, false));
    }
}
