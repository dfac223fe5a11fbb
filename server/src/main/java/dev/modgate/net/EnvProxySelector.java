package dev.modgate.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY with the go command's semantics (golang.org/x/net/http/httpproxy):
 * upper-case names win over lower-case; https URLs use HTTPS_PROXY, http URLs HTTP_PROXY; localhost and loopback
 * addresses are never proxied; NO_PROXY holds "*", host names (matching the host and its subdomains; a leading "."
 * matches subdomains only), IP addresses and CIDR ranges, each optionally with ":port".
 */
public final class EnvProxySelector extends ProxySelector {
    private final ProxyUrl httpsProxy;
    private final ProxyUrl httpProxy;
    private final List<String> noProxy;

    /** A proxy from the environment, with credentials when its URL has user info. */
    public record ProxyUrl(String host, int port, String user, String password) {
        static ProxyUrl parse(String raw) {
            if (raw == null || raw.isBlank()) return null;
            String s = raw.strip();
            if (!s.contains("://")) s = "http://" + s;
            URI u = URI.create(s);
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("unsupported proxy scheme in \"" + raw + "\" (only http:// proxies are supported)");
            }
            if (u.getHost() == null) throw new IllegalArgumentException("invalid proxy URL \"" + raw + "\"");
            int port = u.getPort() > 0 ? u.getPort() : (scheme.equals("https") ? 443 : 80);
            String user = null, pass = null;
            if (u.getRawUserInfo() != null) {
                String info = u.getUserInfo();
                int c = info.indexOf(':');
                user = c < 0 ? info : info.substring(0, c);
                pass = c < 0 ? "" : info.substring(c + 1);
            }
            return new ProxyUrl(u.getHost(), port, user, pass);
        }
    }

    public EnvProxySelector(Map<String, String> env) {
        this.httpsProxy = ProxyUrl.parse(either(env, "HTTPS_PROXY"));
        this.httpProxy = ProxyUrl.parse(either(env, "HTTP_PROXY"));
        String np = either(env, "NO_PROXY");
        List<String> list = new ArrayList<>();
        if (np != null) {
            for (String p : np.split("[,\\s]+")) if (!p.isBlank()) list.add(p.strip().toLowerCase(Locale.ROOT));
        }
        this.noProxy = List.copyOf(list);
    }

    private static String either(Map<String, String> env, String upper) {
        String v = env.get(upper);
        if (v == null || v.isEmpty()) v = env.get(upper.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean isConfigured() { return httpsProxy != null || httpProxy != null; }

    /** The proxy used for this URL, or null for a direct connection. */
    public ProxyUrl proxyFor(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyUrl p = switch (scheme) {
            case "https" -> httpsProxy;
            case "http" -> httpProxy;
            default -> null;
        };
        if (p == null || uri.getHost() == null) return null;
        int port = uri.getPort() > 0 ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
        return useProxy(uri.getHost(), port) ? p : null;
    }

    /** Credentials of whichever configured proxy lives at host:port, for the proxy authenticator. */
    public ProxyUrl proxyAt(String host, int port) {
        for (ProxyUrl p : new ProxyUrl[] {httpsProxy, httpProxy}) {
            if (p != null && p.host().equalsIgnoreCase(host) && p.port() == port) return p;
        }
        return null;
    }

    boolean useProxy(String rawHost, int port) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.equals("localhost")) return false;
        byte[] ip = literalIp(host);
        if (ip != null && isLoopback(ip)) return false;
        for (String entry : noProxy) {
            if (entry.equals("*")) return false;
            String h = entry;
            int entryPort = -1;
            int colon = h.lastIndexOf(':');
            if (colon > 0 && h.indexOf(':') == colon && !h.contains("/")) {
                try {
                    entryPort = Integer.parseInt(h.substring(colon + 1));
                    h = h.substring(0, colon);
                } catch (NumberFormatException ignored) { /* not a port */ }
            }
            if (entryPort > 0 && entryPort != port) continue;
            if (h.contains("/")) {
                if (ip != null && inCidr(ip, h)) return false;
                continue;
            }
            byte[] entryIp = literalIp(h);
            if (entryIp != null) {
                if (ip != null && java.util.Arrays.equals(ip, entryIp)) return false;
                continue;
            }
            if (h.startsWith("*.")) h = h.substring(1);
            if (h.startsWith(".")) {
                if (host.endsWith(h)) return false;
            } else if (host.equals(h) || host.endsWith("." + h)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoopback(byte[] ip) {
        if (ip.length == 4) return ip[0] == 127;
        for (int i = 0; i < 15; i++) if (ip[i] != 0) return false;
        return ip[15] == 1;
    }

    private static boolean inCidr(byte[] ip, String cidr) {
        int slash = cidr.indexOf('/');
        byte[] net = literalIp(cidr.substring(0, slash));
        if (net == null || net.length != ip.length) return false;
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        for (int i = 0; i < ip.length * 8 && i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((ip[i / 8] & mask) != (net[i / 8] & mask)) return false;
        }
        return true;
    }

    /** The address bytes when s is a literal IPv4/IPv6 address; never a DNS lookup. */
    private static byte[] literalIp(String s) {
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.contains(":") && s.matches("[0-9a-f:.]+");
        if (!v4 && !v6) return null;
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override public List<Proxy> select(URI uri) {
        ProxyUrl p = proxyFor(uri);
        if (p == null) return List.of(Proxy.NO_PROXY);
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())));
    }

    @Override public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // Nothing to remember: the fetch reports the failure to the client.
    }
}
