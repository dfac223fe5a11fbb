package dev.modgate.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything `modgate serve` can be told, after flags, environment and config file have been merged.
 *
 * @param listHttpCacheTtl how long a fetched version list or @latest answer is reused before asking upstream again
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
        Duration shutdownTimeout) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:3000";
    public static final String DEFAULT_DATA = "./modgate-data";
    public static final String DEFAULT_UPSTREAM = "https://proxy.golang.org,direct";
}
