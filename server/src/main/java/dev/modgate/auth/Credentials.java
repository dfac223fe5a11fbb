package dev.modgate.auth;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Who modgate is to each host: config-file credentials ("host:port" first, then "host"), else the netrc entry for
 * the host name. Each set is handed out only for its own host.
 */
public final class Credentials {
    public static final Credentials NONE = new Credentials(Map.of(), Map.of());

    private final Map<String, HostCredentials> configured;
    private final Map<String, HostCredentials> netrc;

    public Credentials(Map<String, HostCredentials> configured, Map<String, HostCredentials> netrc) {
        this.configured = Map.copyOf(configured);
        this.netrc = Map.copyOf(netrc);
    }

    /** The credentials for the URL's host, or null. */
    public HostCredentials forUri(URI uri) {
        if (uri.getHost() == null) return null;
        return forHost(uri.getHost(), uri.getPort());
    }

    public HostCredentials forHost(String rawHost, int port) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (port > 0) {
            HostCredentials c = configured.get(host + ":" + port);
            if (c != null) return c;
        }
        HostCredentials c = configured.get(host);
        return c != null ? c : netrc.get(host);
    }
}
