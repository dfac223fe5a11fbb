package dev.modgate.prefetch;

import dev.modgate.fetch.Artifact;
import dev.modgate.fetch.ArtifactChecks;
import dev.modgate.fetch.FetchException;
import dev.modgate.fetch.ModuleService;
import dev.modgate.fetch.Pipeline;
import java.io.IOException;
import java.nio.file.Files;

/** Prefetch into a data directory in this process, through the same pipeline (checks, verification) as serve. */
public final class LocalFetcher implements ModuleFetcher {
    private final Pipeline pipeline;
    private final ModuleService service;

    public LocalFetcher(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.service = pipeline.service();
    }

    @Override public String resolve(String path, String query) throws IOException {
        Artifact a = call(() -> service.info(path, query, true));
        return ArtifactChecks.info(path, bytes(a)); // the version the go command reads from it
    }

    @Override public String latest(String path) throws IOException {
        return ArtifactChecks.info(path, bytes(call(() -> service.latest(path, true))));
    }

    @Override public byte[] goMod(String path, String version) throws IOException {
        return bytes(call(() -> service.mod(path, version, true)));
    }

    @Override public java.util.List<String> versions(String path) throws IOException {
        return new String(bytes(call(() -> service.list(path, true))), java.nio.charset.StandardCharsets.UTF_8)
                .lines().map(l -> l.split(" ")[0]).filter(l -> !l.isEmpty()).toList();
    }

    @Override public Fetched mod(String path, String version) throws IOException {
        return fetched(call(() -> service.mod(path, version, true)));
    }

    @Override public Fetched zip(String path, String version) throws IOException {
        return fetched(call(() -> service.zip(path, version, true)));
    }

    @Override public Fetched info(String path, String version) throws IOException {
        return fetched(call(() -> service.info(path, version, true)));
    }

    private interface Call {
        Artifact run() throws FetchException;
    }

    private static Artifact call(Call c) throws IOException {
        try {
            return c.run();
        } catch (FetchException e) {
            String msg = e.body().strip().replace("\n\t", "; ");
            if (e.status() < 500) throw new PermanentException(msg);
            throw new IOException(msg);
        }
    }

    private static byte[] bytes(Artifact a) throws IOException {
        return a.file() != null ? Files.readAllBytes(a.file()) : a.bytes();
    }

    private static Fetched fetched(Artifact a) throws IOException {
        long n = a.file() != null ? Files.size(a.file()) : a.bytes().length;
        return new Fetched(n, a.cache() == Artifact.CacheStatus.MISS);
    }

    @Override public void close() throws Exception {
        pipeline.close();
    }
}
