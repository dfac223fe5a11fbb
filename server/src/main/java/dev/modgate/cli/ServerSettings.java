package dev.modgate.cli;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import java.nio.file.Path;

/**
 * Where modules come from and where they are kept, as serve and prefetch are told it: the settings they share, turned
 * into a ServerConfig, with the start-up checks (StartupChecks) on the way.
 */
final class ServerSettings {
    private ServerSettings() {}

    /**
     * What serve and prefetch share; serve adds listen, shutdown-timeout and offline.
     *
     * @param privateSumDb serve's --private-sumdb, null for none
     */
    static ServerConfig.Builder config(SettingValues s, String privateSumDb) throws java.io.IOException {
        Path dataDir = s.path(Settings.DATA);
        StartupChecks.dataDir(dataDir, s.origin(Settings.DATA));
        String upstreams = s.text(Settings.UPSTREAM);
        StartupChecks.upstreams(upstreams, s.origin(Settings.UPSTREAM));
        return ServerConfig.builder()
                .dataDir(dataDir)
                .upstream(upstreams)
                .listTtl(s.duration(Settings.LIST_TTL))
                .negativeTtl(s.duration(Settings.NEGATIVE_TTL))
                .connectTimeout(s.duration(Settings.CONNECT_TIMEOUT))
                .readTimeout(s.duration(Settings.READ_TIMEOUT))
                .fetchTimeout(s.duration(Settings.FETCH_TIMEOUT))
                .lockWait(s.duration(Settings.LOCK_WAIT))
                .maxFetches(s.count(Settings.MAX_FETCHES))
                .policy(s.given(Settings.POLICY) ? s.path(Settings.POLICY) : null)
                .direct(direct(s))
                .sumdb(sumdb(s, privateSumDb));
    }

    /** Fetching from git: the routing patterns, netrc and the config file's tables. */
    static DirectConfig direct(SettingValues s) throws java.io.IOException {
        if (s.given(Settings.NETRC)) StartupChecks.named(s.path(Settings.NETRC), s.origin(Settings.NETRC), false);
        if (s.given(Settings.SSH_DIR)) StartupChecks.named(s.path(Settings.SSH_DIR), s.origin(Settings.SSH_DIR), true);
        return DirectConfig.builder()
                .privateModules(privatePatterns(s))
                .noproxy(s.text(Settings.NOPROXY))
                .insecure(s.given(Settings.INSECURE) ? s.text(Settings.INSECURE) : "")
                .netrc(s.given(Settings.NETRC) ? s.path(Settings.NETRC) : DirectConfig.defaultNetrc(s.env()))
                .sshDir(s.given(Settings.SSH_DIR) ? s.path(Settings.SSH_DIR) : Path.of(System.getProperty("user.home"), ".ssh"))
                .tables(s.tables())
                .build();
    }

    /** The checksum databases; the private log is serve's alone (privateName null otherwise). */
    static SumDbConfig sumdb(SettingValues s, String privateName) {
        return SumDbConfig.builder()
                .publicDb(SumDbSpec.parse(s.text(Settings.SUMDB)))
                .noSumDb(s.given(Settings.NOSUMDB) ? s.text(Settings.NOSUMDB) : privatePatterns(s))
                .privateName(privateName)
                .required(s.bool(Settings.SUMDB_REQUIRED))
                .build();
    }

    private static String privatePatterns(SettingValues s) {
        return s.given(Settings.PRIVATE) ? s.text(Settings.PRIVATE) : "";
    }
}
