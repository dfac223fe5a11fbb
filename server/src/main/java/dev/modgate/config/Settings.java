package dev.modgate.config;

import static dev.modgate.config.SettingSpec.Command.BUNDLE;
import static dev.modgate.config.SettingSpec.Command.POLICY_EXPLAIN;
import static dev.modgate.config.SettingSpec.Command.POLICY_STATE;
import static dev.modgate.config.SettingSpec.Command.PREFETCH;
import static dev.modgate.config.SettingSpec.Command.SERVE;
import static dev.modgate.config.SettingSpec.Command.SUMDB_KEY;
import static dev.modgate.config.SettingSpec.Command.VULNDB;
import static dev.modgate.config.SettingSpec.named;

import dev.modgate.config.SettingSpec.Command;
import dev.modgate.config.SettingSpec.Kind;
import java.util.List;

/**
 * Every setting modgate takes, declared once: the flags of each command, the MODGATE_* environment variables, the
 * config-file keys, the defaults, the checks and the help all come from this table, and a test holds the README's
 * configuration table to it. The order here is the order of --help and of the README.
 */
public final class Settings {
    private Settings() {}

    public static final SettingSpec LISTEN = named("listen", Kind.TEXT).label("HOST:PORT").byDefault("127.0.0.1:3000").takenBy(SERVE)
            .help("Address to listen on (\":3000\" = all interfaces).");

    public static final SettingSpec DATA = named("data", Kind.DIRECTORY).byDefault("./modgate-data").takenBy(SERVE, PREFETCH, BUNDLE, SUMDB_KEY, POLICY_EXPLAIN, POLICY_STATE, Command.VULNDB_SYNC, VULNDB)
            .help("Data directory; itself a GOPROXY tree usable as GOPROXY=file://DIR. Created when missing by serve, prefetch and bundle import.");

    public static final SettingSpec UPSTREAM = named("upstream", Kind.TEXT).label("LIST").byDefault("https://proxy.golang.org,direct").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("Upstreams in GOPROXY syntax: URLs (https://, http://, file://), direct, off; \",\" falls through on 404/410 only, \"|\" on any error.",
                    "Checked at start: a URL without a valid host is refused; a file:// directory that does not exist yet is a warning.",
                    "https://user:secret@host sends those credentials to that host and port only, and never shows them.");

    public static final SettingSpec CONFIG = named("config", Kind.FILE).notInFile().takenBy(SERVE, PREFETCH, BUNDLE, SUMDB_KEY, POLICY_EXPLAIN, POLICY_STATE, Command.VULNDB_SYNC, VULNDB)
            .help("Config file: key = value lines, the keys being these options' names (a boolean key alone means true),",
                    "and the tables repo, rewrite, credentials, ssh-key (see README).");

    public static final SettingSpec LIST_TTL = named("list-ttl", Kind.DURATION_OR_ZERO).byDefault("60s").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("How long answers that change upstream are reused before asking again: @v/list and @latest (also their Cache-Control max-age,",
                    "and that of version queries), each upstream's stored list and the merged list, version queries, go-import and repository",
                    "lookups, and the --sumdb database's answers that cannot be verified (its latest tree head). Also how long an outage is",
                    "remembered, between 1s and 30s: every upstream failing (answers stale or failed at once meanwhile) and the --sumdb database",
                    "unreachable.");

    public static final SettingSpec NEGATIVE_TTL = named("negative-ttl", Kind.DURATION_OR_ZERO).byDefault("30s").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("How long a \"not found\" from every upstream is remembered, and the Cache-Control max-age of such a 404.");

    public static final SettingSpec CONNECT_TIMEOUT = named("connect-timeout", Kind.DURATION).byDefault("10s").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN, Command.VULNDB_SYNC)
            .help("Timeout for connecting to an upstream, go-import host or checksum database.");

    public static final SettingSpec READ_TIMEOUT = named("read-timeout", Kind.DURATION).byDefault("30s").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN, Command.VULNDB_SYNC)
            .help("Timeout for an upstream's response headers and for any stall while reading its body; also for a stalled git transfer.");

    public static final SettingSpec FETCH_TIMEOUT = named("fetch-timeout", Kind.DURATION).byDefault("10m").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN, Command.VULNDB_SYNC)
            .help("Longest a single upstream download may take, the wait for one of the --max-fetches permits included;",
                    "also the deadline of a git operation (the wait for the lock of its git mirror included).");

    public static final SettingSpec LOCK_WAIT = named("lock-wait", Kind.DURATION).byDefault("10m").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("Longest a request waits for a lock in the data directory (a module's version list, the checksum database's tree head)",
                    "that another request or another modgate process holds, before it fails saying so (a process that hangs holding it",
                    "must not hang this one). A git mirror's lock is waited for within --fetch-timeout.");

    public static final SettingSpec MAX_FETCHES = named("max-fetches", Kind.COUNT).byDefault("64").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("Most upstream requests (and, separately, git fetches) in flight at once; a host that go-import discovery reached",
                    "(not --upstream or --sumdb) gets an eighth of them, at least one.");

    public static final SettingSpec PRIVATE = named("private", Kind.PATTERNS).takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("Module path patterns of private modules (GOPRIVATE syntax: comma-separated globs matching path prefixes):",
                    "fetched from git only, never from an upstream proxy (whatever --upstream says, off included),",
                    "and allowed on internal addresses; never looked up in the --sumdb database unless --nosumdb says otherwise.");

    public static final SettingSpec NOPROXY = named("noproxy", Kind.PATTERNS).derivedDefault("--private").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("Module path patterns fetched from git only, never from an upstream proxy (GONOPROXY).");

    public static final SettingSpec INSECURE = named("insecure", Kind.PATTERNS).takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("Module path patterns whose go-import pages and repositories may be fetched over plain http or with unchecked certificates (GOINSECURE).");

    public static final SettingSpec NETRC = named("netrc", Kind.FILE).derivedDefault("$NETRC, else ~/.netrc").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN, Command.VULNDB_SYNC)
            .help("netrc file with credentials for git, go-import, upstream proxy and checksum database hosts; one named here must exist.");

    public static final SettingSpec SSH_DIR = named("ssh-dir", Kind.DIRECTORY).derivedDefault("~/.ssh").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("For ssh:// repositories: known_hosts (hosts must be in it), config and default keys; one named here must exist.",
                    "Per-host keys: ssh-key lines in the config file.");

    public static final SettingSpec SUMDB = named("sumdb", Kind.TEXT).label("GOSUMDB").byDefault(SumDbSpec.DEFAULT).takenBy(SERVE, PREFETCH, BUNDLE, POLICY_EXPLAIN)
            .help("Checksum database in GOSUMDB syntax (name, name+key, \"name+key url\", or off; sum.golang.google.cn is sum.golang.org reached there):",
                    "serve and prefetch verify every download against it before it is stored, and serve proxies it at /sumdb/NAME/;",
                    "bundle export carries its lookups, tree head and tiles, bundle import verifies them with its key.");

    public static final SettingSpec NOSUMDB = named("nosumdb", Kind.PATTERNS).derivedDefault("--private").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("Module path patterns never looked up in the --sumdb database, nor verified against it: their names must not leak (GONOSUMDB).");

    public static final SettingSpec SUMDB_REQUIRED = named("sumdb-required", Kind.BOOLEAN).byDefault("false").takenBy(SERVE, PREFETCH, POLICY_EXPLAIN)
            .help("Refuse downloads while the --sumdb database cannot be reached at all. When false: serve them unverified, with a warning",
                    "in the log (the go command still verifies them against its own GOSUMDB), verified once the database answers again",
                    "(a stored copy it refuses then is quarantined); mismatches are always refused.");

    public static final SettingSpec SHUTDOWN_TIMEOUT = named("shutdown-timeout", Kind.DURATION_OR_ZERO).byDefault("30s").takenBy(SERVE)
            .help("On SIGTERM or Ctrl-C, how long in-flight downloads may take to finish.");

    public static final SettingSpec OFFLINE = named("offline", Kind.BOOLEAN).byDefault("false").takenBy(SERVE)
            .help("Never contact an upstream: answer from the data directory only; @v/list and @latest from the stored versions, a miss is a 404 saying so.");

    public static final SettingSpec PRIVATE_SUMDB = named("private-sumdb", Kind.TEXT).label("NAME").takenBy(SERVE)
            .help("Run a checksum database of modgate's own at /sumdb/NAME/ (NAME being host[/path]) that logs the h1 sums of every module",
                    "version served (private ones included; public ones once --sumdb verified them); clients set GOSUMDB=\"NAME+KEY\",",
                    "the key printed by `modgate sumdb key`.");

    public static final SettingSpec POLICY = named("policy", Kind.FILE).takenBy(SERVE, PREFETCH, BUNDLE, POLICY_EXPLAIN)
            .help("Policy file: which module versions may come in (allow/deny with version ranges, pins, cooldown, retracted versions,",
                    "a webhook; README \"Policy\"). A denied or held version's .zip is refused with 403 and the rule, and it is left out of",
                    "@v/list and @latest; .info and .mod stay answered. Read again when it changes (or on SIGHUP); a file that does not parse",
                    "keeps the previous policy. Check one with `modgate policy check FILE`.");

    public static final SettingSpec VULNDB_URL = named("vulndb-url", Kind.TEXT).label("URL").byDefault("https://vuln.go.dev").takenBy(SERVE, Command.VULNDB_SYNC)
            .help("The Go vulnerability database that `modgate vulndb sync` (unless given --from) and serve --vulndb-sync copy into the data",
                    "directory: https://, http:// (through the outbound settings; https://user:secret@host sends those credentials to that host",
                    "and port only) or file:// (a directory in the v1 layout, an unpacked vulndb.zip). README \"Vulnerability database mirror\".");

    public static final SettingSpec VULNDB_SYNC = named("vulndb-sync", Kind.DURATION_OR_ZERO).byDefault("0").takenBy(SERVE)
            .help("How often serve syncs the vulnerability database from --vulndb-url, in the background (at start, then every DURATION;",
                    "a failure is logged and the snapshot in force stays); 0: never (sync or import with `modgate vulndb`).",
                    "Either way serve answers govulncheck at /vulndb/ from the snapshot in force.");

    /** Every setting, in the order of help and the README. */
    public static final List<SettingSpec> ALL = List.of(LISTEN, DATA, UPSTREAM, CONFIG, LIST_TTL, NEGATIVE_TTL, CONNECT_TIMEOUT,
            READ_TIMEOUT, FETCH_TIMEOUT, LOCK_WAIT, MAX_FETCHES, PRIVATE, NOPROXY, INSECURE, NETRC, SSH_DIR, SUMDB, NOSUMDB,
            SUMDB_REQUIRED, SHUTDOWN_TIMEOUT, OFFLINE, PRIVATE_SUMDB, POLICY, VULNDB_URL, VULNDB_SYNC);

    /** Keys a config file may hold; anything else is a typo the user should hear about. */
    public static final List<String> KEYS = ALL.stream().filter(SettingSpec::inFile).map(SettingSpec::name).toList();

    /** Keys that are on or off; in the config file such a key alone means true, as its flag does. */
    public static final List<String> BOOLEANS = ALL.stream().filter(s -> s.kind() == Kind.BOOLEAN).map(SettingSpec::name).toList();

    /** Config-file tables: lines "name ARG = VALUE" (see DirectConfig). */
    public static final List<String> TABLES = List.of("repo", "rewrite", "credentials", "ssh-key");

    /** The settings a command takes, in declaration order. */
    public static List<SettingSpec> of(Command command) {
        return ALL.stream().filter(s -> s.commands().contains(command)).toList();
    }
}
