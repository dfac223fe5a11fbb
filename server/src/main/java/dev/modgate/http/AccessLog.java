package dev.modgate.http;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request on stderr, in the layout of modgate's other log lines
 * ({@code 2026-01-02T03:04:05.678Z INFO  access GET /rsc.io/quote/@v/list 200 58B 0ms hit}; a failed request's line
 * adds {@code client=127.0.0.1 agent="Go-http-client/1.1" reason="not found: ..."}), on and off with the
 * {@code modgate.access} logger's level ({@code MODGATE_ACCESS_LOG=off}).
 *
 * <p>Written without the logging framework: a request only formats its line and queues it; one background thread
 * writes whatever has queued up, every 20 ms, with a single write. Going through the framework cost as much CPU per request as
 * the rest of serving a cached .info. When the writer falls behind by more than {@link #MAX_QUEUED} lines, requests
 * write their own line (back-pressure rather than loss or unbounded memory).
 */
final class AccessLog {
    static final int MAX_QUEUED = 100_000;
    /** Lines appear on stderr at most this late. */
    private static final long PERIOD_NANOS = 20_000_000L;
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.");
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("XXX");

    private final org.slf4j.Logger level = LoggerFactory.getLogger("modgate.access");
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final OutputStream out;
    private final ZoneId zone = ZoneId.systemDefault();
    private final Thread writer;
    private volatile String secondPrefix = "";
    private volatile long secondStart = Long.MIN_VALUE;
    private volatile String zoneSuffix = "";

    AccessLog() {
        this(new FileOutputStream(FileDescriptor.err));
    }

    AccessLog(OutputStream out) {
        this.out = out;
        this.writer = Thread.ofPlatform().daemon().name("modgate-access-log").unstarted(this::drain);
        writer.start();
    }

    boolean enabled() {
        return level.isInfoEnabled();
    }

    void log(String method, String path, int status, long bytes, long millis, String cache) {
        log(method, path, status, bytes, millis, cache, null, null, null);
    }

    /**
     * One line; a failed request's (status 400 and up) also says who asked and why it failed:
     * {@code client=ADDRESS agent="User-Agent" reason="the body's one-line reason"}, quoted as Go's %q would, so a
     * client's header can neither split the line nor fake a field; each held to {@link #MAX_FIELD} characters.
     */
    void log(String method, String path, int status, long bytes, long millis, String cache, String client, String agent, String reason) {
        long now = System.currentTimeMillis();
        StringBuilder b = new StringBuilder(96 + path.length());
        b.append(prefix(now));
        int ms = (int) Math.floorMod(now, 1000L);
        if (ms < 100) b.append('0');
        if (ms < 10) b.append('0');
        b.append(ms).append(zoneSuffix).append(" INFO  access ")
                .append(method).append(' ').append(path).append(' ').append(status).append(' ')
                .append(bytes).append("B ").append(millis).append("ms ").append(cache);
        if (status >= 400) {
            b.append(" client=").append(client == null || client.isEmpty() ? "-" : client);
            quoted(b.append(" agent="), agent == null ? "" : agent);
            quoted(b.append(" reason="), reason == null ? "" : reason.strip().replace("\n\t", "; ").replace('\n', ' '));
        }
        b.append('\n');
        byte[] line = b.toString().getBytes(StandardCharsets.UTF_8);
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            write(line, line.length);
            return;
        }
        queue.add(line);
    }

    static final int MAX_FIELD = 300;

    /** s in double quotes: \" and \\ escaped, control characters as \xNN, cut at MAX_FIELD characters with "...". */
    static void quoted(StringBuilder b, String s) {
        b.append('"');
        int n = Math.min(s.length(), MAX_FIELD);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < ' ' || (c >= 0x7f && c < 0xa0)) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_FIELD) b.append("...");
        b.append('"');
    }

    private String prefix(long now) {
        long second = Math.floorDiv(now, 1000L) * 1000L;
        if (second != secondStart) {
            Instant t = Instant.ofEpochMilli(second);
            String p = SECOND.format(t.atZone(zone));
            zoneSuffix = ZONE.format(t.atZone(zone));
            secondPrefix = p;
            secondStart = second;
            return p;
        }
        return secondPrefix;
    }

    private void drain() {
        byte[] batch = new byte[64 * 1024];
        while (true) {
            int n = 0;
            for (byte[] line; (line = queue.peek()) != null; ) {
                if (n > 0 && n + line.length > batch.length) break;
                queue.poll();
                queued.decrementAndGet();
                if (line.length > batch.length) {
                    write(line, line.length);
                    continue;
                }
                System.arraycopy(line, 0, batch, n, line.length);
                n += line.length;
            }
            if (n > 0) write(batch, n);
            // Polled, never woken per line: a wake-up per request would cost a context switch each.
            if (queue.isEmpty()) LockSupport.parkNanos(PERIOD_NANOS);
        }
    }

    /** Writes out every queued line now (at shutdown). */
    void flush() {
        for (byte[] line; (line = queue.poll()) != null; ) {
            queued.decrementAndGet();
            write(line, line.length);
        }
    }

    private void write(byte[] b, int n) {
        try {
            synchronized (out) {
                out.write(b, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // stderr is gone: nothing sensible left to tell anyone.
        }
    }
}
