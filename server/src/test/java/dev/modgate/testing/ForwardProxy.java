package dev.modgate.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A plain-HTTP forward proxy on loopback, as corporate networks have: it receives absolute-form requests
 * ("GET http://host:port/path"), resolves every host to 127.0.0.1 (so made-up host names work only through it),
 * and can demand Basic credentials.
 */
public final class ForwardProxy implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public ForwardProxy(String requiredAuthorization) throws Exception {
        this(requiredAuthorization, 80);
    }

    /** @param defaultPort where requests without a port go (a fixture server standing in for port 80) */
    public ForwardProxy(String requiredAuthorization, int defaultPort) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
                var uri = request.getHttpURI();
                if (requiredAuthorization != null && !requiredAuthorization.equals(request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION))) {
                    response.setStatus(407);
                    response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, "Basic realm=\"corp\"");
                    response.write(true, ByteBuffer.allocate(0), callback);
                    return true;
                }
                seen.add(uri.toString());
                URI target = URI.create("http://127.0.0.1:" + (uri.getPort() > 0 ? uri.getPort() : defaultPort) + uri.getPathQuery());
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(target).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                response.setStatus(r.statusCode());
                r.headers().firstValue("content-type").ifPresent(ct -> response.getHeaders().put(HttpHeader.CONTENT_TYPE, ct));
                response.write(true, ByteBuffer.wrap(r.body()), callback);
                return true;
            }
        });
        server.start();
    }

    public String url() { return "http://127.0.0.1:" + connector.getLocalPort(); }

    /** Absolute URIs the proxy forwarded. */
    public List<String> seen() { return seen; }

    @Override public void close() throws Exception {
        server.stop();
        client.close();
    }
}
