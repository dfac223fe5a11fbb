package dev.modgate.testing;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real HTTP server on loopback that serves a directory as static files, the way a plain GOPROXY tree behind any
 * web server is served. Counts requests per path and can add latency, so tests can see what reached the upstream.
 */
public final class StaticHttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicInteger forcedStatus = new AtomicInteger();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();

    public StaticHttpServer(Path root) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getDecodedPath();
                hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                long d = delayMillis.get();
                if (d > 0) {
                    try {
                        Thread.sleep(d);
                    } catch (InterruptedException stopping) {
                        // The server stops while a slow answer waits: end it quietly (thrown on, Jetty logs a 500 with
                        // a stack trace for what is only the test's teardown).
                        Thread.currentThread().interrupt();
                        Response.writeError(request, response, callback, 503, "test server stopping");
                        return true;
                    }
                }
                int forced = forcedStatus.get();
                if (forced != 0) {
                    Response.writeError(request, response, callback, forced, "forced failure");
                    return true;
                }
                String location = redirects.get(path);
                if (location != null) {
                    response.setStatus(302);
                    response.getHeaders().put(HttpHeader.LOCATION, location);
                    response.write(true, ByteBuffer.allocate(0), callback);
                    return true;
                }
                Path f = root.resolve(path.substring(1)).normalize();
                if (!f.startsWith(root) || !Files.isRegularFile(f)) {
                    response.setStatus(404);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                    response.write(true, ByteBuffer.wrap(("not found: " + path + "\n").getBytes()), callback);
                    return true;
                }
                byte[] body = Files.readAllBytes(f);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
    }

    public String url() { return "http://127.0.0.1:" + connector.getLocalPort(); }

    public int port() { return connector.getLocalPort(); }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Every path requested so far. */
    public java.util.Set<String> requestedPaths() { return java.util.Set.copyOf(hits.keySet()); }

    public int totalHits() { return hits.values().stream().mapToInt(AtomicInteger::get).sum(); }

    public void delay(Duration d) { delayMillis.set(d.toMillis()); }

    /** Requests for this path are answered 302 Found with this Location from now on. */
    public void redirect(String path, String location) { redirects.put(path, location); }

    /** Every request answers this status from now on (0 = serve normally). */
    public void failWith(int status) { forcedStatus.set(status); }

    @Override public void close() throws Exception { server.stop(); }
}
