package dev.modgate.testing;

import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.config.SumDbConfig;
import dev.modgate.http.ModgateServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** modgate running in this JVM on a loopback port, with test-friendly timeouts. */
public final class TestModgate implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final ModgateServer server;

    public TestModgate(Path data, String upstream) throws Exception {
        this(config(data, upstream).build(), Map.of());
    }

    public TestModgate(ServerConfig.Builder cfg, Map<String, String> env) throws Exception {
        this(cfg.build(), env);
    }

    public TestModgate(ServerConfig cfg, Map<String, String> env) throws Exception {
        server = new ModgateServer(cfg, env);
        server.start();
    }

    /** A loopback port, no checksum database, shorter timeouts than serve's: a test sets what it is about on top. */
    public static ServerConfig.Builder config(Path data, String upstream) {
        return ServerConfig.builder().listen("127.0.0.1:0").dataDir(data).upstream(upstream)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).fetchTimeout(Duration.ofMinutes(2))
                .lockWait(Duration.ofMinutes(2)).shutdownTimeout(Duration.ofSeconds(10)).direct(DirectConfig.none()).sumdb(SumDbConfig.off());
    }

    public String url() { return "http://127.0.0.1:" + server.port(); }

    public int port() { return server.port(); }

    public ModgateServer server() { return server; }

    public HttpResponse<byte[]> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build());
    }

    public HttpResponse<byte[]> send(HttpRequest req) throws Exception {
        return HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override public void close() throws Exception { server.close(); }
}
