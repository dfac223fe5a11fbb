package dev.modgate.http;

import dev.modgate.fetch.Artifact;
import dev.modgate.fetch.FetchException;
import dev.modgate.fetch.ModuleService;
import dev.modgate.storage.LocalFailures;
import dev.modgate.sumdb.SumDbEndpoints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ArrayByteBufferPool;
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
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /**
     * Files not kept mapped are read into pooled direct buffers of this size, a buffer per response at a time: 64
     * downloads of 100 MB zips hold 16 MB. Measured on 100 MB zips at 64 connections, CPU per GB sent: 64 KB buffers
     * 0.35-0.40 s, 256 KB 0.30 s, 1 MB 0.35-0.37 s; mapping and unmapping 2 MB windows of the file instead, 0.78-0.81
     * s (page faults on every first touch, a TLB shootdown across cores on every unmap).
     */
    private static final int FILE_BUFFER = 256 * 1024;

    private final ModuleService service;
    private final SumDbEndpoints sumdb;
    private final String shortCache;
    private final String notFoundCache;
    private final ByteBufferPool.Sized buffers;
    private final AccessLog accessLog = new AccessLog();
    /** Where requests that may wait run: one virtual thread each. */
    private final Executor blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("modgate-request-", 0).factory());

    public ProxyHandler(ModuleService service, SumDbEndpoints sumdb, Duration listTtl, Duration negativeTtl) {
        super(InvocationType.NON_BLOCKING);
        this.service = service;
        this.sumdb = sumdb;
        this.shortCache = "public, max-age=" + Math.max(0, listTtl.toSeconds());
        this.notFoundCache = "public, max-age=" + Math.max(0, negativeTtl.toSeconds());
        // A pool of their own: the connector's pools nothing larger than 64 KB, and an unpooled direct buffer per
        // read would be freed only by a garbage collection. Keeps at most 32 MB of idle buffers.
        this.buffers = new ByteBufferPool.Sized(new ArrayByteBufferPool(0, FILE_BUFFER, FILE_BUFFER, -1, 0, 32L << 20), true, FILE_BUFFER);
    }

    /**
     * Runs where Jetty parsed the request (the handler is non-blocking): anything answerable at once, a malformed
     * request or a cache hit, is answered right there without a thread hand-off; everything that may wait (an
     * upstream fetch, a version list to merge, a lock) continues on a virtual thread of its own.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        Outcome o;
        ProxyRequest pr = null;
        try {
            boolean head = HttpMethod.HEAD.is(method);
            if (!head && !HttpMethod.GET.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                o = text(response, 405, "no-store", "method " + method + " not allowed: the module proxy protocol uses GET and HEAD");
            } else {
                try {
                    forgetMovedFiles();
                    // goproxy's convention (also what proxy.golang.org's /cached-only offers): answer from the cache
                    // only. The answer then depends on this header, which shared caches must know.
                    Artifact known = hotPaths.get(rawPath);
                    MappedZips.Entry zip = known == null && rawPath.endsWith(".zip") ? zips.get(rawPath) : null;
                    String listOf = known == null && zip == null ? listPaths.get(rawPath) : null;
                    Artifact list = listOf != null && mayFetch(request) ? service.cachedList(listOf).orElse(null) : null;
                    if (zip != null) {
                        response.getHeaders().put(HttpHeader.VARY, "Disable-Module-Fetch");
                        o = mapped(request, response, zip, head);
                    } else if (known != null || list != null) {
                        response.getHeaders().put(HttpHeader.VARY, "Disable-Module-Fetch");
                        o = artifact(request, response, known != null ? known : list, head, false, false);
                    } else {
                        pr = RequestParser.parse(rawPath);
                        response.getHeaders().put(HttpHeader.VARY, "Disable-Module-Fetch");
                        o = answerNow(request, response, pr, head, rawPath);
                    }
                } catch (BadRequestException e) {
                    o = text(response, e.status(), e.status() == 404 ? notFoundCache : "no-store", e.getMessage());
                }
            }
        } catch (RuntimeException | IOException e) {
            o = internalError(response, method, rawPath, e);
        }
        if (o != null) {
            send(o, request, method, rawPath, start, callback);
            return true;
        }
        ProxyRequest parsed = pr;
        blocking.execute(() -> {
            Outcome b;
            try {
                b = serve(request, response, parsed, HttpMethod.HEAD.is(method));
            } catch (RuntimeException e) {
                b = internalError(response, method, rawPath, e);
            }
            send(b, request, method, rawPath, start, callback);
        });
        return true;
    }

    /** Details (an exception's message may name files of this server) go to the log, never to the client. */
    private Outcome internalError(Response response, String method, String rawPath, Exception e) {
        LoggerFactory.getLogger(ProxyHandler.class).error("internal error serving {} {}", method, rawPath, e);
        IOException io = e instanceof IOException x ? x : e.getCause() instanceof IOException c ? c : null;
        if (io != null) {
            return text(response, LocalFailures.status(io), "no-store", LocalFailures.reason("serve " + rawPath, io));
        }
        return text(response, 500, "no-store", "internal error serving " + rawPath + " (" + e.getClass().getSimpleName() + "; details in the modgate log)");
    }

    private void send(Outcome done, Request request, String method, String rawPath, long start, Callback callback) {
        done.send.accept(new Callback() {
            @Override public void succeeded() {
                log(request, method, rawPath, done, start);
                callback.succeeded();
            }

            @Override public void failed(Throwable x) {
                log(request, method, rawPath, done, start);
                callback.failed(x);
            }

            @Override public InvocationType getInvocationType() { return callback.getInvocationType(); }
        });
    }

    /** A decided response: status, what the log says about the cache, how to send the body, and an error's reason (else null). */
    private record Outcome(int status, long bytes, String cache, java.util.function.Consumer<Callback> send, String reason) {
        Outcome(int status, long bytes, String cache, java.util.function.Consumer<Callback> send) {
            this(status, bytes, cache, send, null);
        }
    }

    /** The answer when it needs no waiting (modgate's own endpoints, stored artifacts, a merged list in memory), else null. */
    private Outcome answerNow(Request request, Response response, ProxyRequest pr, boolean head, String rawPath) throws IOException {
        Artifact a = switch (pr) {
            case ProxyRequest.Index i -> Artifact.bytes(BANNER, Artifact.TEXT, Artifact.CacheStatus.HIT, false);
            case ProxyRequest.Health h -> Artifact.bytes(OK, Artifact.TEXT, Artifact.CacheStatus.HIT, false);
            case ProxyRequest.Info i -> service.stored("info", i.module(), i.version()).orElse(null);
            case ProxyRequest.Mod m -> service.stored("mod", m.module(), m.version()).orElse(null);
            case ProxyRequest.Zip z -> service.stored("zip", z.module(), z.version()).orElse(null);
            case ProxyRequest.List l -> mayFetch(request) ? service.cachedList(l.module()).orElse(null) : null;
            default -> null;
        };
        if (a != null && a.bytes() != null && a.immutable()) rememberPath(rawPath, a);
        if (a != null && pr instanceof ProxyRequest.List l) {
            if (listPaths.size() >= MAX_LIST_PATHS) listPaths.clear();
            listPaths.put(rawPath, l.module());
        }
        if (a != null && pr instanceof ProxyRequest.Zip) return zip(request, response, a, head, rawPath);
        return a == null ? null : artifact(request, response, a, head, false, uncacheable(pr));
    }

    /**
     * Request paths of stored .info/.mod held in memory, with their answer: the next request for the same path is
     * answered without parsing it again (a path that once parsed to a stored, immutable artifact always does). The
     * bodies are those held by the service's memory; bounded by their total size.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Artifact> hotPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong hotPathBytes = new java.util.concurrent.atomic.AtomicLong();
    private static final long MAX_HOT_PATH_BYTES = 32L << 20;
    /** Stored zips of up to a few MB kept mapped, by request path: 128 MB of mappings at most, 4,096 of them. */
    private final MappedZips zips = new MappedZips(128L << 20, 4096);
    /** Request paths of version lists merged in memory, with their module path: answered without parsing again. */
    private final java.util.concurrent.ConcurrentHashMap<String, String> listPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_LIST_PATHS = 100_000;

    /** A stored file moved aside (a checksum database refused it) must not be answered from memory: all are dropped. */
    private void forgetMovedFiles() {
        long f = service.forgotten();
        if (f == hotPathsForgotten) return;
        hotPaths.clear();
        hotPathBytes.set(0);
        hotPathsForgotten = f;
    }

    private volatile long hotPathsForgotten;

    private void rememberPath(String rawPath, Artifact a) {
        long size = a.bytes().length + rawPath.length() + 64L;
        if (hotPathBytes.addAndGet(size) > MAX_HOT_PATH_BYTES) {
            hotPaths.clear();
            hotPathBytes.set(size);
        }
        if (hotPaths.putIfAbsent(rawPath, a) != null) hotPathBytes.addAndGet(-size);
    }

    /** Index and health answers get Cache-Control: no-store: a cache must never answer a health check. */
    private static boolean uncacheable(ProxyRequest pr) {
        return pr instanceof ProxyRequest.Index || pr instanceof ProxyRequest.Health;
    }

    private boolean mayFetch(Request request) {
        return !service.offline() && !"true".equalsIgnoreCase(request.getHeaders().get("Disable-Module-Fetch"));
    }

    private Outcome serve(Request request, Response response, ProxyRequest pr, boolean head) {
        boolean mayFetch = mayFetch(request);
        try {
            Artifact a = switch (pr) {
                case ProxyRequest.Index i -> Artifact.bytes(BANNER, Artifact.TEXT, Artifact.CacheStatus.HIT, false);
                case ProxyRequest.Health h -> Artifact.bytes(OK, Artifact.TEXT, Artifact.CacheStatus.HIT, false);
                case ProxyRequest.SumDb s -> sumdb.serve(s.rest(), mayFetch);
                case ProxyRequest.List l -> service.list(l.module(), mayFetch);
                case ProxyRequest.Latest l -> service.latest(l.module(), mayFetch);
                case ProxyRequest.Info i -> service.info(i.module(), i.version(), mayFetch);
                case ProxyRequest.Mod m -> service.mod(m.module(), m.version(), mayFetch);
                case ProxyRequest.Zip z -> service.zip(z.module(), z.version(), mayFetch);
            };
            // A zip just fetched is sent from its file: all the requests that waited for the fetch finish at once,
            // and mapping it for each of them would cost more than it saves. The next hit maps it.
            return artifact(request, response, a, head, pr instanceof ProxyRequest.Zip, uncacheable(pr));
        } catch (FetchException e) {
            String cc = e.isNotFound() && e.cacheable() ? notFoundCache : "no-store";
            return text(response, e.status(), cc, e.body());
        } catch (IOException e) {
            return internalError(response, request.getMethod(), request.getHttpURI().getPath(), e);
        }
    }

    private Outcome artifact(Request request, Response response, Artifact a, boolean head, boolean ranged, boolean uncacheable)
            throws IOException {
        String etag = a.etag();
        Body body;
        if (a.file() != null) {
            // Size, ETag and content all from one open file: a file replaced meanwhile (a sidecar, or a second
            // process) can never be sent as a mix of two versions or cut short.
            FileChannel channel = FileChannel.open(a.file(), StandardOpenOption.READ);
            body = new FileBody(channel, channel.size());
            if (etag == null) etag = Artifact.fileEtag(body.length(), Files.getLastModifiedTime(a.file()).toMillis());
        } else {
            body = new BytesBody(a.bytes());
            if (etag == null) etag = Artifact.bytesEtag(a.bytes());
        }
        String cacheControl = uncacheable ? "no-store" : a.immutable() ? IMMUTABLE : shortCache;
        return respond(request, response, body, etag, a.contentType(), cacheControl, a.cache(), head, ranged);
    }

    /** A stored zip found at once: mapped and remembered by its request path when small enough, else sent from the file. */
    private Outcome zip(Request request, Response response, Artifact a, boolean head, String rawPath) throws IOException {
        MappedZips.Entry zip = a.file() != null ? zips.map(rawPath, a.file()) : null;
        return zip == null ? artifact(request, response, a, head, true, false) : mapped(request, response, zip, head);
    }

    /** A stored zip answered from its mapping. */
    private Outcome mapped(Request request, Response response, MappedZips.Entry zip, boolean head) {
        return respond(request, response, new MappedBody(zip), zip.etag(), Artifact.ZIP, IMMUTABLE, Artifact.CacheStatus.HIT, head, true);
    }

    /** Headers, conditionals and ranges for a body; the body is released by its send, or here when none is sent. */
    private Outcome respond(Request request, Response response, Body body, String etag, String contentType, String cacheControl,
            Artifact.CacheStatus cacheStatus, boolean head, boolean ranged) {
        var h = response.getHeaders();
        long length = body.length();
        h.put(HttpHeader.CONTENT_TYPE, contentType);
        h.put(HttpHeader.ETAG, etag);
        h.put(HttpHeader.CACHE_CONTROL, cacheControl);
        h.put("X-Modgate-Cache", cacheStatus.name());
        if (ranged) h.put(HttpHeader.ACCEPT_RANGES, "bytes");
        String cache = cacheStatus.name().toLowerCase();

        String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (inm != null && etagMatches(inm, etag)) {
            body.discard();
            response.setStatus(304);
            // Else Jetty would add "Content-Length: 0" for the empty write, which RFC 9110 (8.6) forbids on a 304:
            // only the 200's own length may be sent, and it tells caches the stored body is still whole.
            h.put(HttpHeader.CONTENT_LENGTH, length);
            return new Outcome(304, 0, cache, cb -> response.write(true, BufferUtil.EMPTY_BUFFER, cb));
        }

        long offset = 0, count = length;
        int status = 200;
        String range = ranged ? request.getHeaders().get(HttpHeader.RANGE) : null;
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            long[] r = ByteRange.parse(range, length);
            if (r == ByteRange.UNSATISFIABLE) {
                body.discard();
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
            body.discard();
            return new Outcome(status, 0, cache, cb -> response.write(true, BufferUtil.EMPTY_BUFFER, cb));
        }
        long off = offset, n = count;
        return new Outcome(status, n, cache, cb -> body.send(off, n, response, cb));
    }

    /** A response body: sent once, or discarded when the response carries none. */
    private sealed interface Body permits BytesBody, FileBody, MappedBody {
        long length();

        void send(long offset, long count, Response response, Callback done);

        void discard();
    }

    private record BytesBody(byte[] bytes) implements Body {
        public long length() { return bytes.length; }

        public void send(long offset, long count, Response response, Callback done) {
            response.write(true, ByteBuffer.wrap(bytes, (int) offset, (int) count), done);
        }

        public void discard() {}
    }

    /** A stored file, closed when sent. */
    private final class FileBody implements Body {
        private final FileChannel channel;
        private final long length;

        FileBody(FileChannel channel, long length) {
            this.channel = channel;
            this.length = length;
        }

        public long length() { return length; }

        public void send(long offset, long count, Response response, Callback done) {
            // Through pooled direct buffers, never the Java heap; the source closes the channel when done.
            Content.copy(Content.Source.from(buffers, channel, offset, count), response, done);
        }

        public void discard() { closeQuietly(channel); }
    }

    /** A mapped zip; the response's reference to it is released when the write completes, however it ends. */
    private record MappedBody(MappedZips.Entry zip) implements Body {
        public long length() { return zip.length(); }

        public void send(long offset, long count, Response response, Callback done) {
            response.write(true, zip.slice(offset, count), Callback.from(done, zip::release));
        }

        public void discard() { zip.release(); }
    }

    private static void closeQuietly(FileChannel ch) {
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
        return new Outcome(status, bytes.length, "-", cb -> response.write(true, ByteBuffer.wrap(bytes), cb), message);
    }

    private static boolean etagMatches(String header, String etag) {
        for (String t : header.split(",")) {
            String s = t.strip();
            if (s.startsWith("W/")) s = s.substring(2);
            if (s.equals("*") || s.equals(etag)) return true;
        }
        return false;
    }

    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.UTF_8);

    private static final byte[] BANNER = ("modgate: a Go module proxy.\n"
            + "Point the go command at it: GOPROXY=<this URL> go mod download\n"
            + "Endpoints: /MODULE/@v/list, /MODULE/@v/VERSION.info|.mod|.zip, /MODULE/@latest, /sumdb/NAME/..., /healthz\n")
            .getBytes(StandardCharsets.UTF_8);

    private void log(Request request, String method, String path, Outcome o, long startNanos) {
        if (!accessLog.enabled()) return;
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        if (o.status() < 400) {
            accessLog.log(method, path, o.status(), o.bytes(), ms, o.cache());
        } else {
            accessLog.log(method, path, o.status(), o.bytes(), ms, o.cache(), Request.getRemoteAddr(request),
                    request.getHeaders().get(HttpHeader.USER_AGENT), o.reason());
        }
    }

    /** The access line of a request Jetty refused before this handler saw it (PlainErrorHandler). */
    void logRefused(Request request, int status, long bytes, String reason) {
        if (!accessLog.enabled()) return;
        String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "-" : request.getHttpURI().getPath();
        accessLog.log(request.getMethod() == null ? "-" : request.getMethod(), path, status, bytes, 0, "-", Request.getRemoteAddr(request),
                request.getHeaders().get(HttpHeader.USER_AGENT), reason);
    }

    /** Writes out access lines still queued (at shutdown). */
    public void flushAccessLog() {
        accessLog.flush();
    }

    /** Unmaps the zips kept mapped once the server has stopped (one still being sent, when its write ends). */
    @Override protected void doStop() throws Exception {
        super.doStop();
        zips.clear();
    }
}
