package dev.modgate.prefetch;

import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactChecks;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import java.io.IOException;

/** Prefetch into a data directory in this process, through the same module chain (checks, verification) as serve. */
public final class LocalFetcher implements ModuleFetcher {
    private final Modules modules;
    private final AutoCloseable owner;

    /** @param owner closed with this fetcher: what holds the module chain's connections and files */
    public LocalFetcher(Modules modules, AutoCloseable owner) {
        this.modules = modules;
        this.owner = owner;
    }

    @Override public String resolve(String path, String query) throws IOException {
        return ArtifactChecks.info(path, get(infoRequest(path, query)).readAll()); // the version the go command reads from it
    }

    @Override public String latest(String path) throws IOException {
        return ArtifactChecks.info(path, get(new ModuleRequest.Latest(path)).readAll());
    }

    @Override public byte[] goMod(String path, String version) throws IOException {
        return get(new ModuleRequest.File(ArtifactKind.MOD, path, version)).readAll();
    }

    @Override public java.util.List<String> versions(String path) throws IOException {
        return new String(get(new ModuleRequest.List(path)).readAll(), java.nio.charset.StandardCharsets.UTF_8)
                .lines().map(l -> l.split(" ")[0]).filter(l -> !l.isEmpty()).toList();
    }

    @Override public Fetched mod(String path, String version) throws IOException {
        return fetched(get(new ModuleRequest.File(ArtifactKind.MOD, path, version)));
    }

    @Override public Fetched zip(String path, String version) throws IOException {
        return fetched(get(new ModuleRequest.File(ArtifactKind.ZIP, path, version)));
    }

    @Override public Fetched info(String path, String version) throws IOException {
        return fetched(get(infoRequest(path, version)));
    }

    private static ModuleRequest infoRequest(String path, String rev) {
        return dev.modgate.core.module.ModulePath.isCanonicalVersionOf(path, rev)
                ? new ModuleRequest.File(ArtifactKind.INFO, path, rev) : new ModuleRequest.Query(path, rev);
    }

    private Artifact get(ModuleRequest r) throws IOException {
        try {
            return modules.get(r, Ask.INTERNAL);
        } catch (Failure e) {
            String msg = e.body().strip().replace("\n\t", "; ");
            if (e.isClientError()) throw new PermanentException(msg);
            throw new IOException(msg);
        }
    }

    private static Fetched fetched(Artifact a) {
        return new Fetched(a.size(), a.cache() == Artifact.CacheStatus.MISS);
    }

    @Override public void close() throws Exception {
        owner.close();
    }
}
