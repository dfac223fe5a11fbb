package dev.modgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A git hosting server on loopback, as real as a test can have one: git's own smart HTTP server
 * ({@code git http-backend}, run as CGI for each request) over a directory of repositories, and go-import pages
 * ({@code ?go-get=1}) for one host name, like a forge or a vanity-path server. Git requests can be required to carry
 * Basic credentials; the go-import pages stay public, as on most forges.
 */
public final class GitHttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final Path projectRoot;
    private final String metaHost;
    private final String authorization;
    /** go-import prefix -> "vcs repo" */
    private final Map<String, String> imports = new ConcurrentHashMap<>();
    private final AtomicInteger gitRequests = new AtomicInteger();
    private final AtomicInteger metaRequests = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /**
     * @param projectRoot directory holding the repositories (served at /NAME)
     * @param metaHost    the host name the go-import pages speak for (module paths start with it)
     * @param basicAuth   "user:password" required on git requests, or null
     */
    public GitHttpServer(Path projectRoot, String metaHost, String basicAuth) throws Exception {
        GoTool.require("git");
        this.projectRoot = projectRoot;
        this.metaHost = metaHost;
        this.authorization = basicAuth == null ? null
                : "Basic " + java.util.Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8));
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String query = request.getHttpURI().getQuery();
                if (query != null && query.contains("go-get=1")) {
                    metaRequests.incrementAndGet();
                    meta(request, response, callback);
                } else {
                    gitRequests.incrementAndGet();
                    git(request, response, callback);
                }
                return true;
            }
        });
        server.start();
    }

    /** Announces a go-import tag for module path prefix (e.g. git.example.test/basic). */
    public GitHttpServer goImport(String prefix, String vcs, String repo) {
        imports.put(prefix, vcs + " " + repo);
        return this;
    }

    public int port() { return connector.getLocalPort(); }

    public String url() { return "http://127.0.0.1:" + port(); }

    /** Requests to the git server (not counting go-import pages). */
    public int gitRequests() { return gitRequests.get(); }

    public int metaRequests() { return metaRequests.get(); }

    /** Authorization headers the git server received. */
    public List<String> authorizations() { return authorizations; }

    private void meta(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        String importPath = metaHost + (path.equals("/") ? "" : path.replaceAll("/+$", ""));
        // Like a forge: the page of any path inside a repository names the repository's root.
        String best = null;
        for (String prefix : imports.keySet()) {
            if ((importPath.equals(prefix) || importPath.startsWith(prefix + "/")) && (best == null || prefix.length() > best.length())) best = prefix;
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head>\n");
        if (best != null) html.append("<meta name=\"go-import\" content=\"").append(best).append(' ').append(imports.get(best)).append("\">\n");
        html.append("</head><body>go get ").append(importPath).append("</body></html>\n");
        response.setStatus(best == null ? 404 : 200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.write(true, ByteBuffer.wrap(html.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    private void git(Request request, Response response, Callback callback) throws IOException, InterruptedException {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null) authorizations.add(auth);
        if (authorization != null && !authorization.equals(auth)) {
            response.setStatus(401);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"git\"");
            response.write(true, ByteBuffer.wrap("authentication required\n".getBytes(StandardCharsets.UTF_8)), callback);
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("REQUEST_METHOD", request.getMethod());
        env.put("PATH_INFO", request.getHttpURI().getDecodedPath());
        env.put("QUERY_STRING", request.getHttpURI().getQuery() == null ? "" : request.getHttpURI().getQuery());
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("REMOTE_USER", authorization == null ? "" : "git");
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (ct != null) env.put("CONTENT_TYPE", ct);
        long len = request.getLength();
        if (len >= 0) env.put("CONTENT_LENGTH", Long.toString(len));
        String proto = request.getHeaders().get("Git-Protocol");
        if (proto != null) env.put("HTTP_GIT_PROTOCOL", proto);
        String enc = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        if (enc != null) env.put("HTTP_CONTENT_ENCODING", enc);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (InputStream in = Content.Source.asInputStream(request); OutputStream out = p.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the backend may stop reading early
            }
        });
        try (InputStream out = p.getInputStream()) {
            int status = 200;
            List<String[]> headers = new ArrayList<>();
            for (String line; !(line = readLine(out)).isEmpty(); ) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String name = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Status")) status = Integer.parseInt(value.split(" ")[0]);
                else headers.add(new String[] {name, value});
            }
            response.setStatus(status);
            for (String[] h : headers) response.getHeaders().add(h[0], h[1]);
            try (OutputStream body = Content.Sink.asOutputStream(response)) {
                out.transferTo(body);
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        } finally {
            feeder.join();
            p.waitFor();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override public void close() throws Exception {
        server.stop();
    }
}
