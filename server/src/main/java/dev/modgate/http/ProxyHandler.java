package dev.modgate.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modgate.module.Artifact;
import dev.modgate.module.ArtifactKind;
import dev.modgate.module.Ask;
import dev.modgate.module.Failure;
import dev.modgate.module.ModuleRequest;
import dev.modgate.module.Modules;
import dev.modgate.storage.LocalFailures;
import dev.modgate.sumdb.SumDbEndpoints;
import dev.modgate.vuln.VulnDbFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.channels.SeekableByteChannel;
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
     * downloads of 100 MB zips hold 16 MB. The size that cost the least CPU per GB sent, against smaller and larger
     * buffers and against mapped windows of the file (page faults on every first touch, a TLB shootdown across cores
     * on every unmap): the numbers are in docs/bench.md, "Measured on the way".
     */
    private static final int FILE_BUFFER = 256 * 1024;

    private final Modules modules;
    private final boolean offline;
    private final SumDbEndpoints sumdb;
    private final VulnDbFiles vulndb;
    private final String shortCache;
    private final FailureResponses failures;
    private final ByteBufferPool.Sized buffers;
    private final AccessLog accessLog = new AccessLog();
    /** Where requests that may wait run: one virtual thread each. */
    private final Executor blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("modgate-request-", 0).factory());
    /**
     * Request paths already parsed, with what they parsed to (a path always parses the same way): a repeated request
     * costs one lookup instead of decoding and validating its path again. Bounded in entries; a path dropped is parsed again.
     */
    private final Cache<String, ProxyRequest> parsed = Caffeine.newBuilder().maximumSize(100_000).build();
    /** Stored zips of up to a few MB kept mapped: 128 MB of mappings at most, 4,096 of them. */
    private final MappedZips zips = new MappedZips(128L << 20, 4096);

    /**
     * @param offline true when nothing may be fetched (serve --offline): every request is asked for stored answers only
     * @param listTtl how long shared caches may keep a list, @latest or query answer
     * @param negativeTtl how long shared caches may keep a "not found"
     * @param vulndb the vulnerability database's files, served at /vulndb/
     */
    public ProxyHandler(Modules modules, boolean offline, SumDbEndpoints sumdb, VulnDbFiles vulndb, Duration listTtl, Duration negativeTtl) {
        super(InvocationType.NON_BLOCKING);
        this.modules = modules;
        this.offline = offline;
        this.sumdb = sumdb;
        this.vulndb = vulndb;
        this.shortCache = "public, max-age=" + Math.max(0, listTtl.toSeconds());
        this.failures = new FailureResponses(negativeTtl);
        // A pool of their own: the connector's pools nothing larger than 64 KB, and an unpooled direct buffer per
        // read would be freed only by a garbage collection. Keeps at most 32 MB of idle buffers.
        this.buffers = new ByteBufferPool.Sized(new ArrayByteBufferPool(0, FILE_BUFFER, FILE_BUFFER, -1, 0, 32L << 20), true, FILE_BUFFER);
    }

    /**
     * Runs where Jetty parsed the request (the handler is non-blocking): anything answerable at once (a malformed
     * request, modgate's own endpoints, whatever the module chain answers without waiting: stored artifacts, a
     * merged list in memory) is answered right there without a thread hand-off; everything that may wait (an
     * upstream fetch, a version list to merge, a lock) continues on a virtual thread of its own.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        Outcome o;
        ProxyRequest pr = null;
        Ask ask = null;
        try {
            boolean head = HttpMethod.HEAD.is(method);
            if (!head && !HttpMethod.GET.is(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                o = text(response, 405, "no-store", "method " + method + " not allowed: the module proxy protocol uses GET and HEAD");
            } else {
                try {
                    pr = parse(rawPath);
                    // goproxy's convention (also what proxy.golang.org's /cached-only offers): answer from the cache
                    // only. The answer then depends on this header, which shared caches must know.
                    response.getHeaders().put(HttpHeader.VARY, "Disable-Module-Fetch");
                    ask = ask(request);
                    o = answerNow(request, response, pr, ask, head);
                } catch (Failure f) {
                    o = failure(response, f);
                }
            }
        } catch (RuntimeException | IOException e) {
            o = internalError(response, method, rawPath, e);
        }
        if (o != null) {
            send(o, request, method, rawPath, start, callback);
            return true;
        }
        ProxyRequest parsedRequest = pr;
        Ask asked = ask;
        blocking.execute(() -> {
            Outcome b;
            try {
                b = serve(request, response, parsedRequest, asked, HttpMethod.HEAD.is(method));
            } catch (RuntimeException e) {
                b = internalError(response, method, rawPath, e);
            }
            send(b, request, method, rawPath, start, callback);
        });
        return true;
    }

    private ProxyRequest parse(String rawPath) throws Failure {
        ProxyRequest known = parsed.getIfPresent(rawPath);
        if (known != null) return known;
        ProxyRequest pr = RequestParser.parse(rawPath);
        parsed.put(rawPath, pr);
        return pr;
    }

    /** Who asks: offline mode and the client's Disable-Module-Fetch header limit everyone to stored answers. */
    private Ask ask(Request request) {
        boolean mayFetch = !offline && !"true".equalsIgnoreCase(request.getHeaders().get("Disable-Module-Fetch"));
        return new Ask(mayFetch, request.getConnectionMetaData().getRemoteSocketAddress());
    }

    /** Details (an exception's message may name files of this server) go to the log, never to the client. */
    private Outcome internalError(Response response, String method, String rawPath, Exception e) {
        LoggerFactory.getLogger(ProxyHandler.class).error("internal error serving {} {}", method, rawPath, e);
        IOException io = e instanceof IOException x ? x : e.getCause() instanceof IOException c ? c : null;
        if (io != null) return failure(response, LocalFailures.failure("serve " + rawPath, io));
        return failure(response, new Failure(Failure.Kind.INTERNAL, "internal error serving " + rawPath + " (" + e.getClass().getSimpleName()
                + "; details in the modgate log)"));
    }

    private Outcome failure(Response response, Failure f) {
        if (f.policy() != null) response.getHeaders().put(POLICY_HEADER, headerText(f.policy()));
        return text(response, FailureResponses.status(f.kind()), failures.cacheControl(f), f.body());
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

    /** The answer when it needs no waiting (modgate's own endpoints, what the module chain answers at once), else null. */
    private Outcome answerNow(Request request, Response response, ProxyRequest pr, Ask ask, boolean head) throws IOException, Failure {
        return switch (pr) {
            case ProxyRequest.Index i -> artifact(request, response, Artifact.bytes(BANNER, Artifact.TEXT, Artifact.CacheStatus.HIT, false), head, false, true);
            case ProxyRequest.Health h -> artifact(request, response, Artifact.bytes(OK, Artifact.TEXT, Artifact.CacheStatus.HIT, false), head, false, true);
            case ProxyRequest.SumDb s -> null;
            case ProxyRequest.VulnDb v -> null;
            case ProxyRequest.Module m -> {
                Artifact a = modules.now(m.request(), ask).orElse(null);
                if (a == null) yield null;
                try {
                    if (m.request() instanceof ModuleRequest.File f && f.kind() == ArtifactKind.ZIP) yield zip(request, response, f, a, head);
                    yield artifact(request, response, a, head, false, false);
                } catch (java.nio.file.NoSuchFileException gone) {
                    yield null; // moved aside between the look and the open: asked again below, as a miss
                }
            }
        };
    }

    private Outcome serve(Request request, Response response, ProxyRequest pr, Ask ask, boolean head) {
        try {
            return switch (pr) {
                case ProxyRequest.SumDb s -> artifact(request, response, sumdb.serve(s.rest(), ask.mayFetch()), head, false, false);
                case ProxyRequest.VulnDb v -> artifact(request, response, vulndb.get(v.rest()), head, false, false);
                case ProxyRequest.Module m -> module(request, response, m.request(), ask, head);
                default -> throw new IllegalStateException("answered at once: " + pr);
            };
        } catch (Failure e) {
            return failure(response, e);
        } catch (IOException e) {
            return internalError(response, request.getMethod(), request.getHttpURI().getPath(), e);
        }
    }

    /**
     * A module request that may wait. A stored file moved aside (quarantined) between the chain's look at it and the
     * open is asked for once more: the chain then finds it missing and fetches it, as for any miss.
     */
    private Outcome module(Request request, Response response, ModuleRequest r, Ask ask, boolean head) throws Failure, IOException {
        // A zip just fetched is sent from its file: all the requests that waited for the fetch finish at once, and
        // mapping it for each of them would cost more than it saves. The next hit maps it.
        boolean ranged = r instanceof ModuleRequest.File f && f.kind() == ArtifactKind.ZIP;
        try {
            return artifact(request, response, modules.get(r, ask), head, ranged, false);
        } catch (java.nio.file.NoSuchFileException gone) {
            return artifact(request, response, modules.get(r, ask), head, ranged, false);
        }
    }

    private Outcome artifact(Request request, Response response, Artifact a, boolean head, boolean ranged, boolean uncacheable)
            throws IOException {
        String etag = a.etag();
        Body body;
        if (a.blob() != null) {
            // Size and content from one open file: a file replaced meanwhile (a second process) can never be sent as a
            // mix of two versions or cut short.
            SeekableByteChannel channel = a.blob().open();
            body = new ChannelBody(channel, channel.size());
            if (etag == null) etag = a.blob().etag();
        } else {
            body = new BytesBody(a.bytes());
            if (etag == null) etag = Artifact.bytesEtag(a.bytes());
        }
        String cacheControl = uncacheable ? "no-store" : a.immutable() ? IMMUTABLE : shortCache;
        return respond(request, response, body, etag, a.contentType(), cacheControl, a.cache(), a.policy(), head, ranged);
    }

    /** A stored zip found at once: from its mapping when small enough (mapped now if it was not), else from storage. */
    private Outcome zip(Request request, Response response, ModuleRequest.File key, Artifact a, boolean head) throws IOException {
        MappedZips.Entry zip = a.blob() == null ? null : zips.get(key, a.blob());
        if (zip == null && a.blob() != null) zip = zips.map(key, a.blob());
        return zip == null ? artifact(request, response, a, head, true, false) : mapped(request, response, zip, a, head);
    }

    /** A stored zip answered from its mapping. */
    private Outcome mapped(Request request, Response response, MappedZips.Entry zip, Artifact a, boolean head) {
        return respond(request, response, new MappedBody(zip), zip.etag(), Artifact.ZIP, a.immutable() ? IMMUTABLE : shortCache,
                Artifact.CacheStatus.HIT, a.policy(), head, true);
    }

    /** Headers, conditionals and ranges for a body; the body is released by its send, or here when none is sent. */
    private Outcome respond(Request request, Response response, Body body, String etag, String contentType, String cacheControl,
            Artifact.CacheStatus cacheStatus, String policy, boolean head, boolean ranged) {
        var h = response.getHeaders();
        long length = body.length();
        h.put(HttpHeader.CONTENT_TYPE, contentType);
        h.put(HttpHeader.ETAG, etag);
        h.put(HttpHeader.CACHE_CONTROL, cacheControl);
        h.put("X-Modgate-Cache", cacheStatus.name());
        if (policy != null) h.put(POLICY_HEADER, headerText(policy));
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
    private sealed interface Body permits BytesBody, ChannelBody, MappedBody {
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

    /** Stored content, closed when sent. */
    private final class ChannelBody implements Body {
        private final SeekableByteChannel channel;
        private final long length;

        ChannelBody(SeekableByteChannel channel, long length) {
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

    /** The policy gate's decision about a response (a refusal's rule, a dry-run's verdict, a filtered list). */
    static final String POLICY_HEADER = "X-Modgate-Policy";

    /** A header value in printable ASCII: the policy file's name is the operator's to choose, any bytes at all. */
    private static String headerText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.UTF_8);

    private static final byte[] BANNER = ("modgate: a Go module proxy.\n"
            + "Point the go command at it: GOPROXY=<this URL> go mod download\n"
            + "Endpoints: /MODULE/@v/list, /MODULE/@v/VERSION.info|.mod|.zip, /MODULE/@latest, /sumdb/NAME/..., /vulndb/..., /healthz\n")
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
