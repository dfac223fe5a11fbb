package dev.modgate.cli;

import dev.modgate.core.text.GoDuration;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.SettingValues;
import dev.modgate.config.Settings;
import dev.modgate.http.ModgateServer;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "serve",
        mixinStandardHelpOptions = true,
        modelTransformer = SettingOptions.Serve.class,
        description = {
            "Runs the proxy. Point the go command at it with GOPROXY=http://HOST:PORT.",
            "",
            "Every option can also be set as an environment variable (MODGATE_ + the option name in upper case, "
                + "dashes as underscores: MODGATE_LIST_TTL) or in the config file (key = value, keys as the option names, "
                + "# comments, \"double\" or 'single' quotes around a value; a boolean key alone means true). "
                + "Flags win over the environment, the environment over the file. Durations are Go's (30s, 5m, 1h30m; a bare "
                + "number only as 0), booleans true or false (or 1, 0, t, f as Go's flags).",
            ""},
        sortOptions = false)
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    /** Its options are the settings that Settings declares for serve (SettingOptions.Serve). */
    @Spec CommandSpec spec;

    @Override public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        ServerConfig cfg = resolve(env);
        ModgateServer server = new ModgateServer(cfg, env);
        server.start();
        log.info("modgate listening on http://{} data={} upstream={}{} sumdb={}{}{}", hostPort(cfg.listen(), server.port()), server.pipeline().store().describe(),
                server.upstreams(), cfg.direct().noproxy().isEmpty() ? "" : " noproxy=" + cfg.direct().noproxy(),
                cfg.sumdb().publicDb() == null ? "off" : cfg.sumdb().publicDb(),
                cfg.sumdb().noSumDb().isEmpty() ? "" : " nosumdb=" + cfg.sumdb().noSumDb(),
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
        SettingValues s = SettingOptions.values(spec, env);
        String listen = s.text(Settings.LISTEN);
        var shutdownTimeout = s.duration(Settings.SHUTDOWN_TIMEOUT);
        boolean offline = s.bool(Settings.OFFLINE);
        if (!s.duration(Settings.VULNDB_SYNC).isZero()) {
            try {
                dev.modgate.vuln.VulnDbSync.parse(s.text(Settings.VULNDB_URL));
            } catch (dev.modgate.vuln.VulnDbException e) {
                throw new IllegalArgumentException(s.origin(Settings.VULNDB_URL) + ": " + e.getMessage());
            }
        }
        return ServerSettings.config(s, s.text(Settings.PRIVATE_SUMDB))
                .listen(listen).shutdownTimeout(shutdownTimeout).offline(offline)
                .vulndbSync(s.duration(Settings.VULNDB_SYNC)).vulndbUrl(s.text(Settings.VULNDB_URL)).build();
    }

    private static String hostPort(String listen, int port) {
        String host = ModgateServer.parseListen(listen).getHostString();
        if (host.equals("0.0.0.0") || host.isEmpty()) host = "0.0.0.0";
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
