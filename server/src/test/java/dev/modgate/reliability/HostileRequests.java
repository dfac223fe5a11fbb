package dev.modgate.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generated and mutated requests: valid GOPROXY paths taken apart and put together wrongly (traversal, encodings,
 * NUL and control bytes, invalid UTF-8, case and escape games, huge paths and versions), odd methods and protocol
 * versions, and hostile headers (ranges, conditionals, bodies on GET, giant and numerous headers, bare CR/LF).
 * Deterministic for a seed.
 */
final class HostileRequests {
    record Request(String method, byte[] bytes, boolean head, boolean dirty, String summary) {}

    private static final String[] TOKENS = {
        "..", "/..", "../", "/../..", "%2e%2e", "%2E%2E/", ".%2e/", "%2f", "%2F", "%5c", "\\", "%00", "%", "%z", "%zz", "%e9",
        "%c0%af", "%ff%fe", "//", "///", "!", "!!", "!A", "~", "@", "@v", "@v/", "@latest", ".", "%20", "?x=1", "#frag", ";a=b",
        "%0d%0a", "%0a", "\u00e9", "\u4e16", "*", "+incompatible", "-0.20231010101010-abcdefabcdef", "v2", "/v2", ".info", ".mod",
        ".zip", "list", "X", "Q", "%u002e", "%%32%65", "..;/", "/./", "/.", "%09", "%7f", ":", "&", "=", "'", "\"", "<", ">", "{", "|",
    };
    private static final String[] METHODS = {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "PRI", "get", "G ET",
        "PROPFIND", "MKCOL", "BREW", "X".repeat(300), ""};
    private static final String[] VERSIONS = {"HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.2", "HTTP/1.1x", "HTTP/11", "", "http/1.1"};
    private static final String[] RANGES = {"bytes=0-0", "bytes=-1", "bytes=99999999999999999999-", "bytes=5-2", "bytes=0-1,2-3",
        "bytes=-0", "bytes=abc", "bytes= 1-2", "items=0-1", "bytes=0-", "bytes=-99999999999", "bytes=1-1-1", "bytes=,", "bytes=9223372036854775807-"};

    private final Random r;
    private final List<String> bases;

    HostileRequests(long seed, List<String> bases) {
        this.r = new Random(seed);
        this.bases = bases;
    }

    Request next() {
        String method = pickMethod();
        byte[] target = target();
        String version = r.nextInt(20) == 0 ? VERSIONS[r.nextInt(VERSIONS.length)] : "HTTP/1.1";
        String eol = r.nextInt(40) == 0 ? "\n" : "\r\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream(target.length + 256);
        b.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
        b.write(' ');
        b.writeBytes(target);
        if (!version.isEmpty()) {
            b.write(' ');
            b.writeBytes(version.getBytes(StandardCharsets.ISO_8859_1));
        }
        b.writeBytes(eol.getBytes(StandardCharsets.ISO_8859_1));
        boolean dirty = !version.equals("HTTP/1.1") || !eol.equals("\r\n") || !(method.equals("GET") || method.equals("HEAD"));
        StringBuilder summary = new StringBuilder(method.length() > 20 ? method.substring(0, 20) + "..." : method).append(' ');
        summary.append(printable(target, 120));
        if (r.nextInt(30) != 0) header(b, "Host", r.nextInt(50) == 0 ? "x".repeat(r.nextInt(3000)) : "127.0.0.1", eol);
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(14)) {
                case 0 -> header(b, "Range", RANGES[r.nextInt(RANGES.length)], eol);
                case 1 -> header(b, "If-None-Match", r.nextBoolean() ? "*" : "\"" + Long.toHexString(r.nextLong()) + "\", W/\"x\"", eol);
                case 2 -> header(b, "If-Range", "\"" + Long.toHexString(r.nextLong()) + "\"", eol);
                case 3 -> header(b, "Disable-Module-Fetch", r.nextBoolean() ? "true" : "TRUE", eol);
                case 4 -> {
                    header(b, "Content-Length", r.nextBoolean() ? "5" : "-1", eol);
                    dirty = true;
                }
                case 5 -> {
                    header(b, "Transfer-Encoding", r.nextBoolean() ? "chunked" : "gzip, chunked", eol);
                    dirty = true;
                }
                case 6 -> {
                    header(b, "X-Giant", "g".repeat(8_000 + r.nextInt(40_000)), eol);
                    dirty = true;
                }
                case 7 -> {
                    for (int k = 0; k < 150 + r.nextInt(200); k++) header(b, "X-Many-" + k, "v", eol);
                    dirty = true;
                }
                case 8 -> {
                    b.writeBytes(("X-Nul: a\u0000b" + eol).getBytes(StandardCharsets.ISO_8859_1));
                    dirty = true;
                }
                case 9 -> {
                    b.writeBytes(("X-Bare-Cr: a\rb" + eol).getBytes(StandardCharsets.ISO_8859_1));
                    dirty = true;
                }
                case 10 -> {
                    b.writeBytes(("X-Folded: a" + eol + " continued" + eol).getBytes(StandardCharsets.ISO_8859_1));
                    dirty = true;
                }
                case 11 -> {
                    header(b, "Connection", "Upgrade, HTTP2-Settings", eol);
                    header(b, "Upgrade", "h2c", eol);
                    dirty = true;
                }
                case 12 -> {
                    header(b, "Expect", "100-continue", eol);
                    dirty = true;
                }
                default -> {
                    b.writeBytes(("NoColonHeader" + eol).getBytes(StandardCharsets.ISO_8859_1));
                    dirty = true;
                }
            }
        }
        b.writeBytes(eol.getBytes(StandardCharsets.ISO_8859_1));
        if (dirty && r.nextBoolean()) b.writeBytes("0\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1));
        return new Request(method, b.toByteArray(), method.equals("HEAD"), dirty, summary.toString());
    }

    private String pickMethod() {
        int x = r.nextInt(100);
        if (x < 75) return "GET";
        if (x < 85) return "HEAD";
        return METHODS[r.nextInt(METHODS.length)];
    }

    private byte[] target() {
        String base = bases.get(r.nextInt(bases.size()));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(base.getBytes(StandardCharsets.UTF_8));
        byte[] t = b.toByteArray();
        int mutations = r.nextInt(5);
        for (int m = 0; m < mutations; m++) t = mutate(t);
        if (r.nextInt(200) == 0) t = blowUp(t);
        if (t.length == 0 || (t[0] != '/' && r.nextInt(4) != 0)) t = concat(new byte[] {'/'}, t);
        if (r.nextInt(100) == 0) t = ("http://127.0.0.1" + new String(t, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        if (r.nextInt(300) == 0) t = "*".getBytes(StandardCharsets.ISO_8859_1);
        return t;
    }

    private byte[] mutate(byte[] t) {
        int at = t.length == 0 ? 0 : r.nextInt(t.length + 1);
        switch (r.nextInt(8)) {
            case 0, 1, 2 -> {
                byte[] tok = TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                return concat(slice(t, 0, at), tok, slice(t, at, t.length));
            }
            case 3 -> {
                int end = Math.min(t.length, at + 1 + r.nextInt(8));
                return concat(slice(t, 0, at), slice(t, end, t.length));
            }
            case 4 -> {
                if (t.length == 0) return t;
                byte[] c = t.clone();
                int i = r.nextInt(c.length);
                c[i] = (byte) (Character.isLowerCase(c[i]) ? Character.toUpperCase(c[i]) : Character.toLowerCase(c[i]));
                return c;
            }
            case 5 -> {
                byte[] raw = {(byte) r.nextInt(256)};
                if (raw[0] == ' ' || raw[0] == '\r' || raw[0] == '\n') raw[0] = (byte) 0x80;
                return concat(slice(t, 0, at), raw, slice(t, at, t.length));
            }
            case 6 -> {
                int end = Math.min(t.length, at + r.nextInt(12));
                return concat(slice(t, 0, end), slice(t, at, t.length));
            }
            default -> {
                String s = new String(t, StandardCharsets.ISO_8859_1);
                int v = s.indexOf("@v/");
                if (v < 0) return t;
                String junk = switch (r.nextInt(5)) {
                    case 0 -> "v" + r.nextInt(1000) + "." + r.nextInt(1000) + "." + r.nextInt(1000);
                    case 1 -> "v1.0.0-" + "a".repeat(r.nextInt(3000));
                    case 2 -> "master";
                    case 3 -> "v1.2";
                    default -> Long.toHexString(r.nextLong());
                };
                String ext = new String[] {".info", ".mod", ".zip", "", ".exe"}[r.nextInt(5)];
                return (s.substring(0, v + 3) + junk + ext).getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private byte[] blowUp(byte[] t) {
        int target = new int[] {3_000, 9_000, 70_000}[r.nextInt(3)];
        ByteArrayOutputStream b = new ByteArrayOutputStream(target + t.length);
        while (b.size() < target) b.writeBytes(r.nextBoolean() ? "a.com/".getBytes(StandardCharsets.ISO_8859_1) : "%2e%2e/".getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(t);
        return b.toByteArray();
    }

    private static void header(ByteArrayOutputStream b, String name, String value, String eol) {
        b.writeBytes((name + ": " + value + eol).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] slice(byte[] t, int from, int to) {
        return java.util.Arrays.copyOfRange(t, from, Math.max(from, to));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    static String printable(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length && s.length() < max; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 || c >= 0x7f) s.append(String.format("\\x%02x", c));
            else s.append((char) c);
        }
        if (b.length > max) s.append("...(").append(b.length).append(" bytes)");
        return s.toString();
    }
}
