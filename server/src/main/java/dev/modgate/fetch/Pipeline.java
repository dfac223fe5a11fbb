package dev.modgate.fetch;

import dev.modgate.auth.Credentials;
import dev.modgate.auth.Netrc;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.git.GitMirrors;
import dev.modgate.git.GitTransports;
import dev.modgate.source.DirectSource;
import dev.modgate.source.Outbound;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.ModuleStore;
import dev.modgate.sumdb.SumDbs;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch pipeline without an HTTP server in front: data directory, upstream connections and the module service.
 * `serve` puts Jetty in front of it; `prefetch --data` drives it directly, so both apply the same checks.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private final ModuleStore store;
    private final Outbound outbound;
    private final UpstreamChain chain;
    private final ModuleService service;
    private final GitMirrors mirrors;
    private final SumDbs sumdbs;
    private final Thread dirSync;
    private final CountDownLatch closing = new CountDownLatch(1);

    public Pipeline(ServerConfig config, Map<String, String> env) throws IOException {
        UpstreamList upstreams = UpstreamList.parse(config.upstream());
        this.store = new ModuleStore(config.dataDir(), config.lockWait());
        DirectConfig direct = config.direct();
        Credentials credentials = upstreams.credentials(new Credentials(direct.credentials(), direct.netrc() == null ? Map.of() : Netrc.read(direct.netrc())));
        // "name+key https://user:secret@host": the database's own credentials, for its host and port only.
        if (config.sumdb().publicDb() != null) credentials = config.sumdb().publicDb().addCredentialsTo(credentials);
        this.outbound = new Outbound(config.connectTimeout(), config.readTimeout(), config.fetchTimeout(), config.maxFetches(), env, credentials);
        this.mirrors = new GitMirrors(store.root(), new GitTransports(config.maxFetches(), config.readTimeout(), outbound.proxies(), direct.sshDir()));
        DirectSource directSource = new DirectSource(direct, mirrors, credentials, outbound, config.listTtl(), config.fetchTimeout());
        this.chain = new UpstreamChain(upstreams, outbound, directSource, direct.noproxy());
        try {
            this.sumdbs = SumDbs.open(config, store, outbound, upstreams);
        } catch (IOException | RuntimeException e) {
            outbound.close();
            mirrors.close();
            throw e;
        }
        this.service = new ModuleService(store, chain, config.listTtl(), config.negativeTtl(), config.offline(), sumdbs.checks());
        sumdbs.attach(service);
        this.dirSync = Thread.ofPlatform().daemon().name("modgate-dirsync").start(this::syncDirectoriesEverySecond);
    }

    /**
     * New artifacts' directory entries reach the disk here, once a second for all of them, instead of one directory
     * fsync per artifact on the request's path (see ModuleStore.commitNew).
     */
    private void syncDirectoriesEverySecond() {
        try {
            // Not stopped by an interrupt: one arriving during an fsync would close its channel and skip it.
            while (!closing.await(1, TimeUnit.SECONDS)) {
                try {
                    store.syncDirectories();
                } catch (RuntimeException e) {
                    log.error("syncing the data directory's new entries failed", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public ModuleStore store() { return store; }

    public ModuleService service() { return service; }

    public String upstreams() { return chain.toString(); }

    public GitMirrors mirrors() { return mirrors; }

    /** The checksum databases: verified against on ingest, proxied, and the private log. */
    public SumDbs sumdbs() { return sumdbs; }

    @Override public void close() throws IOException {
        closing.countDown();
        boolean interrupted = false;
        while (dirSync.isAlive()) {
            try {
                dirSync.join();
            } catch (InterruptedException e) {
                interrupted = true; // the last sync below must still come after the thread's
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        store.syncDirectories();
        try {
            sumdbs.close();
        } finally {
            outbound.close();
            mirrors.close();
        }
    }
}
