package dev.modgate.source;

import dev.modgate.core.module.CaseEncoding;
import java.nio.charset.StandardCharsets;

/** Builds the request paths of the GOPROXY protocol, as the go command does (case-encoded, then URL-escaped). */
public final class UrlPaths {
    private UrlPaths() {}

    public static String list(String path) { return escapedModule(path) + "/@v/list"; }

    public static String latest(String path) { return escapedModule(path) + "/@latest"; }

    /** @param ext "info", "mod" or "zip" */
    public static String versionFile(String path, String version, String ext) {
        return escapedModule(path) + "/@v/" + escapeSegment(CaseEncoding.escapeVersion(version)) + "." + ext;
    }

    private static String escapedModule(String path) {
        String enc = CaseEncoding.escapePath(path);
        StringBuilder b = new StringBuilder(enc.length() + 8);
        for (String seg : enc.split("/", -1)) {
            b.append('/').append(escapeSegment(seg));
        }
        return b.toString();
    }

    /** Percent-encodes what a URL path segment cannot hold; keeps the characters module paths and versions use. */
    public static String escapeSegment(String s) {
        StringBuilder b = null;
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '!' || c == '+' || c == '@'
                    || c == '$' || c == '&' || c == '=' || c == ':' || c == ',' || c == '(' || c == ')';
            if (keep) {
                if (b != null) b.append((char) c);
            } else {
                if (b == null) {
                    b = new StringBuilder(bytes.length + 8);
                    for (int j = 0; j < i; j++) b.append((char) (bytes[j] & 0xff));
                }
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b == null ? s : b.toString();
    }
}
