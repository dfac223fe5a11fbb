package dev.modgate.http;

import dev.modgate.config.ServerConfig;
import dev.modgate.wiring.Pipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import java.util.concurrent.Executors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Wires storage, upstreams and the HTTP layer into a running Jetty server. */
public final class ModgateServer implements AutoCloseable {
    /**
     * One selector per core, like nginx's worker per core: cache hits are answered on the selector threads, so they
     * are what spreads the serving work over the cores (Jetty's default, half the cores, assumes hand-offs).
     */
    private static final int SELECTORS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private final Server jetty;
    private final ServerConnector connector;
    private final Pipeline pipeline;
    private final ProxyHandler handler;

    public ModgateServer(ServerConfig config, Map<String, String> env) throws IOException {
        this.pipeline = new Pipeline(config, env);

        // Platform threads run the selectors and answer cache hits where the request is parsed (ProxyHandler is
        // non-blocking); anything that may wait runs on a virtual thread of its own (ProxyHandler's executor, not
        // bounded, so a slow upstream never starves cache hits or /healthz; outbound concurrency is bounded
        // separately by --max-fetches), Jetty's blocking tasks on virtual threads too. Selectors on virtual threads
        // would add a hand-off through the JDK's poller per wake-up.
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("modgate");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("modgate-vt-", 0).factory()));
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // modgate validates paths itself (RequestParser) so that malformed ones get a text/plain reason, not Jetty's HTML page.
        http.setUriCompliance(UriCompliance.UNSAFE);
        this.connector = new ServerConnector(jetty, 1, SELECTORS, new HttpConnectionFactory(http));
        InetSocketAddress addr = parseListen(config.listen());
        connector.setHost(addr.getHostString());
        connector.setPort(addr.getPort());
        jetty.addConnector(connector);
        this.handler = new ProxyHandler(pipeline.modules(), config.offline(), pipeline.sumdbs().endpoints(), pipeline.vulnDbFiles(),
                config.listTtl(), config.negativeTtl());
        jetty.setHandler(new GracefulHandler(handler));
        jetty.setErrorHandler(new PlainErrorHandler(handler));
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

    /** Starts listening; an address that cannot be bound is an error saying why and what to do, and nothing is left open. */
    public void start() throws Exception {
        try {
            jetty.start();
        } catch (IOException e) {
            java.net.BindException bind = cause(e, java.net.BindException.class);
            boolean unresolved = cause(e, java.nio.channels.UnresolvedAddressException.class) != null
                    || cause(e, java.net.UnknownHostException.class) != null;
            if (bind == null && !unresolved) throw e;
            try {
                close();
            } catch (Exception ignored) {
                // Nothing was served; the bind error is what matters.
            }
            throw new IOException(unresolved
                    ? "cannot listen on " + connector.getHost() + ":" + connector.getPort() + ": host name not found: give --listen an IP address of this machine (127.0.0.1:PORT, or :PORT for all)"
                    : bindMessage(connector.getHost(), connector.getPort(), bind.getMessage()));
        }
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (; t != null; t = t.getCause()) if (type.isInstance(t)) return type.cast(t);
        return null;
    }

    /** The operating system's bind errors (Linux, macOS wording), said with what to do about them. */
    static String bindMessage(String host, int port, String osMessage) {
        String where = (host == null ? "" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String m = osMessage == null ? "" : osMessage.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("in use")) {
            return "cannot listen on " + where + ": the port is in use by another process (another modgate?): stop it, or choose another port with --listen HOST:PORT";
        }
        if (m.contains("assign requested address") || m.contains("not available")) {
            return "cannot listen on " + where + ": no network interface of this machine has that address: give --listen an address of this machine (127.0.0.1:PORT, or :PORT for all)";
        }
        if (m.contains("permission denied") || m.contains("access denied")) {
            return "cannot listen on " + where + ": permission denied (ports below 1024 need privileges): choose a port above 1023 with --listen HOST:PORT";
        }
        return "cannot listen on " + where + ": " + osMessage + ": check --listen";
    }

    public int port() { return connector.getLocalPort(); }

    public String upstreams() { return pipeline.upstreams(); }

    /** What this server serves: the data directory, the module chain, the checksum databases. */
    public Pipeline pipeline() { return pipeline; }

    public void join() throws InterruptedException { jetty.join(); }

    /** Stops accepting, lets in-flight downloads finish (up to the stop timeout), then closes upstream connections. */
    @Override public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            handler.flushAccessLog();
            pipeline.close();
        }
    }
}
