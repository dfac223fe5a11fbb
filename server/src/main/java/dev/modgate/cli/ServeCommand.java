package dev.modgate.cli;

import dev.modgate.config.ConfigFile;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.GoDuration;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.Setting;
import dev.modgate.http.ModgateServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the proxy. Point the go command at it with GOPROXY=http://HOST:PORT.",
            "",
            "Every option can also be set as an environment variable (MODGATE_ + the option name in upper case, "
                + "dashes as underscores: MODGATE_LIST_TTL) or in the config file (key = value, keys as the option names). "
                + "Flags win over the environment, the environment over the file.",
            ""},
        sortOptions = false)
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default " + ServerConfig.DEFAULT_LISTEN + "; \":3000\" = all interfaces).")
    String listen;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory; itself a GOPROXY tree usable as GOPROXY=file://DIR (default " + ServerConfig.DEFAULT_DATA + ").")
    String data;

    @Option(names = "--upstream", paramLabel = "LIST", description = {
        "Upstreams in GOPROXY syntax (default " + ServerConfig.DEFAULT_UPSTREAM + "):",
        "URLs (https://, http://, file://), direct, off; \",\" falls through on 404/410 only, \"|\" on any error."})
    String upstream;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (key = value lines). Env: MODGATE_CONFIG.")
    String config;

    @Option(names = "--list-ttl", paramLabel = "DURATION", description = "How long @v/list and @latest answers are reused before asking upstream again (default 60s).")
    String listTtl;

    @Option(names = "--negative-ttl", paramLabel = "DURATION", description = "How long a \"not found\" from every upstream is remembered (default 30s).")
    String negativeTtl;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "Timeout for connecting to an upstream (default 10s).")
    String connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", description = "Timeout for an upstream's response headers and for any stall while reading its body (default 30s).")
    String readTimeout;

    @Option(names = "--fetch-timeout", paramLabel = "DURATION", description = "Longest a single upstream download may take (default 10m).")
    String fetchTimeout;

    @Option(names = "--max-fetches", paramLabel = "N", description = "Most upstream requests in flight at once (default 64).")
    String maxFetches;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", description = "On SIGTERM, how long in-flight downloads may take to finish (default 30s).")
    String shutdownTimeout;

    @Option(names = "--offline", description = "Never contact an upstream: answer from the data directory only; @v/list and @latest from the stored versions, a miss is a 404 saying so.")
    Boolean offline;

    @Option(names = "--private", paramLabel = "PATTERNS", description = {
        "Module path patterns (GOPRIVATE syntax: comma-separated globs matching path prefixes) of private modules:",
        "fetched from version control only, never from an upstream proxy (whatever --upstream says, off included),",
        "and allowed to live on internal addresses. Default: none."})
    String privatePatterns;

    @Option(names = "--noproxy", paramLabel = "PATTERNS", description = "Module path patterns fetched from version control only, never from an upstream proxy (GONOPROXY; default: --private).")
    String noproxy;

    @Option(names = "--insecure", paramLabel = "PATTERNS", description = "Module path patterns whose go-import pages and repositories may be fetched over plain http or with unchecked certificates (GOINSECURE). Default: none.")
    String insecure;

    @Option(names = "--netrc", paramLabel = "FILE", description = "netrc file with credentials for git and go-import hosts (default $NETRC, else ~/.netrc).")
    String netrc;

    @Override public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        ServerConfig cfg = resolve(env);
        ModgateServer server = new ModgateServer(cfg, env);
        server.start();
        log.info("modgate listening on http://{} data={} upstream={}{}{}", hostPort(cfg.listen(), server.port()), server.store().root(),
                server.upstreams(), cfg.direct().noproxy().isEmpty() ? "" : " noproxy=" + cfg.direct().noproxy(),
                cfg.offline() ? " OFFLINE (no upstream is contacted)" : "");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: finishing in-flight requests (up to {})", GoDuration.format(cfg.shutdownTimeout()));
            try {
                server.close();
            } catch (Exception e) {
                log.warn("shutdown: {}", e.toString());
            }
            log.info("stopped");
            stopped.countDown();
        }, "modgate-shutdown"));
        server.join();
        stopped.await();
        return 0;
    }

    ServerConfig resolve(Map<String, String> env) throws Exception {
        String configPath = config != null ? config : env.get("MODGATE_CONFIG");
        ConfigFile.Contents file = configPath == null ? ConfigFile.Contents.EMPTY : ConfigFile.parse(Path.of(configPath), Setting.KEYS, Setting.TABLES);
        Setting s = new Setting(env, file.settings());
        String priv = s.resolve(privatePatterns, "private", "");
        DirectConfig direct = DirectConfig.of(
                priv,
                s.resolve(noproxy, "noproxy", null),
                s.resolve(insecure, "insecure", ""),
                Path.of(s.resolve(netrc, "netrc", DirectConfig.defaultNetrc(env).toString())),
                file.tables());
        return new ServerConfig(
                s.resolve(listen, "listen", ServerConfig.DEFAULT_LISTEN),
                Path.of(s.resolve(data, "data", ServerConfig.DEFAULT_DATA)),
                s.resolve(upstream, "upstream", ServerConfig.DEFAULT_UPSTREAM),
                GoDuration.parse(s.resolve(listTtl, "list-ttl", "60s")),
                GoDuration.parse(s.resolve(negativeTtl, "negative-ttl", "30s")),
                GoDuration.parse(s.resolve(connectTimeout, "connect-timeout", "10s")),
                GoDuration.parse(s.resolve(readTimeout, "read-timeout", "30s")),
                GoDuration.parse(s.resolve(fetchTimeout, "fetch-timeout", "10m")),
                positive(s.resolve(maxFetches, "max-fetches", "64"), "max-fetches"),
                GoDuration.parse(s.resolve(shutdownTimeout, "shutdown-timeout", "30s")),
                bool(s.resolve(offline == null ? null : offline.toString(), "offline", "false"), "offline"),
                direct);
    }

    private static boolean bool(String v, String name) {
        return switch (v.strip().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException("--" + name + " must be true or false, got \"" + v + "\"");
        };
    }

    private static int positive(String v, String name) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n > 0) return n;
        } catch (NumberFormatException ignored) { /* reported below */ }
        throw new IllegalArgumentException("--" + name + " must be a positive whole number, got \"" + v + "\"");
    }

    private static String hostPort(String listen, int port) {
        String host = ModgateServer.parseListen(listen).getHostString();
        if (host.equals("0.0.0.0") || host.isEmpty()) host = "0.0.0.0";
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
