package dev.modgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends a request line exactly as given (no client-side normalization), for hostile-path tests. */
public final class RawHttp {
    public record Reply(int status, String head, String body) {
        /** The value of a response header (first of that name, any case), or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).strip();
            }
            return null;
        }
    }

    private RawHttp() {}

    public static Reply get(int port, String method, String rawTarget, String... headerLines) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            StringBuilder extra = new StringBuilder();
            for (String h : headerLines) extra.append(h).append("\r\n");
            out.write((method + " " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            String all = buf.toString(StandardCharsets.ISO_8859_1);
            int sp = all.indexOf(' ');
            int status = Integer.parseInt(all.substring(sp + 1, sp + 4));
            int end = all.indexOf("\r\n\r\n");
            return new Reply(status, end < 0 ? all : all.substring(0, end), end < 0 ? "" : all.substring(end + 4));
        }
    }
}
