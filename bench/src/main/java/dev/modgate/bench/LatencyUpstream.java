package dev.modgate.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * A static GOPROXY upstream with a fixed latency before every answer, counting requests per path: the far-away
 * upstream of the cold-fetch benchmark. {@code GET /_stats[/PREFIX]} answers "requests=N distinct=D maxPerPath=M"
 * for the paths starting with /PREFIX, {@code GET /_reset} forgets all counts; neither is counted.
 *
 * <p>Usage: {@code LatencyUpstream ROOT PORT LATENCY_MS}; prints "listening PORT" when ready.
 */
public final class LatencyUpstream {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        int port = Integer.parseInt(args[1]);
        long latency = Long.parseLong(args[2]);
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        Server server = new Server(new VirtualThreadPool());
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getDecodedPath();
                if (path.equals("/_reset")) {
                    hits.clear();
                    text(response, callback, 200, "reset\n");
                    return true;
                }
                if (path.startsWith("/_stats")) {
                    String prefix = path.substring("/_stats".length()); // "/_stats/bench.example/cold/": only paths below
                    var counts = hits.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().get()).toArray();
                    int total = java.util.Arrays.stream(counts).sum();
                    int max = java.util.Arrays.stream(counts).max().orElse(0);
                    text(response, callback, 200, "requests=" + total + " distinct=" + counts.length + " maxPerPath=" + max + "\n");
                    return true;
                }
                hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(latency);
                Path f = root.resolve(path.substring(1)).normalize();
                if (!f.startsWith(root) || !Files.isRegularFile(f)) {
                    text(response, callback, 404, "not found: " + path + "\n");
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(f));
                Content.copy(Content.Source.from(null, f), response, callback);
                return true;
            }
        });
        server.start();
        System.out.println("listening " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }

    private static void text(Response response, Callback callback, int status, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback);
    }
}
