package dev.modgate.net;

import dev.modgate.core.text.GoDuration;
import dev.modgate.auth.Credentials;
import dev.modgate.auth.HostCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * All outbound HTTP of modgate goes through here: one HttpClient honouring HTTPS_PROXY/HTTP_PROXY/NO_PROXY,
 * a connect timeout, a read timeout that applies to the headers AND to every stall while reading the body
 * (the JDK client has none for bodies), a minimum rate (so a trickle does not last until the deadline), an overall
 * deadline, and a cap on concurrent requests, overall and per host ({@link HostPermits}).
 */
public final class Outbound implements AutoCloseable {
    private static final String USER_AGENT = "modgate/0.1";

    private final Duration connectTimeout;
    /** Redirects are followed by {@link #send(URI, Policy, long, boolean)}: each hop is checked; credentials stay with the first. */
    private final HttpClient manualRedirects;
    /** The same, without certificate checks: for --insecure modules, as GOINSECURE. */
    private final HttpClient insecure;
    private final EnvProxySelector proxies;
    private final Duration readTimeout;
    private final Duration fetchTimeout;
    private final HostPermits permits;
    private final ScheduledExecutorService watchdog;
    /** The policy of requests to servers modgate's configuration names: no address checks, their own credentials. */
    private final Policy configured;

    public Outbound(Duration connectTimeout, Duration readTimeout, Duration fetchTimeout, int maxConcurrent, Map<String, String> env) {
        this(connectTimeout, readTimeout, fetchTimeout, maxConcurrent, env, Credentials.NONE);
    }

    /**
     * @param credentials for the servers modgate's configuration names (upstream proxies, the checksum database):
     *                    sent to the host and port a request asks first, never after a redirect elsewhere
     */
    public Outbound(Duration connectTimeout, Duration readTimeout, Duration fetchTimeout, int maxConcurrent, Map<String, String> env,
                    Credentials credentials) {
        EnvProxySelector proxies = new EnvProxySelector(env);
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // followed by send(), hop by hop: never https -> http, as the go command
                .proxy(proxies)
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        if (proxies.isConfigured()) {
            // The JDK refuses Basic auth for CONNECT tunnels unless told otherwise; corporate proxies need it.
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
            b.authenticator(new Authenticator() {
                @Override protected PasswordAuthentication getPasswordAuthentication() {
                    if (getRequestorType() != RequestorType.PROXY) return null;
                    EnvProxySelector.ProxyUrl p = proxies.proxyAt(getRequestingHost(), getRequestingPort());
                    if (p == null || p.user() == null) return null;
                    return new PasswordAuthentication(p.user(), p.password().toCharArray());
                }
            });
        }
        this.connectTimeout = connectTimeout;
        this.manualRedirects = b.build();
        this.insecure = b.sslContext(TrustAll.sslContext()).build();
        this.proxies = proxies;
        this.readTimeout = readTimeout;
        this.fetchTimeout = fetchTimeout;
        this.permits = new HostPermits(maxConcurrent, HostPermits.defaultPerHost(maxConcurrent));
        java.util.concurrent.ScheduledThreadPoolExecutor wd = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "modgate-outbound-watchdog");
            t.setDaemon(true);
            return t;
        });
        // One alarm per read, cancelled when the read returns: drop cancelled ones at once instead of at their deadline.
        wd.setRemoveOnCancelPolicy(true);
        this.watchdog = wd;
        this.configured = new Policy(AddressGuard.OFF, false, u -> {
            HostCredentials c = credentials.forUri(u);
            return c == null ? null : c.basicAuthorization();
        });
    }

    /** What an upstream answered: status and, for errors, the start of its text/plain body. */
    public record Answer(int status, String errorText) {}

    /** The proxy selector built from the environment, for other transports (git) to use the same proxies. */
    public EnvProxySelector proxies() { return proxies; }

    /**
     * How to make a request to a destination modgate did not choose itself (a go-import page, a repository or
     * proxy named by one): every redirect hop is checked by the guard, at most {@value #MAX_REDIRECTS} are followed
     * and never from https to http (as the go command); {@code authorization} gives the header for an https URL
     * (null for none) and is sent only to the host first asked; {@code insecureTls} skips certificate checks.
     */
    public record Policy(AddressGuard guard, boolean insecureTls, java.util.function.Function<URI, String> authorization) {
        public static Policy guarded(AddressGuard guard, boolean insecureTls) {
            return new Policy(guard, insecureTls, u -> null);
        }
    }

    static final int MAX_REDIRECTS = 10;

    /** Bytes per second a body must average over each --read-timeout window (far below any real link). */
    static final long MIN_RATE = 1024;

    /** A page read whatever its status (go-import tags may live in a 404 page). */
    public record Page(int status, byte[] body, URI uri) {}

    /** GETs a page under the policy, reading at most maxBytes of its body whatever the status. */
    public Page page(URI uri, long maxBytes, String what, Policy policy) throws SourceException {
        long deadline = System.nanoTime() + fetchTimeout.toNanos();
        try (HostPermits.Held permit = acquire(uri, true)) {
            Sent sent = send(uri, policy, deadline);
            try (InputStream body = sent.response.body()) {
                java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                copy(body, buf, maxBytes, deadline, sent.uri, what);
                return new Page(sent.response.statusCode(), buf.toByteArray(), sent.uri);
            } catch (IOException e) {
                if (e instanceof SourceException se) throw se;
                throw new SourceException(SourceException.Kind.FAILED, "reading " + what + " from " + host(sent.uri) + ": " + describe(e), e);
            }
        }
    }

    /** Like {@link #get(URI, OutputStream, long, String)}, under a policy for untrusted destinations. */
    public Answer get(URI uri, OutputStream out, long maxBytes, String what, Policy policy) throws SourceException {
        long deadline = System.nanoTime() + fetchTimeout.toNanos();
        try (HostPermits.Held permit = acquire(uri, true)) {
            Sent sent = send(uri, policy, deadline);
            return answer(sent.response, sent.uri, out, maxBytes, what, deadline);
        }
    }

    private record Sent(HttpResponse<InputStream> response, URI uri) {}

    private Sent send(URI first, Policy policy, long deadline) throws SourceException {
        return send(first, policy, deadline, false);
    }

    /**
     * Sends a GET, following redirects itself so that each hop is checked and credentials reach no other server.
     *
     * Credentials go to the first host:port only: a redirect elsewhere, another port of the same host included, gets
     * none (as git's do, see GitHttpConnections).
     *
     * @param configured true for servers modgate's configuration names, whose credentials go over http too (as
     *                   git's do); otherwise (go-import pages) over https only, as the go command sends netrc's
     */
    private Sent send(URI first, Policy policy, long deadline, boolean configured) throws SourceException {
        URI uri = first;
        for (int hop = 0; ; hop++) {
            policy.guard().check(uri);
            HttpRequest.Builder rb = request(uri);
            String auth = (configured || "https".equalsIgnoreCase(uri.getScheme())) && sameHost(uri, first) ? policy.authorization().apply(uri) : null;
            if (auth != null) rb.header("Authorization", auth);
            HttpResponse<InputStream> resp = send(policy.insecureTls() ? insecure : manualRedirects, rb.build(), uri);
            int st = resp.statusCode();
            var location = resp.headers().firstValue("Location");
            if ((st == 301 || st == 302 || st == 303 || st == 307 || st == 308) && location.isPresent()) {
                closeQuietly(resp);
                if (hop + 1 >= MAX_REDIRECTS) throw new SourceException(SourceException.Kind.FAILED, "stopped after " + MAX_REDIRECTS + " redirects");
                URI next;
                try {
                    next = uri.resolve(location.get());
                } catch (IllegalArgumentException e) {
                    throw new SourceException(SourceException.Kind.FAILED, host(uri) + " redirected to an invalid URL");
                }
                if ("https".equalsIgnoreCase(first.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                    throw new SourceException(SourceException.Kind.FAILED, "redirected from secure URL " + Userinfo.redact(uri.toString()) + " to insecure URL " + Userinfo.redact(next.toString()));
                }
                if (System.nanoTime() - deadline > 0) throw new SourceException(SourceException.Kind.TIMEOUT, "following redirects from " + host(first) + " took longer than " + GoDuration.format(fetchTimeout));
                uri = next;
                continue;
            }
            return new Sent(resp, uri);
        }
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && b.getHost() != null && Credentials.hostPort(a).equals(Credentials.hostPort(b));
    }

    private static void closeQuietly(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) { /* discarded redirect body */ }
    }

    /**
     * GETs the URL and copies the body of a 200 into {@code out}, at most {@code maxBytes}.
     * Returns the status for non-200 answers without copying anything.
     */
    public Answer get(URI uri, OutputStream out, long maxBytes, String what) throws SourceException {
        long deadline = System.nanoTime() + fetchTimeout.toNanos();
        try (HostPermits.Held permit = acquire(uri, false)) {
            Sent sent = send(uri, configured, deadline, true);
            return answer(sent.response, sent.uri, out, maxBytes, what, deadline);
        }
    }

    /**
     * POSTs the body to a server modgate's configuration names (the policy webhook, modgate's only POST) and reads at
     * most maxBytes of the answer whatever its status. The URL's user information, else the configured credentials
     * for its host and port, authorize it; a redirect is not followed but returned as the page (its credentials must
     * go nowhere else). The whole exchange (connecting, sending, reading the answer) lasts at most {@code timeout},
     * not --fetch-timeout, the caller is waiting to answer a client; when it runs out the TIMEOUT error says
     * "ORIGIN did not answer within TIMEOUT".
     */
    public Page post(URI uri, byte[] body, String contentType, long maxBytes, Duration timeout, String what) throws SourceException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HostCredentials userinfo = Userinfo.credentials(uri);
        URI target = URI.create(Userinfo.redact(uri.toString()));
        HttpRequest.Builder rb = request(target)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String auth = userinfo != null ? userinfo.basicAuthorization() : configured.authorization().apply(target);
        if (auth != null) rb.header("Authorization", auth);
        HostPermits.Held permit = acquire(target, false, timeout.toNanos());
        try (permit) {
            rb.timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))); // connecting and the headers
            HttpResponse<InputStream> resp = send(manualRedirects, rb.build(), target);
            try (InputStream in = resp.body()) {
                java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                copy(in, buf, maxBytes, deadline, target, what);
                return new Page(resp.statusCode(), buf.toByteArray(), target);
            } catch (IOException e) {
                if (e instanceof SourceException se) throw se;
                throw new SourceException(SourceException.Kind.FAILED, "reading " + what + " from " + host(target) + ": " + describe(e), e);
            }
        } catch (SourceException e) {
            // send() and copy() name their own limits (--connect-timeout, --fetch-timeout); past the deadline, this one ran out.
            if (e.kind() != SourceException.Kind.TIMEOUT || deadline - System.nanoTime() > 0) throw e;
            throw new SourceException(SourceException.Kind.TIMEOUT, host(target) + " did not answer within " + GoDuration.format(timeout), e);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("User-Agent", USER_AGENT)
                .version("http".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .GET();
    }

    private HttpResponse<InputStream> send(HttpClient c, HttpRequest req, URI uri) throws SourceException {
        try {
            return c.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new SourceException(SourceException.Kind.TIMEOUT, "connecting to " + host(uri) + " timed out after " + GoDuration.format(connectTimeout));
        } catch (HttpTimeoutException e) {
            throw new SourceException(SourceException.Kind.TIMEOUT, host(uri) + " sent no response in " + GoDuration.format(readTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.FAILED, "interrupted");
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.FAILED, "connecting to " + host(uri) + ": " + describe(e), e);
        }
    }

    private Answer answer(HttpResponse<InputStream> resp, URI uri, OutputStream out, long maxBytes, String what, long deadline) throws SourceException {
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != 200) {
                return new Answer(resp.statusCode(), errorText(resp, body, deadline));
            }
            copy(body, out, maxBytes, deadline, uri, what);
            return new Answer(200, null);
        } catch (IOException e) {
            if (e instanceof SourceException se) throw se;
            if (e instanceof LocalStorageException) throw new SourceException(SourceException.Kind.LOCAL, e.getMessage(), e);
            throw new SourceException(SourceException.Kind.FAILED, "reading " + what + " from " + host(uri) + ": " + describe(e), e);
        }
    }

    /** @param perHostLimit true for destinations modgate did not choose (go-import pages and what they name) */
    private HostPermits.Held acquire(URI uri, boolean perHostLimit) throws SourceException {
        return acquire(uri, perHostLimit, fetchTimeout.toNanos());
    }

    private HostPermits.Held acquire(URI uri, boolean perHostLimit, long waitNanos) throws SourceException {
        try {
            HostPermits.Held h = permits.acquire(uri, waitNanos, perHostLimit);
            if (h == null) {
                throw new SourceException(SourceException.Kind.TIMEOUT, "too many upstream fetches in progress (to " + host(uri)
                        + " or in all; see --max-fetches); gave up waiting to ask " + host(uri));
            }
            return h;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.FAILED, "interrupted");
        }
    }

    private void copy(InputStream in, OutputStream out, long maxBytes, long deadline, URI uri, String what) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        AtomicBoolean stalled = new AtomicBoolean();
        // A trickle never stalls a read for --read-timeout; each --read-timeout window must bring MIN_RATE on average.
        long windowStart = System.nanoTime();
        long windowBytes = 0;
        long windowMin = MIN_RATE * readTimeout.toMillis() / 1000;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) throw new SourceException(SourceException.Kind.TIMEOUT, "downloading " + what + " from " + host(uri) + " took longer than " + GoDuration.format(fetchTimeout));
            long waitNanos = Math.min(readTimeout.toNanos(), remaining);
            // The JDK client's body stream blocks forever on a stalled peer; closing it from the watchdog unblocks the read.
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                stalled.set(true);
                try {
                    in.close();
                } catch (IOException ignored) { /* the reader sees the failure */ }
            }, waitNanos, TimeUnit.NANOSECONDS);
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                if (stalled.get()) throw stallError(uri, what, deadline);
                throw e;
            } finally {
                alarm.cancel(false);
            }
            if (stalled.get()) throw stallError(uri, what, deadline);
            if (n < 0) return;
            total += n;
            windowBytes += n;
            long now = System.nanoTime();
            if (now - windowStart >= readTimeout.toNanos()) {
                if (windowBytes < windowMin) {
                    throw new SourceException(SourceException.Kind.TIMEOUT, host(uri) + " sent " + what + " slower than 1 KiB/s for " + GoDuration.format(readTimeout));
                }
                windowStart = now;
                windowBytes = 0;
            }
            if (total > maxBytes) {
                throw new SourceException(SourceException.Kind.INVALID, what + " from " + host(uri) + " is larger than the limit of " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
    }

    private SourceException stallError(URI uri, String what, long deadline) {
        if (deadline - System.nanoTime() <= 0) {
            return new SourceException(SourceException.Kind.TIMEOUT, "downloading " + what + " from " + host(uri) + " took longer than " + GoDuration.format(fetchTimeout));
        }
        return new SourceException(SourceException.Kind.TIMEOUT, host(uri) + " stopped sending " + what + " for " + GoDuration.format(readTimeout));
    }

    private String errorText(HttpResponse<InputStream> resp, InputStream body, long deadline) {
        String ct = resp.headers().firstValue("Content-Type").orElse("text/plain").toLowerCase();
        if (!ct.startsWith("text/plain")) return "";
        try {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            copy(body, buf, 4096, Math.min(deadline, System.nanoTime() + readTimeout.toNanos()), resp.uri(), "error body");
            return firstLine(buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        if (nl >= 0) t = t.substring(0, nl).strip();
        if (t.length() > 300) t = t.substring(0, 300) + "...";
        StringBuilder b = new StringBuilder(t.length());
        t.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return b.toString();
    }

    static String host(URI uri) {
        return Userinfo.origin(uri);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) return "connection refused";
        if (e instanceof java.nio.channels.ClosedChannelException || m == null || m.isBlank()) return e.getClass().getSimpleName();
        return m;
    }

    @Override public void close() {
        watchdog.shutdownNow();
        manualRedirects.shutdownNow();
        insecure.shutdownNow();
    }
}
