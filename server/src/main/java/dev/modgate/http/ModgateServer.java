package dev.modgate.http;

import dev.modgate.auth.Credentials;
import dev.modgate.auth.Netrc;
import dev.modgate.config.DirectConfig;
import dev.modgate.config.ServerConfig;
import dev.modgate.git.GitMirrors;
import dev.modgate.git.GitTransports;
import dev.modgate.source.DirectSource;
import dev.modgate.fetch.ModuleService;
import dev.modgate.fetch.UpstreamChain;
import dev.modgate.source.Outbound;
import dev.modgate.source.UpstreamList;
import dev.modgate.storage.ModuleStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/** Wires storage, upstreams and the HTTP layer into a running Jetty server. */
public final class ModgateServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;
    private final Outbound outbound;
    private final ModuleService service;
    private final ModuleStore store;
    private final UpstreamChain chain;
    private final GitMirrors mirrors;

    public ModgateServer(ServerConfig config, Map<String, String> env) throws IOException {
        UpstreamList upstreams = UpstreamList.parse(config.upstream());
        this.store = new ModuleStore(config.dataDir());
        this.outbound = new Outbound(config.connectTimeout(), config.readTimeout(), config.fetchTimeout(), config.maxFetches(), env);
        DirectConfig direct = config.direct();
        Credentials credentials = new Credentials(direct.credentials(), direct.netrc() == null ? Map.of() : Netrc.read(direct.netrc()));
        this.mirrors = new GitMirrors(store.root(), new GitTransports(config.maxFetches(), config.readTimeout(), outbound.proxies(), direct.sshDir()));
        DirectSource directSource = new DirectSource(direct, mirrors, credentials, outbound, config.listTtl(), config.fetchTimeout());
        this.chain = new UpstreamChain(upstreams, outbound, directSource, direct.noproxy());
        this.service = new ModuleService(store, chain, config.listTtl(), config.negativeTtl(), config.offline());

        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("modgate");
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // modgate validates paths itself (RequestParser) so that malformed ones get a text/plain reason, not Jetty's HTML page.
        http.setUriCompliance(UriCompliance.UNSAFE);
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        InetSocketAddress addr = parseListen(config.listen());
        connector.setHost(addr.getHostString());
        connector.setPort(addr.getPort());
        jetty.addConnector(connector);
        jetty.setHandler(new GracefulHandler(new ProxyHandler(service, config.listTtl(), config.negativeTtl(), connector.getByteBufferPool())));
        jetty.setErrorHandler(new PlainErrorHandler());
        jetty.setStopTimeout(config.shutdownTimeout().toMillis());
        jetty.setStopAtShutdown(false);
    }

    public static InetSocketAddress parseListen(String listen) {
        String s = listen.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("invalid listen address \"" + listen + "\" (want HOST:PORT, e.g. 127.0.0.1:3000 or :3000)");
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in listen address \"" + listen + "\"");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("invalid port in listen address \"" + listen + "\"");
        return host.isEmpty() ? new InetSocketAddress(port) : InetSocketAddress.createUnresolved(host, port);
    }

    public void start() throws Exception {
        jetty.start();
    }

    public int port() { return connector.getLocalPort(); }

    public String upstreams() { return chain.toString(); }

    public ModuleService service() { return service; }

    public ModuleStore store() { return store; }

    /** The git mirrors (and how often remotes were contacted). */
    public GitMirrors mirrors() { return mirrors; }

    public void join() throws InterruptedException { jetty.join(); }

    /** Stops accepting, lets in-flight downloads finish (up to the stop timeout), then closes upstream connections. */
    @Override public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            outbound.close();
            mirrors.close();
        }
    }
}
