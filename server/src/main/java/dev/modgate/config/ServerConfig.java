package dev.modgate.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything `modgate serve` can be told, after flags, environment and config file have been merged.
 *
 * @param listTtl how long a fetched version list or @latest answer is reused before asking upstream again
 * @param offline never open an outbound connection; answer from the data directory only
 * @param direct  fetching from version control: private/noproxy/insecure patterns, credentials, rewrites
 * @param sumdb   checksum databases: verified against, proxied, and modgate's own log
 */
public record ServerConfig(
        String listen,
        Path dataDir,
        String upstream,
        Duration listTtl,
        Duration negativeTtl,
        Duration connectTimeout,
        Duration readTimeout,
        Duration fetchTimeout,
        int maxFetches,
        Duration shutdownTimeout,
        boolean offline,
        DirectConfig direct,
        SumDbConfig sumdb) {

    public ServerConfig withListTtl(Duration d) {
        return new ServerConfig(listen, dataDir, upstream, d, negativeTtl, connectTimeout, readTimeout, fetchTimeout, maxFetches, shutdownTimeout, offline, direct, sumdb);
    }

    public ServerConfig withReadTimeout(Duration d) {
        return new ServerConfig(listen, dataDir, upstream, listTtl, negativeTtl, connectTimeout, d, fetchTimeout, maxFetches, shutdownTimeout, offline, direct, sumdb);
    }

    public ServerConfig withFetchTimeout(Duration d) {
        return new ServerConfig(listen, dataDir, upstream, listTtl, negativeTtl, connectTimeout, readTimeout, d, maxFetches, shutdownTimeout, offline, direct, sumdb);
    }

    public ServerConfig withOffline(boolean off) {
        return new ServerConfig(listen, dataDir, upstream, listTtl, negativeTtl, connectTimeout, readTimeout, fetchTimeout, maxFetches, shutdownTimeout, off, direct, sumdb);
    }

    public ServerConfig withDirect(DirectConfig d) {
        return new ServerConfig(listen, dataDir, upstream, listTtl, negativeTtl, connectTimeout, readTimeout, fetchTimeout, maxFetches, shutdownTimeout, offline, d, sumdb);
    }

    public ServerConfig withSumDb(SumDbConfig s) {
        return new ServerConfig(listen, dataDir, upstream, listTtl, negativeTtl, connectTimeout, readTimeout, fetchTimeout, maxFetches, shutdownTimeout, offline, direct, s);
    }

    public static final String DEFAULT_LISTEN = "127.0.0.1:3000";
    public static final String DEFAULT_DATA = "./modgate-data";
    public static final String DEFAULT_UPSTREAM = "https://proxy.golang.org,direct";
}
