package dev.modgate.prefetch;

import dev.modgate.module.ArtifactChecks;
import dev.modgate.source.UrlPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Prefetch by asking a running modgate (or any GOPROXY) for each artifact, so it fills its own cache. */
public final class RemoteFetcher implements ModuleFetcher {
    private final String base;
    private final HttpClient http;
    private final Duration timeout;

    public RemoteFetcher(String serverUrl, Duration timeout) {
        this.base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        URI u;
        try {
            u = new URI(base);
        } catch (java.net.URISyntaxException e) {
            u = null;
        }
        if (u == null || u.getHost() == null || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
            throw new IllegalArgumentException("--server " + serverUrl + ": not an http:// or https:// URL: give the address modgate serves at, such as http://127.0.0.1:3000");
        }
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override public String resolve(String path, String query) throws IOException {
        return version(path, UrlPaths.versionFile(path, query, "info"));
    }

    @Override public String latest(String path) throws IOException {
        return version(path, UrlPaths.latest(path));
    }

    /**
     * The Version of an .info answer, read as the go command reads it; anything else is said to be what it is, not
     * a parser error.
     */
    private String version(String path, String requestPath) throws IOException {
        byte[] body = small(requestPath);
        try {
            return ArtifactChecks.info(path, body);
        } catch (dev.modgate.net.SourceException e) {
            throw new ModuleFetcher.PermanentException(base + requestPath + ": not a module proxy's answer (" + e.getMessage()
                    + "): is --server a GOPROXY such as modgate?");
        }
    }

    @Override public byte[] goMod(String path, String version) throws IOException {
        return small(UrlPaths.versionFile(path, version, "mod"));
    }

    @Override public java.util.List<String> versions(String path) throws IOException {
        return new String(small(UrlPaths.list(path)), StandardCharsets.UTF_8).lines().map(l -> l.split(" ")[0]).filter(l -> !l.isEmpty()).toList();
    }

    @Override public Fetched mod(String path, String version) throws IOException {
        return drain(UrlPaths.versionFile(path, version, "mod"));
    }

    @Override public Fetched zip(String path, String version) throws IOException {
        return drain(UrlPaths.versionFile(path, version, "zip"));
    }

    @Override public Fetched info(String path, String version) throws IOException {
        return drain(UrlPaths.versionFile(path, version, "info"));
    }

    private byte[] small(String requestPath) throws IOException {
        HttpResponse<byte[]> r = send(requestPath, HttpResponse.BodyHandlers.ofByteArray());
        check(requestPath, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    private Fetched drain(String requestPath) throws IOException {
        HttpResponse<InputStream> r = send(requestPath, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                String text = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
                check(requestPath, r.statusCode(), () -> text);
            }
            long n = in.transferTo(java.io.OutputStream.nullOutputStream());
            return new Fetched(n, !"HIT".equals(r.headers().firstValue("X-Modgate-Cache").orElse("")));
        }
    }

    /** Fails at once, saying so, when nothing answers at the server's address (before any module is resolved). */
    public void checkReachable() throws IOException {
        send("/", HttpResponse.BodyHandlers.discarding());
    }

    private <T> HttpResponse<T> send(String requestPath, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + requestPath)).timeout(timeout).GET().build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * The HTTP client's failures say only "java.net.ConnectException" (no message) or the like: said here as what
     * happened and what to do. Transient (not a PermanentException): the runner retries them.
     */
    private IOException unreachable(IOException e) {
        String why;
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            why = "no connection within 10s: is the address right and reachable from here?";
        } else if (e instanceof java.net.http.HttpTimeoutException) {
            why = "no answer within " + dev.modgate.core.text.GoDuration.format(timeout) + ": is the server overloaded or stuck?";
        } else if (e instanceof java.net.ConnectException || causedBy(e, java.net.ConnectException.class)) {
            why = "connection refused: is modgate serve running there? Start it, or fix --server";
        } else if (causedBy(e, java.nio.channels.UnresolvedAddressException.class) || causedBy(e, java.net.UnknownHostException.class)) {
            why = "host not found: fix the host name in --server";
        } else if (causedBy(e, javax.net.ssl.SSLException.class)) {
            why = "TLS failed (" + rootMessage(e) + "): does it serve https, and with a certificate this machine trusts?";
        } else {
            why = "connection failed (" + rootMessage(e) + ")";
        }
        return new IOException("cannot reach --server " + base + ": " + why, e);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null) r = r.getCause();
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }

    private static void check(String requestPath, int status, java.util.function.Supplier<String> body) throws IOException {
        if (status == 200) return;
        String msg = requestPath + ": " + status + " " + body.get().strip().replace("\n\t", "; ").replace('\n', ' ');
        if (status < 500) throw new PermanentException(msg);
        throw new IOException(msg);
    }

    @Override public void close() {
        http.close();
    }
}
