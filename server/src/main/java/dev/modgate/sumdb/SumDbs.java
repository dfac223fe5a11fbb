package dev.modgate.sumdb;

import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.module.Checksums;
import dev.modgate.module.FailureBackoff;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.module.Modules;
import dev.modgate.net.Outbound;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.DirStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/** The checksum databases of one modgate, wired: verification on ingest, the /sumdb/ endpoints, the private log. */
public final class SumDbs implements AutoCloseable {
    private final RemoteSumDb publicDb;
    private final PrivateSumDb privateDb;
    private final SumDbChecks checks;
    private final SumDbEndpoints endpoints;
    private final DirStorage store;
    private final Quarantine quarantine;
    private final Duration recheckEvery;
    private LateVerification late;

    private SumDbs(DirStorage store, RemoteSumDb publicDb, PrivateSumDb privateDb, LoggedSums logged, SumDbProxy proxy, boolean required,
            Duration recheckEvery) {
        this.store = store;
        this.publicDb = publicDb;
        this.privateDb = privateDb;
        this.quarantine = new Quarantine(store);
        this.recheckEvery = recheckEvery;
        this.checks = new SumDbChecks(publicDb, privateDb, logged, required, quarantine);
        this.endpoints = new SumDbEndpoints(proxy, publicDb == null ? null : publicDb.name(), privateDb);
    }

    public static SumDbs open(ServerConfig config, DirStorage store, Outbound outbound, UpstreamList upstreams) throws IOException {
        SumDbConfig c = config.sumdb();
        Duration hold = FailureBackoff.of(config.listTtl());
        RemoteSumDb pub = c.publicDb() == null ? null : new RemoteSumDb(c.publicDb(), c.noSumDb(), store, outbound, upstreams, config.offline(), hold);
        PrivateSumDb priv = c.privateName() == null ? null : PrivateSumDb.open(store, c.privateName());
        // Not serving the log (prefetch): what it holds must still not be contradicted.
        LoggedSums logged = priv != null ? priv
                : Files.exists(store.state().privateSumDb().resolve("records")) ? LoggedSums.snapshot(store.state().privateSumDb()) : null;
        return new SumDbs(store, pub, priv, logged, pub == null ? null : new SumDbProxy(pub, config.listTtl()), c.required(), hold);
    }

    /**
     * Gives the private log the pipeline it fetches not-yet-logged versions through, and starts verifying what was
     * served while the public database could not be reached (also what an earlier run or a prefetch served).
     */
    public void connect(Modules modules, ArtifactEvents.Broadcast events) {
        if (privateDb != null) {
            privateDb.connect(modules, checks);
            events.add(privateDb);
        }
        quarantine.connect(events);
        if (publicDb != null && !publicDb.offline()) late = new LateVerification(publicDb, store, checks, privateDb, recheckEvery);
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
        if (late != null) late.close();
        if (privateDb != null) privateDb.close();
    }
}
