package dev.modgate.cli;

import dev.modgate.config.ConfigFile;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.Setting;
import dev.modgate.config.SumDbConfig;
import dev.modgate.config.SumDbSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where modules come from and where they are kept: the options `serve` and `prefetch` share, each also settable
 * as MODGATE_* environment variable and config-file key.
 */
public final class SourceOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory; itself a GOPROXY tree usable as GOPROXY=file://DIR (default " + ServerConfig.DEFAULT_DATA + ").")
    String data;

    @Option(names = "--upstream", paramLabel = "LIST", description = {
        "Upstreams in GOPROXY syntax (default " + ServerConfig.DEFAULT_UPSTREAM + "):",
        "URLs (https://, http://, file://), direct, off; \",\" falls through on 404/410 only, \"|\" on any error.",
        "Checked at start: a URL without a valid host is refused; a file:// directory that does not exist yet is a warning.",
        "https://user:secret@host sends those credentials to that host and port only, and never shows them."})
    String upstream;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (key = value lines, and the tables repo, rewrite, credentials, ssh-key: see README). Env: MODGATE_CONFIG.")
    String config;

    @Option(names = "--list-ttl", paramLabel = "DURATION", description = "How long @v/list and @latest answers are reused before asking upstream again (default 60s).")
    String listTtl;

    @Option(names = "--negative-ttl", paramLabel = "DURATION", description = "How long a \"not found\" from every upstream is remembered (default 30s).")
    String negativeTtl;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "Timeout for connecting to an upstream (default 10s).")
    String connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", description = "Timeout for an upstream's response headers and for any stall while reading its body (default 30s).")
    String readTimeout;

    @Option(names = "--fetch-timeout", paramLabel = "DURATION", description = "Longest a single upstream download may take, and a wait for a lock another modgate process holds on the data directory (default 10m).")
    String fetchTimeout;

    @Option(names = "--max-fetches", paramLabel = "N", description = "Most upstream requests (and, separately, git fetches) in flight at once (default 64); a host that go-import discovery reached (not --upstream or --sumdb) gets an eighth of them, at least one.")
    String maxFetches;

    @Option(names = "--private", paramLabel = "PATTERNS", description = {
        "Module path patterns of private modules (GOPRIVATE syntax: comma-separated globs matching path prefixes):",
        "fetched from git only, never from an upstream proxy (whatever --upstream says, off included),",
        "and allowed on internal addresses; never looked up in the --sumdb database unless --nosumdb says otherwise. Default: none."})
    String privatePatterns;

    @Option(names = "--noproxy", paramLabel = "PATTERNS", description = "Module path patterns fetched from git only, never from an upstream proxy (GONOPROXY; default: --private).")
    String noproxy;

    @Option(names = "--insecure", paramLabel = "PATTERNS", description = "Module path patterns whose go-import pages and repositories may be fetched over plain http or with unchecked certificates (GOINSECURE). Default: none.")
    String insecure;

    @Option(names = "--netrc", paramLabel = "FILE", description = "netrc file with credentials for git, go-import, upstream proxy and checksum database hosts (default $NETRC, else ~/.netrc); one named here must exist.")
    String netrc;

    @Option(names = "--ssh-dir", paramLabel = "DIR", description = "For ssh:// repositories: known_hosts (hosts must be in it), config and default keys (default ~/.ssh; one named here must exist). Per-host keys: ssh-key lines in the config file.")
    String sshDir;

    /** The config file's tables (repo, rewrite, credentials, ssh-key), read by {@link #settings}. */
    private ConfigFile.Contents file = ConfigFile.Contents.EMPTY;
    private Map<String, String> env = Map.of();

    @Option(names = "--sumdb", paramLabel = "GOSUMDB", description = {
        "Checksum database every download is verified against before it is stored, and proxied at /sumdb/NAME/",
        "(GOSUMDB syntax: name, name+key, \"name+key url\", or off; default " + SumDbSpec.DEFAULT + ")."})
    String sumdb;

    @Option(names = "--nosumdb", paramLabel = "PATTERNS", description = "Module path patterns never looked up in the --sumdb database, nor verified against it (GONOSUMDB; default: --private).")
    String noSumDb;

    @Option(names = "--sumdb-required", description = {
        "Refuse downloads while the --sumdb database cannot be reached at all. Default: serve them unverified, with a warning",
        "in the log (the go command still verifies them against its own GOSUMDB), verified once the database answers again",
        "(a stored copy it refuses then is quarantined); mismatches are always refused."})
    Boolean sumdbRequired;

    Setting settings(Map<String, String> env) throws Exception {
        String configPath = config != null ? config : env.get("MODGATE_CONFIG");
        this.file = configPath == null ? ConfigFile.Contents.EMPTY : ConfigFile.parse(Path.of(configPath), Setting.KEYS, Setting.TABLES);
        this.env = env;
        return new Setting(env, file.settings());
    }

    /** Fetching from git: the routing patterns, netrc and the config file's tables. */
    DirectConfig direct(Setting s) throws java.io.IOException {
        if (s.resolve(netrc, "netrc", null) != null) StartupChecks.named(Path.of(s.resolve(netrc, "netrc", null)), s.origin(netrc, "netrc"), false);
        if (s.resolve(sshDir, "ssh-dir", null) != null) StartupChecks.named(Path.of(s.resolve(sshDir, "ssh-dir", null)), s.origin(sshDir, "ssh-dir"), true);
        return DirectConfig.of(
                s.resolve(privatePatterns, "private", ""),
                s.resolve(noproxy, "noproxy", null),
                s.resolve(insecure, "insecure", ""),
                Path.of(s.resolve(netrc, "netrc", DirectConfig.defaultNetrc(env).toString())),
                Path.of(s.resolve(sshDir, "ssh-dir", Path.of(System.getProperty("user.home"), ".ssh").toString())),
                file.tables());
    }

    /** The checksum databases; the private log is serve's alone (privateName null here). */
    SumDbConfig sumdb(Setting s, String privateName) {
        String priv = s.resolve(privatePatterns, "private", "");
        return new SumDbConfig(SumDbSpec.parse(s.resolve(sumdb, "sumdb", SumDbSpec.DEFAULT)),
                s.resolve(noSumDb, "nosumdb", priv), privateName,
                s.bool(sumdbRequired == null ? null : sumdbRequired.toString(), "sumdb-required", false));
    }

    ServerConfig config(Setting s, String listen, Duration shutdownTimeout, boolean offline) throws java.io.IOException {
        return config(s, listen, shutdownTimeout, offline, null);
    }

    ServerConfig config(Setting s, String listen, Duration shutdownTimeout, boolean offline, String privateSumDb) throws java.io.IOException {
        Path dataDir = Path.of(s.resolve(data, "data", ServerConfig.DEFAULT_DATA));
        StartupChecks.dataDir(dataDir, s.origin(data, "data"));
        String upstreams = s.resolve(upstream, "upstream", ServerConfig.DEFAULT_UPSTREAM);
        StartupChecks.upstreams(upstreams, s.origin(upstream, "upstream"));
        return new ServerConfig(
                listen,
                dataDir,
                upstreams,
                notNegative(s, listTtl, "list-ttl", "60s"),
                notNegative(s, negativeTtl, "negative-ttl", "30s"),
                timeout(s, connectTimeout, "connect-timeout", "10s"),
                timeout(s, readTimeout, "read-timeout", "30s"),
                timeout(s, fetchTimeout, "fetch-timeout", "10m"),
                positive(s.resolve(maxFetches, "max-fetches", "64"), s.origin(maxFetches, "max-fetches")),
                shutdownTimeout,
                offline,
                direct(s),
                sumdb(s, privateSumDb));
    }

    /** Timeouts must be positive: 0 would mean "fail at once" to the HTTP client, not "no timeout". */
    static Duration timeout(Setting s, String flagValue, String key, String defaultValue) {
        Duration d = s.duration(flagValue, key, defaultValue);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(s.origin(flagValue, key) + " must be a positive duration such as 30s, got \"" + s.resolve(flagValue, key, defaultValue) + "\"");
        }
        return d;
    }

    static Duration notNegative(Setting s, String flagValue, String key, String defaultValue) {
        Duration d = s.duration(flagValue, key, defaultValue);
        if (d.isNegative()) throw new IllegalArgumentException(s.origin(flagValue, key) + " must not be negative, got \"" + s.resolve(flagValue, key, defaultValue) + "\"");
        return d;
    }

    /** @param origin where the value came from, as Setting.origin says */
    static int positive(String v, String origin) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n > 0) return n;
        } catch (NumberFormatException ignored) { /* reported below */ }
        throw new IllegalArgumentException(origin + " must be a positive whole number, got \"" + v + "\"");
    }

}
