package dev.modgate.http;

import dev.modgate.fetch.Artifact;
import dev.modgate.fetch.FetchException;
import dev.modgate.fetch.ModuleService;
import dev.modgate.sumdb.SumDbEndpoints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of modgate. Every outcome (artifact, not found, bad request, upstream failure) becomes a status,
 * headers and body here and nowhere else, so all endpoints behave alike: text/plain error bodies the go command
 * prints, Cache-Control by kind, ETag/304, Range on zips, one access-log line per request.
 */
public final class ProxyHandler extends Handler.Abstract {
    private static final Logger access = LoggerFactory.getLogger("modgate.access");
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final int FILE_BUFFER = 64 * 1024;

    private final ModuleService service;
    private final SumDbEndpoints sumdb;
    private final String shortCache;
    private final String notFoundCache;
    private final ByteBufferPool.Sized buffers;

    public ProxyHandler(ModuleService service, SumDbEndpoints sumdb, Duration listTtl, Duration negativeTtl, ByteBufferPool pool) {
        this.service = service;
        this.sumdb = sumdb;
        this.shortCache = "public, max-age=" + Math.max(0, listTtl.toSeconds());
        this.notFoundCache = "public, max-age=" + Math.max(0, negativeTtl.toSeconds());
        this.buffers = new ByteBufferPool.Sized(pool, true, FILE_BUFFER);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        Outcome o;
        try {
            o = serve(request, response, method, rawPath);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ProxyHandler.class).error("internal error serving {} {}", method, rawPath, e);
            o = text(response, 500, "no-store", "internal error: " + e);
        }
        Outcome done = o;
        done.send.accept(new Callback() {
            @Override public void succeeded() {
                log(method, rawPath, done, start);
                callback.succeeded();
            }

            @Override public void failed(Throwable x) {
                log(method, rawPath, done, start);
                callback.failed(x);
            }

            @Override public InvocationType getInvocationType() { return callback.getInvocationType(); }
        });
        return true;
    }

    /** A decided response: status, what the log says about the cache, and how to send the body. */
    private record Outcome(int status, long bytes, String cache, java.util.function.Consumer<Callback> send) {}

    private Outcome serve(Request request, Response response, String method, String rawPath) {
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return text(response, 405, "no-store", "method " + method + " not allowed: the module proxy protocol uses GET and HEAD");
        }
        ProxyRequest pr;
        try {
            pr = RequestParser.parse(rawPath);
        } catch (BadRequestException e) {
            return text(response, e.status(), e.status() == 404 ? notFoundCache : "no-store", e.getMessage());
        }
        // goproxy's convention (also what proxy.golang.org's /cached-only offers): answer from the cache only.
        // The answer then depends on this header, which shared caches must know.
        response.getHeaders().put(HttpHeader.VARY, "Disable-Module-Fetch");
        boolean mayFetch = !service.offline() && !"true".equalsIgnoreCase(request.getHeaders().get("Disable-Module-Fetch"));
        try {
            Artifact a = switch (pr) {
                case ProxyRequest.Index i -> Artifact.bytes(banner(), Artifact.TEXT, Artifact.CacheStatus.HIT, false);
                case ProxyRequest.Health h -> Artifact.bytes("ok\n".getBytes(StandardCharsets.UTF_8), Artifact.TEXT, Artifact.CacheStatus.HIT, false);
                // (Index and Health get Cache-Control: no-store below: a cache must never answer a health check.)
                case ProxyRequest.SumDb s -> sumdb.serve(s.rest(), mayFetch);
                case ProxyRequest.List l -> service.list(l.module(), mayFetch);
                case ProxyRequest.Latest l -> service.latest(l.module(), mayFetch);
                case ProxyRequest.Info i -> ModuleService.isImmutableVersion(i.module(), i.version())
                        ? service.info(i.module(), i.version(), mayFetch)
                        : service.query(i.module(), i.version(), mayFetch);
                case ProxyRequest.Mod m -> service.mod(m.module(), m.version(), mayFetch);
                case ProxyRequest.Zip z -> service.zip(z.module(), z.version(), mayFetch);
            };
            boolean ranged = pr instanceof ProxyRequest.Zip;
            boolean uncacheable = pr instanceof ProxyRequest.Index || pr instanceof ProxyRequest.Health;
            return artifact(request, response, a, head, ranged, uncacheable);
        } catch (FetchException e) {
            String cc = e.isNotFound() && e.cacheable() ? notFoundCache : "no-store";
            return text(response, e.status(), cc, e.body());
        } catch (IOException e) {
            return text(response, 500, "no-store", "internal error: " + e.getMessage());
        }
    }

    private Outcome artifact(Request request, Response response, Artifact a, boolean head, boolean ranged, boolean uncacheable)
            throws IOException {
        var h = response.getHeaders();
        long length;
        String etag;
        SeekableByteChannel channel = null;
        if (a.file() != null) {
            // Size, ETag and content all from one open file: a file replaced meanwhile (a sidecar, or a second
            // process) can never be sent as a mix of two versions or cut short.
            channel = Files.newByteChannel(a.file(), StandardOpenOption.READ);
            length = channel.size();
            etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(Files.getLastModifiedTime(a.file()).toMillis()) + "\"";
        } else {
            length = a.bytes().length;
            etag = "\"" + sha256Prefix(a.bytes()) + "\"";
        }
        h.put(HttpHeader.CONTENT_TYPE, a.contentType());
        h.put(HttpHeader.ETAG, etag);
        h.put(HttpHeader.CACHE_CONTROL, uncacheable ? "no-store" : a.immutable() ? IMMUTABLE : shortCache);
        h.put("X-Modgate-Cache", a.cache().name());
        if (ranged) h.put(HttpHeader.ACCEPT_RANGES, "bytes");
        String cache = a.cache().name().toLowerCase();

        String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (inm != null && etagMatches(inm, etag)) {
            closeQuietly(channel);
            response.setStatus(304);
            return new Outcome(304, 0, cache, cb -> response.write(true, BufferUtil.EMPTY_BUFFER, cb));
        }

        long offset = 0, count = length;
        int status = 200;
        String range = ranged ? request.getHeaders().get(HttpHeader.RANGE) : null;
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            long[] r = ByteRange.parse(range, length);
            if (r == ByteRange.UNSATISFIABLE) {
                closeQuietly(channel);
                h.put(HttpHeader.CONTENT_RANGE, "bytes */" + length);
                return text(response, 416, "no-store", "requested range not satisfiable (file is " + length + " bytes)");
            }
            if (r != null) {
                offset = r[0];
                count = r[1] - r[0] + 1;
                status = 206;
                h.put(HttpHeader.CONTENT_RANGE, "bytes " + r[0] + "-" + r[1] + "/" + length);
            }
        }
        response.setStatus(status);
        h.put(HttpHeader.CONTENT_LENGTH, count);
        if (head) {
            closeQuietly(channel);
            return new Outcome(status, 0, cache, cb -> response.write(true, BufferUtil.EMPTY_BUFFER, cb));
        }
        long off = offset, n = count;
        if (channel != null) {
            SeekableByteChannel ch = channel;
            // Pooled direct buffers straight from the file channel to the socket: no copy through the Java heap.
            // The source closes the channel when it is done or fails.
            return new Outcome(status, n, cache, cb -> Content.copy(Content.Source.from(buffers, ch, off, n), response, cb));
        }
        ByteBuffer body = ByteBuffer.wrap(a.bytes(), (int) off, (int) n);
        return new Outcome(status, n, cache, cb -> response.write(true, body, cb));
    }

    private static void closeQuietly(SeekableByteChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing was sent from it.
        }
    }

    private Outcome text(Response response, int status, String cacheControl, String message) {
        String body = message.endsWith("\n") ? message : message + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, Artifact.TEXT);
        h.put(HttpHeader.CACHE_CONTROL, cacheControl);
        h.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        return new Outcome(status, bytes.length, "-", cb -> response.write(true, ByteBuffer.wrap(bytes), cb));
    }

    private static boolean etagMatches(String header, String etag) {
        for (String t : header.split(",")) {
            String s = t.strip();
            if (s.startsWith("W/")) s = s.substring(2);
            if (s.equals("*") || s.equals(etag)) return true;
        }
        return false;
    }

    private static String sha256Prefix(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] banner() {
        return ("modgate: a Go module proxy.\n"
                + "Point the go command at it: GOPROXY=<this URL> go mod download\n"
                + "Endpoints: /MODULE/@v/list, /MODULE/@v/VERSION.info|.mod|.zip, /MODULE/@latest, /sumdb/NAME/..., /healthz\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void log(String method, String path, Outcome o, long startNanos) {
        if (access.isInfoEnabled()) {
            long ms = (System.nanoTime() - startNanos) / 1_000_000;
            access.info("{} {} {} {}B {}ms {}", method, path, o.status(), o.bytes(), ms, o.cache());
        }
    }

}
