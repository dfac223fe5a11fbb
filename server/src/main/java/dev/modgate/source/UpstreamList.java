package dev.modgate.source;

import java.util.ArrayList;
import java.util.List;

/**
 * A GOPROXY-syntax list, parsed as the go command parses GOPROXY (cmd/go/internal/modfetch/proxy.go):
 * entries separated by "," (try the next entry only after "not found") or "|" (after any error);
 * "off" and "direct" end the list; a bare host such as {@code proxy.example.com} means https.
 */
public record UpstreamList(List<Entry> entries) {

    public enum Type { URL, DIRECT, OFF }

    /** @param fallBackOnAnyError true when the separator after this entry is "|" */
    public record Entry(Type type, String url, boolean fallBackOnAnyError) {
        public String display() {
            return switch (type) {
                case DIRECT -> "direct";
                case OFF -> "off";
                case URL -> url;
            };
        }
    }

    public static UpstreamList parse(String goproxy) {
        List<Entry> out = new ArrayList<>();
        String s = goproxy == null ? "" : goproxy;
        while (!s.isEmpty()) {
            int i = indexOfSeparator(s);
            String token;
            boolean pipe = false;
            if (i < 0) {
                token = s;
                s = "";
            } else {
                token = s.substring(0, i);
                pipe = s.charAt(i) == '|';
                s = s.substring(i + 1);
            }
            token = token.strip();
            if (token.isEmpty()) continue;
            if (token.equals("off")) {
                out.add(new Entry(Type.OFF, null, false));
                break;
            }
            if (token.equals("direct")) {
                out.add(new Entry(Type.DIRECT, null, false));
                break;
            }
            out.add(new Entry(Type.URL, normalizeUrl(token), pipe));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("upstream list is not the empty string, but contains no entries: \"" + goproxy + "\"");
        }
        return new UpstreamList(List.copyOf(out));
    }

    private static int indexOfSeparator(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '|') return i;
        }
        return -1;
    }

    private static String normalizeUrl(String token) {
        // As the go command does: "proxy.example.com" means https://proxy.example.com.
        boolean looksLikeHost = token.chars().anyMatch(c -> c == '.' || c == ':' || c == '/')
                && !token.contains(":/") && !token.startsWith("/");
        String url = looksLikeHost ? "https://" + token : token;
        String lower = url.toLowerCase();
        if (!(lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("file://"))) {
            throw new IllegalArgumentException("invalid upstream \"" + token + "\": must be an http://, https:// or file:// URL, direct or off");
        }
        while (url.endsWith("/") && !url.endsWith("://")) url = url.substring(0, url.length() - 1);
        return url;
    }

    @Override public String toString() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.display());
            if (e != entries.getLast()) b.append(e.fallBackOnAnyError() ? '|' : ',');
        }
        return b.toString();
    }
}
