package dev.modgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything `modgate serve` (and prefetch's pipeline) can be told, after flags, environment and config file have
 * been merged. Made by {@link #builder()}, which starts from the declared defaults ({@link Settings}); what each value
 * drives is said in its setting's help there.
 */
public final class ServerConfig {
    private final String listen;
    private final Path dataDir;
    private final String upstream;
    private final Duration listTtl;
    private final Duration negativeTtl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration fetchTimeout;
    private final Duration lockWait;
    private final int maxFetches;
    private final Duration shutdownTimeout;
    private final boolean offline;
    private final Path policy;
    private final DirectConfig direct;
    private final SumDbConfig sumdb;
    private final Duration vulndbSync;
    private final String vulndbUrl;

    private ServerConfig(Builder b) {
        listen = b.listen;
        dataDir = b.dataDir;
        upstream = b.upstream;
        listTtl = b.listTtl;
        negativeTtl = b.negativeTtl;
        connectTimeout = b.connectTimeout;
        readTimeout = b.readTimeout;
        fetchTimeout = b.fetchTimeout;
        lockWait = b.lockWait;
        maxFetches = b.maxFetches;
        shutdownTimeout = b.shutdownTimeout;
        offline = b.offline;
        policy = b.policy;
        direct = b.direct;
        sumdb = b.sumdb;
        vulndbSync = b.vulndbSync;
        vulndbUrl = b.vulndbUrl;
    }

    /** A builder holding the declared defaults, with no git patterns or tables and no checksum database. */
    public static Builder builder() {
        return new Builder();
    }

    /** --listen */
    public String listen() { return listen; }

    /** --data */
    public Path dataDir() { return dataDir; }

    /** --upstream, in GOPROXY syntax */
    public String upstream() { return upstream; }

    /** --list-ttl: how long lists, @latest, queries and lookups are reused; the base of the outage back-off */
    public Duration listTtl() { return listTtl; }

    /** --negative-ttl */
    public Duration negativeTtl() { return negativeTtl; }

    /** --connect-timeout */
    public Duration connectTimeout() { return connectTimeout; }

    /** --read-timeout */
    public Duration readTimeout() { return readTimeout; }

    /** --fetch-timeout: one download's deadline (permit wait included), and a git operation's */
    public Duration fetchTimeout() { return fetchTimeout; }

    /** --lock-wait: the longest wait for a lock in the data directory */
    public Duration lockWait() { return lockWait; }

    /** --max-fetches */
    public int maxFetches() { return maxFetches; }

    /** --shutdown-timeout */
    public Duration shutdownTimeout() { return shutdownTimeout; }

    /** --offline: never open an outbound connection; answer from the data directory only */
    public boolean offline() { return offline; }

    /** --policy: the policy file, or null for none (everything allowed) */
    public Path policy() { return policy; }

    /** Fetching from version control: private/noproxy/insecure patterns, credentials, rewrites. */
    public DirectConfig direct() { return direct; }

    /** Checksum databases: verified against, proxied, and modgate's own log. */
    public SumDbConfig sumdb() { return sumdb; }

    /** --vulndb-sync: how often serve syncs the vulnerability database from --vulndb-url; zero for never */
    public Duration vulndbSync() { return vulndbSync; }

    /** --vulndb-url: the vulnerability database serve syncs from */
    public String vulndbUrl() { return vulndbUrl; }

    /** Sets what a ServerConfig holds; each setter is named as the accessor it sets. */
    public static final class Builder {
        private String listen;
        private Path dataDir;
        private String upstream;
        private Duration listTtl;
        private Duration negativeTtl;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration fetchTimeout;
        private Duration lockWait;
        private int maxFetches;
        private Duration shutdownTimeout;
        private boolean offline;
        private Path policy;
        private DirectConfig direct = DirectConfig.none();
        private SumDbConfig sumdb = SumDbConfig.off();
        private Duration vulndbSync;
        private String vulndbUrl;

        private Builder() {
            SettingValues defaults = new SettingValues(Map.of(), Map.of(), ConfigFile.Contents.EMPTY);
            listen = defaults.text(Settings.LISTEN);
            dataDir = defaults.path(Settings.DATA);
            upstream = defaults.text(Settings.UPSTREAM);
            listTtl = defaults.duration(Settings.LIST_TTL);
            negativeTtl = defaults.duration(Settings.NEGATIVE_TTL);
            connectTimeout = defaults.duration(Settings.CONNECT_TIMEOUT);
            readTimeout = defaults.duration(Settings.READ_TIMEOUT);
            fetchTimeout = defaults.duration(Settings.FETCH_TIMEOUT);
            lockWait = defaults.duration(Settings.LOCK_WAIT);
            maxFetches = defaults.count(Settings.MAX_FETCHES);
            shutdownTimeout = defaults.duration(Settings.SHUTDOWN_TIMEOUT);
            offline = defaults.bool(Settings.OFFLINE);
            vulndbSync = defaults.duration(Settings.VULNDB_SYNC);
            vulndbUrl = defaults.text(Settings.VULNDB_URL);
        }

        public Builder listen(String v) { listen = v; return this; }

        public Builder dataDir(Path v) { dataDir = v; return this; }

        public Builder upstream(String v) { upstream = v; return this; }

        public Builder listTtl(Duration v) { listTtl = v; return this; }

        public Builder negativeTtl(Duration v) { negativeTtl = v; return this; }

        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }

        public Builder readTimeout(Duration v) { readTimeout = v; return this; }

        public Builder fetchTimeout(Duration v) { fetchTimeout = v; return this; }

        public Builder lockWait(Duration v) { lockWait = v; return this; }

        public Builder maxFetches(int v) { maxFetches = v; return this; }

        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }

        public Builder offline(boolean v) { offline = v; return this; }

        public Builder policy(Path v) { policy = v; return this; }

        public Builder direct(DirectConfig v) { direct = v; return this; }

        public Builder sumdb(SumDbConfig v) { sumdb = v; return this; }

        public Builder vulndbSync(Duration v) { vulndbSync = v; return this; }

        public Builder vulndbUrl(String v) { vulndbUrl = v; return this; }

        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
