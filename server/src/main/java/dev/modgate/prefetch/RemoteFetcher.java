package dev.modgate.prefetch;

import dev.modgate.fetch.ArtifactChecks;
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
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override public String resolve(String path, String query) throws IOException {
        return ArtifactChecks.info(path, small(UrlPaths.versionFile(path, query, "info"))); // as the go command reads it
    }

    @Override public String latest(String path) throws IOException {
        return ArtifactChecks.info(path, small(UrlPaths.latest(path)));
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

    private <T> HttpResponse<T> send(String requestPath, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + requestPath)).timeout(timeout).GET().build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
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
