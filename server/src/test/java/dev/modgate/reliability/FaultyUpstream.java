package dev.modgate.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A static GOPROXY upstream on a raw socket that misbehaves on demand, per path: error statuses, connection resets
 * (before and during the body), stalls, slow-loris bodies, truncated bodies, Content-Length lies, corrupted or
 * replaced bodies. Written by hand, not with an HTTP library, because libraries refuse to send most of these.
 * Optionally throttles every body (bytes per second) so that fetches stay in flight, and counts requests per path.
 */
final class FaultyUpstream implements AutoCloseable {
    enum Fault {
        /** Serve the file as it is. */
        NONE,
        /** 500 with a text/plain reason. */
        STATUS_500,
        /** Read the request, then reset the connection (RST) without a byte of answer. */
        RESET,
        /** Headers and half the body, then a reset. */
        RESET_MID_BODY,
        /** Read the request and never answer (until the client gives up). */
        STALL,
        /** Headers at once, then one byte of body every 300 ms. */
        SLOW_LORIS,
        /** Content-Length of the whole file, half of it sent, then a clean close. */
        TRUNCATE,
        /** Content-Length larger than the file; the whole file, then a clean close. */
        LENGTH_TOO_LONG,
        /** Content-Length of half the file; the whole file sent anyway, then a close. */
        LENGTH_TOO_SHORT,
        /** The file with bytes in the middle flipped (same length). */
        CORRUPT,
        /** The bytes set with {@link #replace} instead of the file. */
        REPLACE
    }

    private final Path root;
    private final ServerSocket server;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, byte[]> replacements = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long bytesPerSecond;
    private volatile long latencyMillis;
    private volatile boolean closed;
    private final Thread acceptor;

    FaultyUpstream(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("faulty-upstream").start(this::acceptLoop);
    }

    String url() { return "http://127.0.0.1:" + server.getLocalPort(); }

    void fault(String path, Fault f) { faults.put(path, f); }

    void replace(String path, byte[] body) {
        replacements.put(path, body.clone());
        faults.put(path, Fault.REPLACE);
    }

    void clearFaults() {
        faults.clear();
        replacements.clear();
    }

    /** Every body sent at most this fast (0: unthrottled). */
    void throttle(long bytesPerSecond) { this.bytesPerSecond = bytesPerSecond; }

    /** Waits this long before answering anything. */
    void latency(long millis) { this.latencyMillis = millis; }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    int totalHits() { return hits.values().stream().mapToInt(AtomicInteger::get).sum(); }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                String target = readRequest(in);
                if (target == null) return;
                int q = target.indexOf('?');
                String path = q < 0 ? target : target.substring(0, q);
                hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                if (latencyMillis > 0) Thread.sleep(latencyMillis);
                if (!answer(s, out, path)) return;
            }
        } catch (IOException | InterruptedException e) {
            // The client went away or we were closed: nothing to do.
        } finally {
            open.remove(s);
        }
    }

    /** Answers one request; false when the connection must end. */
    private boolean answer(Socket s, OutputStream out, String path) throws IOException, InterruptedException {
        Fault f = faults.getOrDefault(path, Fault.NONE);
        byte[] body;
        if (f == Fault.REPLACE) {
            body = replacements.get(path);
        } else {
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                text(out, 404, "Not Found", "not found: " + path);
                return true;
            }
            body = Files.readAllBytes(file);
        }
        switch (f) {
            case STATUS_500 -> {
                text(out, 500, "Internal Server Error", "upstream is broken today");
                return true;
            }
            case RESET -> {
                reset(s);
                return false;
            }
            case STALL -> {
                for (int i = 0; i < 600 && !closed && !s.isClosed(); i++) {
                    Thread.sleep(100);
                    if (s.getInputStream().available() < 0) break;
                }
                return false;
            }
            default -> { }
        }
        long length = switch (f) {
            case LENGTH_TOO_LONG -> body.length + 1000;
            case LENGTH_TOO_SHORT -> body.length / 2;
            default -> body.length;
        };
        if (f == Fault.CORRUPT) {
            body = body.clone();
            for (int i = body.length / 3; i < Math.min(body.length, body.length / 3 + 16); i++) body[i] ^= 0x5a;
        }
        head(out, 200, "OK", "application/octet-stream", length);
        switch (f) {
            case RESET_MID_BODY -> {
                send(out, body, 0, body.length / 2);
                reset(s);
                return false;
            }
            case TRUNCATE -> {
                send(out, body, 0, body.length / 2);
                return false;
            }
            case SLOW_LORIS -> {
                for (int i = 0; i < body.length && !closed; i++) {
                    out.write(body[i]);
                    out.flush();
                    Thread.sleep(300);
                }
                return false;
            }
            case LENGTH_TOO_LONG, LENGTH_TOO_SHORT -> {
                send(out, body, 0, body.length);
                return false;
            }
            default -> {
                send(out, body, 0, body.length);
                return true;
            }
        }
    }

    private void send(OutputStream out, byte[] b, int off, int len) throws IOException, InterruptedException {
        long rate = bytesPerSecond;
        if (rate <= 0) {
            out.write(b, off, len);
            out.flush();
            return;
        }
        int chunk = (int) Math.max(1024, rate / 20);
        for (int i = off; i < off + len; i += chunk) {
            int n = Math.min(chunk, off + len - i);
            out.write(b, i, n);
            out.flush();
            Thread.sleep(Math.max(1, n * 1000L / rate));
        }
    }

    private static void head(OutputStream out, int status, String reason, String type, long length) throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void text(OutputStream out, int status, String reason, String msg) throws IOException {
        byte[] b = (msg + "\n").getBytes(StandardCharsets.UTF_8);
        head(out, status, reason, "text/plain; charset=utf-8", b.length);
        out.write(b);
        out.flush();
    }

    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    /** The request target, or null at the end of the connection. Request bodies are not supported (GET only). */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) return null;
            head.write(c);
            state = switch (state) {
                case 0, 2 -> c == '\r' ? state + 1 : c == '\n' && state == 2 ? 4 : 0;
                case 1, 3 -> c == '\n' ? state + 1 : 0;
                default -> 0;
            };
            if (head.size() > 65536) return null;
        }
        String first = head.toString(StandardCharsets.ISO_8859_1).split("\r?\n", 2)[0];
        String[] parts = first.split(" ");
        return parts.length >= 2 ? parts[1] : null;
    }

    @Override public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
