package dev.modgate.sumdb;

import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.fetch.Checksums;
import dev.modgate.fetch.FailureBackoff;
import dev.modgate.fetch.ModuleService;
import dev.modgate.source.Outbound;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.ModuleStore;
import java.io.IOException;
import java.nio.file.Files;

/** The checksum databases of one modgate, wired: verification on ingest, the /sumdb/ endpoints, the private log. */
public final class SumDbs implements AutoCloseable {
    private final RemoteSumDb publicDb;
    private final PrivateSumDb privateDb;
    private final SumDbChecks checks;
    private final SumDbEndpoints endpoints;

    private SumDbs(RemoteSumDb publicDb, PrivateSumDb privateDb, LoggedSums logged, SumDbProxy proxy, boolean required) {
        this.publicDb = publicDb;
        this.privateDb = privateDb;
        this.checks = new SumDbChecks(publicDb, privateDb, logged, required);
        this.endpoints = new SumDbEndpoints(proxy, publicDb == null ? null : publicDb.name(), privateDb);
    }

    public static SumDbs open(ServerConfig config, ModuleStore store, Outbound outbound, UpstreamList upstreams) throws IOException {
        SumDbConfig c = config.sumdb();
        RemoteSumDb pub = c.publicDb() == null ? null : new RemoteSumDb(c.publicDb(), c.noSumDb(), store, outbound, upstreams, config.offline(),
                FailureBackoff.of(config.listTtl()));
        PrivateSumDb priv = c.privateName() == null ? null : PrivateSumDb.open(store, c.privateName());
        // Not serving the log (prefetch): what it holds must still not be contradicted.
        LoggedSums logged = priv != null ? priv
                : Files.exists(PrivateSumDb.dir(store.root()).resolve("records")) ? LoggedSums.snapshot(store.root()) : null;
        return new SumDbs(pub, priv, logged, pub == null ? null : new SumDbProxy(pub, config.listTtl()), c.required());
    }

    /** Gives the private log the pipeline it fetches not-yet-logged versions through. */
    public void attach(ModuleService service) {
        if (privateDb != null) privateDb.attach(service, checks);
    }

    public Checksums checks() { return checks; }

    public SumDbEndpoints endpoints() { return endpoints; }

    /** The private log, or null. */
    public PrivateSumDb privateDb() { return privateDb; }

    /** The public database verified against, or null when --sumdb off. */
    public RemoteSumDb publicDb() { return publicDb; }

    /** Downloads refused since start because a checksum database disagreed. */
    public long securityErrors() { return checks.mismatches(); }

    @Override public void close() throws IOException {
        if (privateDb != null) privateDb.close();
    }
}
