package dev.modgate.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal keep-alive HTTP/1.1 client on a blocking socket: cheap enough that hundreds of them on virtual threads
 * measure the server, not the client (the JDK HttpClient needs seconds to open a few hundred connections at once).
 */
public final class MiniHttp implements AutoCloseable {
    public record Reply(int status, byte[] body) {}

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public MiniHttp(String baseUrl) {
        URI u = URI.create(baseUrl);
        this.host = u.getHost();
        this.port = u.getPort();
    }

    public Reply get(String path) throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean fresh = socket == null;
            if (fresh) connect();
            try {
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                if (fresh || attempt > 0) throw e; // a kept-alive connection the server closed: retry once on a new one
            }
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private Reply read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.")) throw new IOException("bad status line: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean close = false;
        for (String h; !(h = line()).isEmpty(); ) {
            String l = h.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) length = Long.parseLong(l.substring(15).strip());
            else if (l.startsWith("connection:") && l.contains("close")) close = true;
            else if (l.startsWith("transfer-encoding:")) throw new IOException("chunked responses are not supported");
        }
        byte[] body;
        if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length != length) throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) close();
        return new Reply(code, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new EOFException("connection closed");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) { /* closing */ }
        }
        socket = null;
    }
}
