package dev.modgate.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A keep-alive HTTP/1.1 client on a plain socket that sends requests byte for byte as given (malformed ones too) and
 * reads whatever comes back: Content-Length, chunked or close-delimited bodies, no body for HEAD/204/304.
 */
final class RawClient implements AutoCloseable {
    record Reply(int status, String head, byte[] body, boolean closed) {
        String text() { return new String(body, StandardCharsets.UTF_8); }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase(name)) return line.substring(c + 1).trim();
            }
            return null;
        }
    }

    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawClient(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** GET (or HEAD) path on this connection, reconnecting if the server had closed it. */
    Reply get(String method, String path) throws IOException {
        return send(method, (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.UTF_8), method.equals("HEAD"));
    }

    /** Sends raw request bytes; null when the server closed or reset without a status line. */
    Reply send(String method, byte[] request, boolean head) throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean fresh = socket == null;
            if (fresh) connect();
            try {
                out.write(request);
                out.flush();
                Reply r = read(head);
                if (r == null || r.closed()) abort();
                return r;
            } catch (SocketTimeoutException e) {
                abort();
                throw e;
            } catch (IOException e) {
                abort();
                if (fresh || attempt > 0) return null;
            }
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private Reply read(boolean headRequest) throws IOException {
        String status;
        try {
            status = line();
        } catch (EOFException e) {
            return null;
        }
        if (!status.startsWith("HTTP/")) throw new IOException("bad status line: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        StringBuilder head = new StringBuilder(status).append("\r\n");
        long length = -1;
        boolean chunked = false, close = status.startsWith("HTTP/1.0");
        for (String h; !(h = line()).isEmpty(); ) {
            head.append(h).append("\r\n");
            String l = h.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) length = Long.parseLong(l.substring(15).strip());
            else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) chunked = true;
            else if (l.startsWith("connection:")) close = l.contains("close");
        }
        byte[] body;
        if (headRequest || code == 204 || code == 304 || code / 100 == 1) {
            body = new byte[0];
        } else if (chunked) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) { /* trailers */ }
                    break;
                }
                b.writeBytes(in.readNBytes(n));
                line();
            }
            body = b.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes((int) Math.min(length, 64L << 20));
            if (body.length < length) throw new EOFException("short body");
        } else {
            body = in.readAllBytes();
            close = true;
        }
        return new Reply(code, head.toString(), body, close);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(80);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new EOFException("connection closed");
            if (c != '\r') b.write(c);
            if (b.size() > 1 << 20) throw new IOException("line too long");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Drops the connection with a reset, so that no TIME_WAIT piles up on either side. */
    void abort() {
        if (socket == null) return;
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // gone anyway
        }
        socket = null;
    }

    @Override public void close() {
        abort();
    }
}
