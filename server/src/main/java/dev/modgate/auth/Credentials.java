package dev.modgate.auth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Who modgate is to each server, for git, upstream proxies and the checksum database alike. In order: user
 * information of a configured URL (--upstream {@code https://user:secret@proxy:8443}), bound to that URL's host and
 * port; config-file {@code credentials} lines, "host:port" then "host"; netrc entries, "host:port" then "host" (the go
 * command matches netrc by host name). A URL without a port stands for its scheme's default port. Each set is handed
 * out only for its own host, and a set bound to a port only for that port.
 */
public final class Credentials {
    public static final Credentials NONE = new Credentials(Map.of(), Map.of());

    private final Map<String, HostCredentials> fromUrls;
    private final Map<String, HostCredentials> configured;
    private final Map<String, HostCredentials> netrc;

    public Credentials(Map<String, HostCredentials> configured, Map<String, HostCredentials> netrc) {
        this(Map.of(), configured, netrc);
    }

    private Credentials(Map<String, HostCredentials> fromUrls, Map<String, HostCredentials> configured, Map<String, HostCredentials> netrc) {
        this.fromUrls = Map.copyOf(fromUrls);
        this.configured = lowerKeys(configured);
        this.netrc = lowerKeys(netrc);
    }

    /** These credentials, plus the user information of a configured URL for its host and port (winning there). */
    public Credentials withUserinfo(URI uri, HostCredentials c) {
        Map<String, HostCredentials> m = new LinkedHashMap<>(fromUrls);
        m.putIfAbsent(hostPort(uri), c);
        return new Credentials(m, configured, netrc);
    }

    /** The credentials for the URL's host and port, or null. */
    public HostCredentials forUri(URI uri) {
        if (uri.getHost() == null) return null;
        HostCredentials c = fromUrls.get(hostPort(uri));
        return c != null ? c : forHost(uri.getHost(), effectivePort(uri));
    }

    public HostCredentials forHost(String rawHost, int port) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        for (Map<String, HostCredentials> m : java.util.List.of(configured, netrc)) {
            if (port > 0) {
                HostCredentials c = m.get(host + ":" + port);
                if (c != null) return c;
            }
            HostCredentials c = m.get(host);
            if (c != null) return c;
        }
        return null;
    }

    /** "host:port", the port made explicit: what credentials bound to a server are compared by. */
    public static String hostPort(URI uri) {
        return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + effectivePort(uri);
    }

    /** The URL's port, or its scheme's default (-1 for a scheme without one). */
    public static int effectivePort(URI uri) {
        if (uri.getPort() > 0) return uri.getPort();
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "https" -> 443;
            case "http" -> 80;
            case "ssh", "git+ssh" -> 22;
            case "git" -> 9418;
            default -> -1;
        };
    }

    private static Map<String, HostCredentials> lowerKeys(Map<String, HostCredentials> m) {
        Map<String, HostCredentials> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        return Map.copyOf(out);
    }
}
