package dev.modgate.source;

import dev.modgate.auth.Credentials;
import dev.modgate.auth.HostCredentials;
import dev.modgate.net.Userinfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * A GOPROXY-syntax list, parsed as the go command parses GOPROXY (cmd/go/internal/modfetch/proxy.go):
 * entries separated by "," (try the next entry only after "not found") or "|" (after any error);
 * "off" and "direct" end the list; a bare host such as {@code proxy.example.com} means https.
 */
public record UpstreamList(List<Entry> entries) {

    public enum Type { URL, DIRECT, OFF }

    /**
     * @param url                the upstream's URL without user information (what is shown, logged and connected to)
     * @param userinfo           the URL's user information as credentials for its host and port, or null
     * @param fallBackOnAnyError true when the separator after this entry is "|"
     */
    public record Entry(Type type, String url, boolean fallBackOnAnyError, HostCredentials userinfo) {
        public Entry(Type type, String url, boolean fallBackOnAnyError) {
            this(type, url, fallBackOnAnyError, null);
        }

        @Override public String toString() { return display(); }

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
            String url = normalizeUrl(token);
            HostCredentials creds = null;
            URI u = url.startsWith("file:") ? null : parseUri(url, token);
            if (u != null && u.getRawUserInfo() != null) {
                // A credential: taken out of the URL, so that it is never shown, and sent only to this host and port.
                creds = Userinfo.credentials(u);
                url = Userinfo.redactUrl(url);
            }
            out.add(new Entry(Type.URL, url, pipe, creds));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("upstream list is not the empty string, but contains no entries: \"" + Userinfo.redact(goproxy) + "\"");
        }
        return new UpstreamList(List.copyOf(out));
    }

    private static URI parseUri(String url, String token) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid upstream \"" + Userinfo.redactUrl(token) + "\": " + Userinfo.redact(e.getReason()));
        }
    }

    /** The credentials, plus each upstream URL's user information for that upstream's host and port. */
    public Credentials credentials(Credentials base) {
        Credentials c = base;
        for (Entry e : entries) {
            if (e.userinfo() != null) c = c.withUserinfo(URI.create(e.url()), e.userinfo());
        }
        return c;
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
        String url = Userinfo.escapeAtSigns(looksLikeHost ? "https://" + token : token);
        String lower = url.toLowerCase();
        if (!(lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("file://"))) {
            throw new IllegalArgumentException("invalid upstream \"" + Userinfo.redactUrl(token) + "\": must be an http://, https:// or file:// URL, direct or off");
        }
        checkUrl(url, token);
        while (url.endsWith("/") && !url.endsWith("://")) url = url.substring(0, url.length() - 1);
        return url;
    }

    /**
     * What the go command's newProxyRepo checks (a file:// URL has nothing but a path), and more: an http(s) URL must
     * name a host, which the go command only finds out when every request fails to connect (Go's URL parser takes
     * "proxy.golang.org;direct" for a host name). Refused at start instead of answering every request with an error.
     */
    private static void checkUrl(String url, String token) {
        String bad = "invalid upstream \"" + Userinfo.redactUrl(token) + "\": ";
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(bad + "not a URL (" + e.getReason() + " at index " + e.getIndex() + ")" + separatorHint(token));
        }
        if (u.getScheme().equalsIgnoreCase("file")) {
            if (u.getRawAuthority() != null || u.getRawQuery() != null || u.getRawFragment() != null || u.getPath() == null || u.getPath().isEmpty()) {
                throw new IllegalArgumentException(bad + "a file:// upstream is a path only: file:///ABSOLUTE/PATH");
            }
            return;
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException(bad + "\"" + (u.getRawAuthority() == null ? "" : u.getRawAuthority().replaceFirst("^.*@", ""))
                    + "\" is not a host[:port]" + separatorHint(token));
        }
    }

    private static String separatorHint(String token) {
        return token.contains(";") || token.contains(" ")
                ? "; separate GOPROXY entries with \",\" (the next is tried after a 404 or 410) or \"|\" (after any error)"
                : "";
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
