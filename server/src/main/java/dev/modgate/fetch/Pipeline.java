package dev.modgate.fetch;

import dev.modgate.config.ServerConfig;
import dev.modgate.source.Outbound;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.ModuleStore;
import java.io.IOException;
import java.util.Map;

/**
 * The fetch pipeline without an HTTP server in front: data directory, upstream connections and the module service.
 * `serve` puts Jetty in front of it; `prefetch --data` drives it directly, so both apply the same checks.
 */
public final class Pipeline implements AutoCloseable {
    private final ModuleStore store;
    private final Outbound outbound;
    private final UpstreamChain chain;
    private final ModuleService service;

    public Pipeline(ServerConfig config, Map<String, String> env) throws IOException {
        UpstreamList upstreams = UpstreamList.parse(config.upstream());
        this.store = new ModuleStore(config.dataDir());
        this.outbound = new Outbound(config.connectTimeout(), config.readTimeout(), config.fetchTimeout(), config.maxFetches(), env);
        this.chain = new UpstreamChain(upstreams, outbound);
        this.service = new ModuleService(store, chain, config.listTtl(), config.negativeTtl(), config.offline());
    }

    public ModuleStore store() { return store; }

    public ModuleService service() { return service; }

    public String upstreams() { return chain.toString(); }

    @Override public void close() {
        outbound.close();
    }
}
