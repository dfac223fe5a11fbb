package dev.modgate.wiring;

import dev.modgate.auth.Credentials;
import dev.modgate.auth.Netrc;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.git.GitMirrors;
import dev.modgate.git.GitTransports;
import dev.modgate.fetch.FlightLayer;
import dev.modgate.fetch.Ingest;
import dev.modgate.fetch.ListLayer;
import dev.modgate.fetch.NegativeLayer;
import dev.modgate.fetch.QueryLayer;
import dev.modgate.fetch.StoredLayer;
import dev.modgate.fetch.UpstreamChain;
import dev.modgate.module.ArtifactEvents;
import dev.modgate.module.FailureBackoff;
import dev.modgate.module.Modules;
import dev.modgate.storage.QuarantineGeneration;
import dev.modgate.net.Outbound;
import dev.modgate.policy.DirPolicyState;
import dev.modgate.policy.LivePolicy;
import dev.modgate.policy.PolicyException;
import dev.modgate.policy.PolicyLayer;
import dev.modgate.policy.PolicyState;
import dev.modgate.source.DirectSource;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.DirStorage;
import dev.modgate.sumdb.SumDbs;
import dev.modgate.vuln.PeriodicVulnDbSync;
import dev.modgate.vuln.VulnDbFiles;
import dev.modgate.vuln.VulnDbMirror;
import dev.modgate.vuln.VulnDbSnapshots;
import dev.modgate.vuln.VulnDbSync;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything behind the HTTP server, put together in one place: the data directory, upstream connections, the
 * checksum databases and the module chain. `serve` puts Jetty in front of it; `prefetch --data` drives it directly,
 * so both apply the same checks. {@link #route} is the route every module request takes, outermost layer first.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private final DirStorage store;
    private final Outbound outbound;
    private final UpstreamChain chain;
    private final Modules modules;
    /** The chain below the policy gate. */
    private Modules ungated;
    private final Ingest ingest;
    private final ArtifactEvents.Broadcast events = new ArtifactEvents.Broadcast();
    private final GitMirrors mirrors;
    private final SumDbs sumdbs;
    private final DirPolicyState policyState;
    /** Every zip stored is read for its licence files in the background (issue 15): policy lines and reports use them. */
    private final dev.modgate.licence.LicenceQueue licences;
    private LivePolicy policy;
    private final VulnDbSnapshots vulnDb;
    private final VulnDbFiles vulnDbFiles;
    private PeriodicVulnDbSync vulnDbSync;
    private final Thread dirSync;
    private final CountDownLatch closing = new CountDownLatch(1);

    public Pipeline(ServerConfig config, Map<String, String> env) throws IOException {
        UpstreamList upstreams = UpstreamList.parse(config.upstream());
        java.net.URI vulnDbBase = config.vulndbSync().isZero() ? null : VulnDbSync.parse(config.vulndbUrl()); // refused before anything is opened
        this.store = new DirStorage(config.dataDir(), config.lockWait());
        DirectConfig direct = config.direct();
        Credentials credentials = upstreams.credentials(new Credentials(direct.credentials(), direct.netrc() == null ? Map.of() : Netrc.read(direct.netrc())));
        // "name+key https://user:secret@host": the database's own credentials, for its host and port only.
        if (config.sumdb().publicDb() != null) credentials = config.sumdb().publicDb().addCredentialsTo(credentials);
        credentials = VulnDbSync.credentialsFor(config.vulndbUrl(), credentials);
        this.outbound = new Outbound(config.connectTimeout(), config.readTimeout(), config.fetchTimeout(), config.maxFetches(), env, credentials);
        this.mirrors = new GitMirrors(store.state().git(), new GitTransports(config.maxFetches(), config.readTimeout(), outbound.proxies(), direct.sshDir()));
        DirectSource directSource = new DirectSource(direct, mirrors, credentials, outbound, config.listTtl(), config.fetchTimeout());
        this.chain = new UpstreamChain(upstreams, outbound, directSource, direct.noproxy(), store);
        try {
            this.sumdbs = SumDbs.open(config, store, outbound, upstreams);
        } catch (IOException | RuntimeException e) {
            outbound.close();
            mirrors.close();
            throw e;
        }
        this.ingest = new Ingest(store, chain, sumdbs.checks(), events, config.listTtl());
        this.licences = new dev.modgate.licence.LicenceQueue(() -> new dev.modgate.licence.LicenceDetector(new dev.modgate.licence.LicenceMatcher()),
                (module, version) -> dev.modgate.policy.StoredFacts.openZip(store, new dev.modgate.core.module.ModuleVersion(module, version)));
        events.add(new ArtifactEvents() {
            @Override public void stored(dev.modgate.core.module.ModuleVersion version, dev.modgate.module.ArtifactKind kind) {
                if (kind == dev.modgate.module.ArtifactKind.ZIP) licences.submit(version.path(), version.version());
            }
        });
        this.policyState = new DirPolicyState(store.state().policy(), config.lockWait());
        this.vulnDb = new VulnDbSnapshots(store.state().vulndb(), config.lockWait());
        try {
            this.modules = route(config);
        } catch (PolicyException e) {
            try {
                sumdbs.close();
            } finally {
                outbound.close();
                mirrors.close();
            }
            throw new IOException(e.getMessage());
        }
        // The private log vouches for sums, it serves no module: it asks below the gate, so that the go command can
        // still verify the go.mod of a denied version that its module graph reads (the gate serves that go.mod too).
        sumdbs.connect(ungated, events);
        this.vulnDbFiles = new VulnDbMirror(vulnDb);
        startVulnDbSync(config, vulnDbBase);
        this.dirSync = Thread.ofPlatform().daemon().name("modgate-dirsync").start(this::syncDirectoriesEverySecond);
    }

    /** serve --vulndb-sync: in the background; with --offline only from a file:// database. */
    private void startVulnDbSync(ServerConfig config, java.net.URI base) {
        if (base == null) return;
        if (config.offline() && !"file".equalsIgnoreCase(base.getScheme())) {
            log.warn("--vulndb-sync is ignored: modgate is offline (--offline) and --vulndb-url is not a file:// directory");
            return;
        }
        this.vulnDbSync = new PeriodicVulnDbSync(new VulnDbSync(vulnDb, outbound), base, config.vulndbSync()).start();
    }

    /**
     * New artifacts' directory entries reach the disk here, once a second for all of them, instead of one directory
     * fsync per artifact on the request's path (see DirStorage.commitNew).
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

    /**
     * The module chain, outermost layer first; each is one class in fetch/, testable alone. A request goes down
     * until a layer answers; what ingest fetched comes back up through the same layers.
     */
    private Modules route(ServerConfig config) throws PolicyException {
        QuarantineGeneration quarantine = new QuarantineGeneration(store);
        Modules negative = new NegativeLayer(ingest, config.negativeTtl()); // 5. "not found" remembered; then 6. ingest
        Modules flight = new FlightLayer(negative);                         // 4. one fetch for concurrent requests
        Modules queries = new QueryLayer(flight, config.listTtl());         // 3. branch/commit/prefix .info answers, briefly
        ListLayer lists = new ListLayer(store, queries, config.listTtl(), FailureBackoff.of(config.listTtl())); // 2. lists, @latest
        StoredLayer stored = new StoredLayer(store, lists, config.offline(), HOT_FILE_BYTES, quarantine); // 1. stored answers
        events.add(lists);
        events.add(stored);
        this.ungated = stored;
        dev.modgate.vuln.VulnIndex vulns = vulnDb.index(); // the snapshot in force, whichever process switched to it
        this.policy = LivePolicy.open(config.policy(), policyState, outbound, stored, store, config.listTtl(), () -> vulns, licences);
        return new PolicyLayer(stored, policy);                             // 0. the policy gate, before any stored answer
    }

    /** Stored .info/.mod files held in memory: a hit on them costs no system call. */
    private static final long HOT_FILE_BYTES = 32L << 20;

    public DirStorage store() { return store; }

    /** The module chain: what serves every module request. */
    public Modules modules() { return modules; }

    /** Fetches started against the upstream chain since start. */
    public long upstreamFetches() { return ingest.upstreamFetches(); }

    public String upstreams() { return chain.toString(); }

    public GitMirrors mirrors() { return mirrors; }

    /** The licences of stored versions, detected in the background as zips are stored. */
    public dev.modgate.licence.LicenceQueue licences() { return licences; }

    /** The policy in force (everything allowed without --policy). */
    public LivePolicy policy() { return policy; }

    /** Approvals, pending requests and when versions were first seen. */
    public PolicyState policyState() { return policyState; }

    /** The vulnerability database's snapshots (the one in force: {@code current()}; a module's entries: {@code entries(path)}). */
    public VulnDbSnapshots vulnDb() { return vulnDb; }

    /** The vulnerability database's files as served at /vulndb/. */
    public VulnDbFiles vulnDbFiles() { return vulnDbFiles; }

    /** The checksum databases: verified against on ingest, proxied, and the private log. */
    public SumDbs sumdbs() { return sumdbs; }

    @Override public void close() throws IOException {
        closing.countDown();
        if (vulnDbSync != null) vulnDbSync.close();
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
        if (policy != null) policy.close();
        licences.close();
        try {
            policyState.close();
            sumdbs.close();
        } finally {
            outbound.close();
            mirrors.close();
        }
    }
}
