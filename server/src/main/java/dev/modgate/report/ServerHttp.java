package dev.modgate.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The requests the report makes of a running modgate beside the module proxy's (those go through a
 * {@link dev.modgate.prefetch.RemoteFetcher}): the vulnerability database at /vulndb/, and HEAD on a .zip for the
 * policy's decision.
 */
public final class ServerHttp implements AutoCloseable {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Duration timeout;

    /** @param serverUrl checked already (the RemoteFetcher refuses what is not an http(s) URL) */
    public ServerHttp(String serverUrl, Duration timeout) {
        this.base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        this.timeout = timeout;
    }

    public String base() { return base; }

    HttpResponse<byte[]> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<Void> head(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(r, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException(r.method() + " " + r.uri() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    @Override public void close() {
        http.close();
    }
}
